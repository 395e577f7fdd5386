package io.tidemark.engine.sim;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.KeyDigest;
import io.tidemark.engine.model.KeySummary;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SharedVersion;
import io.tidemark.engine.model.SnapshotPosition;
import io.tidemark.engine.model.SyncOrder;
import io.tidemark.engine.store.library.KeyRange;
import io.tidemark.engine.store.library.LibraryStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What must hold in a simulated run, read straight from each device's files and compared directly,
 * never through the engine's own summaries (those are among the things checked).
 *
 * <p>Safety, after every step: a device's HLC never issues a stamp at or below one it issued before;
 * no watermark passes a record of its owner the device has not applied; no deleted record is alive;
 * the maintained summaries equal the records they summarise; where two devices' summaries of a key
 * agree, so do the records; applying what a device already holds again changes nothing. Liveness,
 * after healing: every device holds exactly every owner's live records and the same shared state.
 */
final class SimOracle implements SimDevice.RecoveryWatch {
    /** What one library holds of one owner's type: uuid to version, alive and deleted. */
    record Held(Map<UUID, Long> alive, Map<UUID, Long> deleted) {
        /** The summary these records should have, computed here from the records alone. */
        KeySummary summary(UUID owner, ResourceType type) {
            long digest = 0;
            long max = 0;
            for (Map.Entry<UUID, Long> e : alive.entrySet()) {
                digest += KeyDigest.item(e.getKey(), e.getValue(), false);
                max = Math.max(max, e.getValue());
            }
            for (Map.Entry<UUID, Long> e : deleted.entrySet()) {
                digest += KeyDigest.item(e.getKey(), e.getValue(), true);
                max = Math.max(max, e.getValue());
            }
            return new KeySummary(owner, type, alive.size(), deleted.size(), digest, max);
        }
    }

    private final List<SimDevice> devices;
    private final Map<String, Long> issued = new HashMap<>();
    /** Devices whose library.db went back to an older copy: their watermarks may lie until the run heals. */
    private final Set<String> restored = new HashSet<>();
    final List<String> violations = new ArrayList<>();

    SimOracle(List<SimDevice> devices) {
        this.devices = devices;
    }

    void restored(SimDevice d) {
        restored.add(d.name());
    }

    private void fail(String what) {
        if (violations.size() < 20) {
            violations.add(what);
        }
    }

    static Held held(LibraryStore library, UUID owner, ResourceType type, Cursor upTo) {
        Map<UUID, Long> alive = new HashMap<>();
        Map<UUID, Long> deleted = new HashMap<>();
        library.read(c -> {
            KeyRange.of(type, owner, upTo).eachVersion(c, (uuid, version, isDeleted) -> (isDeleted ? deleted : alive).put(uuid, version));
            return null;
        });
        return new Held(alive, deleted);
    }

    /** After every action that committed: its stamp is above every stamp this device issued before, restores included. */
    void checkIssued(SimDevice d, long stamp, long virtualNow) {
        if (stamp == 0) {
            return;
        }
        long before = issued.getOrDefault(d.name(), 0L);
        if (stamp <= before) {
            fail("at " + virtualNow + " ms " + d.name() + " issued stamp " + stamp + ", not above its earlier " + before);
        }
        issued.merge(d.name(), stamp, Math::max);
    }

    long checkNanos;

    void checkSafety(long virtualNow) {
        long t0 = System.nanoTime();
        try {
            checkSafetyNow(virtualNow);
        } finally {
            checkNanos += System.nanoTime() - t0;
        }
    }

    private void checkSafetyNow(long virtualNow) {
        // Each device's records of each owner's type, read once per step and shared by the checks below.
        Map<String, Held> all = new HashMap<>();
        for (SimDevice d : devices) {
            if (d.running()) {
                for (SimDevice owner : devices) {
                    for (ResourceType type : SyncOrder.deviceOwned()) {
                        all.put(d.name() + " " + owner.name() + " " + type, held(d.library(), owner.uuid(), type, null));
                    }
                }
            }
        }
        for (SimDevice d : devices) {
            if (!d.running()) {
                continue;
            }
            for (SimDevice owner : devices) {
                for (ResourceType type : SyncOrder.deviceOwned()) {
                    Held mine = all.get(d.name() + " " + owner.name() + " " + type);
                    for (UUID u : mine.deleted().keySet()) {
                        if (mine.alive().containsKey(u)) {
                            fail("at " + virtualNow + " ms " + d.name() + " holds deleted " + type.wireName() + " " + u + " of "
                                    + owner.name() + " alive");
                        }
                    }
                    KeySummary kept = d.library().summary(owner.uuid(), type, null);
                    KeySummary scanned = mine.summary(owner.uuid(), type);
                    if (!kept.sameAs(scanned) || kept.maxVersion() < scanned.maxVersion()) {
                        fail("at " + virtualNow + " ms " + d.name() + "'s summary of " + owner.name() + "'s " + type.wireName()
                                + " says " + kept + " but its records are " + scanned);
                    }
                    if (owner != d && owner.running()) {
                        Held truth = all.get(owner.name() + " " + owner.name() + " " + type);
                        checkWatermark(d, owner, type, mine, virtualNow);
                        // Where the summaries agree, so must the records: the detector's "in sync" is true.
                        if (kept.sameAs(owner.library().summary(owner.uuid(), type, null)) && !mine.equals(truth)) {
                            fail("at " + virtualNow + " ms " + d.name() + " and " + owner.name() + " agree on the summary of "
                                    + owner.name() + "'s " + type.wireName() + " (" + kept + ") but hold different records");
                        }
                    }
                }
            }
        }
    }

    /** Nothing of {@code owner}'s up to {@code d}'s watermark is missing or older at {@code d}. */
    private void checkWatermark(SimDevice d, SimDevice owner, ResourceType type, Held mine, long virtualNow) {
        if (restored.contains(d.name()) || restored.contains(owner.name())) {
            return; // a restored file's watermarks lie by construction; the gap detector must repair them
        }
        Optional<Cursor> watermark = d.sync().watermarks().get(owner.uuid(), type);
        if (watermark.isEmpty()) {
            return;
        }
        Held truth = held(owner.library(), owner.uuid(), type, watermark.get());
        truth.alive().forEach((uuid, version) -> {
            Long have = mine.alive().get(uuid);
            Long gone = mine.deleted().get(uuid);
            if ((have == null || have < version) && (gone == null || gone < version)) {
                fail("at " + virtualNow + " ms " + d.name() + "'s watermark of " + owner.name() + "'s " + type.wireName()
                        + " passed " + uuid + " v" + version + ", which it holds " + (have == null ? "not at all" : "at v" + have));
            }
        });
        truth.deleted().forEach((uuid, version) -> {
            Long have = mine.alive().get(uuid);
            if (have != null && have < version) {
                fail("at " + virtualNow + " ms " + d.name() + "'s watermark of " + owner.name() + "'s " + type.wireName()
                        + " passed the delete of " + uuid + ", which it still holds");
            }
        });
    }

    /** Applying again what {@code d} holds of {@code owner}'s {@code type} must change nothing. */
    void checkIdempotent(SimDevice d, SimDevice owner, ResourceType type, long virtualNow) {
        if (!d.running() || d == owner) {
            return;
        }
        LibraryStore library = d.library();
        KeySummary before = library.summary(owner.uuid(), type, null);
        LibraryStore.OwnedChanges page = library.changes(owner.uuid(), type, Cursor.START, null, 500, false);
        library.applyChanges(page.records(), page.deleted());
        KeySummary after = library.summary(owner.uuid(), type, null);
        if (!before.sameAs(after) || before.maxVersion() != after.maxVersion()) {
            fail("at " + virtualNow + " ms applying " + d.name() + "'s own copy of " + owner.name() + "'s " + type.wireName()
                    + " again changed it from " + before + " to " + after);
        }
    }

    /** Empty when every device holds exactly every owner's live records and the same shared state; else what differs. */
    /**
     * For a person replaying a seed: every device's records of each owner's type that a device
     * disagrees on (uuid prefix, version, d for a delete), and what the owner issued and lost.
     */
    List<String> explainDivergence() {
        List<String> out = new ArrayList<>();
        for (SimDevice owner : devices) {
            for (ResourceType type : SyncOrder.deviceOwned()) {
                Held truth = held(owner.library(), owner.uuid(), type, null);
                boolean differs = devices.stream().anyMatch(d -> d != owner && !held(d.library(), owner.uuid(), type, null).equals(truth));
                if (!differs) {
                    continue;
                }
                out.add(owner.name() + "'s " + type.plural() + ", issued " + owner.sync().issued().get(type));
                for (SimDevice d : devices) {
                    Held h = held(d.library(), owner.uuid(), type, null);
                    List<String> items = new ArrayList<>();
                    h.alive().forEach((u, v) -> items.add(u.toString().substring(0, 8) + "@" + v));
                    h.deleted().forEach((u, v) -> items.add(u.toString().substring(0, 8) + "@" + v + "d"));
                    java.util.Collections.sort(items);
                    out.add("  " + d.name() + ": " + (items.size() > 40 ? items.size() + " records" : items)
                            + (d == owner ? "" : ", watermark " + d.sync().watermarks().get(owner.uuid(), type)));
                }
            }
        }
        return out;
    }

    List<String> divergence() {
        List<String> out = new ArrayList<>();
        for (SimDevice owner : devices) {
            for (ResourceType type : SyncOrder.deviceOwned()) {
                Map<UUID, Long> truth = held(owner.library(), owner.uuid(), type, null).alive();
                for (SimDevice d : devices) {
                    if (d == owner) {
                        continue;
                    }
                    Map<UUID, Long> mine = held(d.library(), owner.uuid(), type, null).alive();
                    if (!mine.equals(truth)) {
                        long missing = truth.entrySet().stream().filter(e -> !e.getValue().equals(mine.get(e.getKey()))).count();
                        long extra = mine.keySet().stream().filter(u -> !truth.containsKey(u)).count();
                        out.add(d.name() + " holds " + mine.size() + " of " + owner.name() + "'s " + truth.size() + " "
                                + type.wireName() + " (" + missing + " missing or stale, " + extra + " extra)");
                    }
                }
            }
        }
        Map<String, String> first = null;
        String firstName = null;
        for (SimDevice d : devices) {
            Map<String, String> state = sharedState(d.library());
            if (first == null) {
                first = state;
                firstName = d.name();
            } else if (!state.equals(first)) {
                Map<String, String> a = first;
                List<String> diff = new ArrayList<>();
                a.forEach((k, v) -> {
                    if (!v.equals(state.get(k))) {
                        diff.add(k + " " + v + " vs " + state.get(k));
                    }
                });
                state.forEach((k, v) -> {
                    if (!a.containsKey(k)) {
                        diff.add(k + " only here " + v);
                    }
                });
                out.add(d.name() + "'s shared state (" + state.size() + " rows) differs from " + firstName + "'s (" + first.size()
                        + "): " + diff.subList(0, Math.min(3, diff.size())));
                if (Boolean.getBoolean("tidemark.sim.verbose") && !diff.isEmpty()) {
                    String uuid = diff.get(0).split(" ")[1];
                    for (SimDevice x : devices) {
                        long after = 0;
                        while (true) {
                            var page = x.sync().changeLog().page(after, null, 1000);
                            if (page.changes().isEmpty()) {
                                break;
                            }
                            for (var ch : page.changes()) {
                                if (ch.entry().record().toString().equals(uuid)) {
                                    out.add(x.name() + " log seq " + ch.seq() + ": " + ch.entry().operation() + " hlc " + ch.entry().hlc());
                                }
                            }
                            after = page.lastSeq();
                        }
                        out.add(x.name() + " log head " + x.sync().changeLog().headSeq() + " pruned through "
                                + x.sync().changeLog().prunedThrough() + " count " + x.sync().changeLog().count());
                    }
                }
            }
        }
        return out;
    }

    /** Every live shared row as "type uuid" to its winning HLC and origin. */
    static Map<String, String> sharedState(LibraryStore library) {
        Map<String, String> state = new TreeMap<>();
        SnapshotPosition at = SnapshotPosition.START;
        while (at != null) {
            LibraryStore.SharedSnapshot page = library.sharedSnapshot(at, 5_000);
            for (SharedVersion v : page.versions()) {
                if (v.record() != null) {
                    state.put(v.type().wireName() + " " + v.uuid(), v.hlc() + " " + v.origin());
                }
            }
            at = page.versions().isEmpty() ? null : page.next();
        }
        return state;
    }

    private final Map<String, Long> differing = new HashMap<>();
    long recoveries;
    long recovered;

    /** Before a recovery: how many versions truly differ between the two devices, read from their files. */
    @Override
    public void before(SimDevice d, io.tidemark.engine.identity.DeviceId from, UUID owner, ResourceType type) {
        SimDevice peer = devices.stream().filter(x -> x.id().equals(from)).findFirst().orElseThrow();
        if (!peer.running()) {
            return;
        }
        Set<String> mine = versions(held(d.library(), owner, type, null));
        Set<String> theirs = versions(held(peer.library(), owner, type, null));
        long differ = theirs.stream().filter(v -> !mine.contains(v)).count() + mine.stream().filter(v -> !theirs.contains(v)).count();
        differing.put(d.name() + " " + peer.name() + " " + owner + " " + type, differ);
    }

    /** After it: records moved are within 1.2 times the versions that differed, plus a small fixed overhead. */
    @Override
    public void after(SimDevice d, io.tidemark.engine.identity.DeviceId from, UUID owner, ResourceType type, long fetched, long removed) {
        SimDevice peer = devices.stream().filter(x -> x.id().equals(from)).findFirst().orElseThrow();
        Long differ = differing.remove(d.name() + " " + peer.name() + " " + owner + " " + type);
        recoveries++;
        recovered += fetched + removed;
        if (differ != null && fetched + removed > 1.2 * differ + 10) {
            fail(d.name() + "'s recovery of " + type.wireName() + " from " + peer.name() + " moved " + (fetched + removed)
                    + " records for " + differ + " that differed (budget " + (long) (1.2 * differ + 10) + ")");
        }
    }

    private static Set<String> versions(Held h) {
        Set<String> out = new HashSet<>();
        h.alive().forEach((u, v) -> out.add(u + " " + v));
        h.deleted().forEach((u, v) -> out.add(u + " " + v + " deleted"));
        return out;
    }

    /** A fingerprint of every device's records, for the replay check. */
    long fingerprint() {
        long h = 17;
        for (SimDevice d : devices) {
            for (KeySummary s : d.library().summaries()) {
                h = h * 31 + s.digest() + s.rows() * 7 + s.deleted() * 13;
            }
            h = h * 31 + sharedState(d.library()).hashCode();
        }
        return h;
    }
}
