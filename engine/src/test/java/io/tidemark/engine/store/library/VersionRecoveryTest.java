package io.tidemark.engine.store.library;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.KeyDigest;
import io.tidemark.engine.model.KeySummary;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SyncOrder;
import io.tidemark.engine.model.Tombstone;
import io.tidemark.engine.model.VersionSet;
import io.tidemark.engine.model.VolumeRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A recovery by versions at the store level: a copy of one owner's key that misses a scattered
 * subset, holds stale versions of others, and holds records whose deletes the owner has since
 * pruned. The copy sends {@link LibraryStore#heldVersions}, the owner answers with
 * {@link LibraryStore#notHeld} page by page, the copy applies the pages and then drops the versions
 * the owner no longer has ({@link LibraryStore#dropVersions}); afterwards the copy's summary is the
 * owner's exactly, and exactly the missing and stale records travelled.
 */
class VersionRecoveryTest {

    @TempDir
    Path dir;

    /** After every change of a stamp: the largest id in SQLite's unsigned byte order. */
    private static final UUID MAX_ID = new UUID(-1L, -1L);

    static Stream<Arguments> types() {
        return SyncOrder.deviceOwned().stream().map(t -> Arguments.of(t, t == ResourceType.ENTRY ? 5_000 : 800));
    }

    /** One held version as the model knows it. */
    private record Held(long version, boolean deleted) {
    }

    private final Map<UUID, OwnedRecord> templates = new HashMap<>();
    private int names;

    private OwnedRecord record(ResourceType type, UUID uuid, UUID owner) {
        int n = ++names;
        OwnedRecord old = templates.get(uuid);
        OwnedRecord r = switch (type) {
            case DEVICE -> new DeviceRecord(uuid, owner, 0, "device " + n, "Linux", "1." + n, null);
            case VOLUME -> new VolumeRecord(uuid, owner, 0, "disk " + n, "/mnt/" + n, "ext4", n);
            case LOCATION -> new LocationRecord(uuid, owner, 0, null, "/data/" + n, "location " + n);
            case ENTRY -> new EntryRecord(uuid, owner, 0, old == null ? LOCATION : ((EntryRecord) old).locationUuid(), null,
                    "e" + n, EntryKind.FILE, n, 1_700_000_000_000L + n, null);
            default -> throw new AssertionError("no generator for " + type);
        };
        templates.put(uuid, r);
        return r;
    }

    private static final UUID LOCATION = Ids.newId();

    /** The owner's library and the model of what it holds of its key: exact versions, issued 1, 2, 3, ... in call order. */
    private final class Owner {
        final LibraryStore store;
        final UUID id;
        final ResourceType type;
        final Map<UUID, Held> held = new LinkedHashMap<>();
        long counter;

        Owner(LibraryStore store, ResourceType type) {
            this.store = store;
            this.id = store.identity().deviceId();
            this.type = type;
            this.counter = store.summary(id, type, null).maxVersion();
            if (type == ResourceType.DEVICE) {
                held.put(id, new Held(1, false)); // its own device record, committed by create()
            }
        }

        List<UUID> live() {
            return held.entrySet().stream().filter(e -> !e.getValue().deleted() && !e.getKey().equals(id)).map(Map.Entry::getKey).toList();
        }

        /** Puts {@code uuids} (new or again), {@code perTransaction} to a commit; returns the last commit's stamp. */
        long put(List<UUID> uuids, int perTransaction) {
            long stamp = 0;
            for (int from = 0; from < uuids.size(); from += perTransaction) {
                List<UUID> chunk = uuids.subList(from, Math.min(uuids.size(), from + perTransaction));
                stamp = store.writeLocal(tx -> {
                    for (UUID u : chunk) {
                        tx.put(record(type, u, id));
                    }
                    return tx.stamp();
                });
                for (UUID u : chunk) {
                    held.put(u, new Held(++counter, false));
                }
            }
            return stamp;
        }

        /** Deletes {@code uuids} one by one in one commit; returns its stamp. */
        long delete(List<UUID> uuids) {
            long stamp = store.writeLocal(tx -> {
                for (UUID u : uuids) {
                    tx.delete(type, u);
                }
                return tx.stamp();
            });
            for (UUID u : uuids) {
                held.put(u, new Held(++counter, true));
            }
            return stamp;
        }
    }

    private <T> List<T> sample(Random random, List<T> from, int n) {
        List<T> copy = new ArrayList<>(from);
        Collections.shuffle(copy, random);
        return List.copyOf(copy.subList(0, n));
    }

    /** Every change of the key, in pages of {@code size}. */
    private static List<LibraryStore.OwnedChanges> pages(LibraryStore store, UUID owner, ResourceType type, int size) {
        List<LibraryStore.OwnedChanges> out = new ArrayList<>();
        Cursor after = Cursor.START;
        for (LibraryStore.OwnedChanges page; !(page = store.changes(owner, type, after, null, size)).isEmpty(); ) {
            assertThat(page.last().compareTo(after)).isPositive();
            out.add(page);
            after = page.last();
        }
        return out;
    }

    /** What {@code store} holds of the key, read from its pages: uuid to version and kind. */
    private static Map<UUID, Held> heldIn(LibraryStore store, UUID owner, ResourceType type) {
        Map<UUID, Held> out = new HashMap<>();
        for (LibraryStore.OwnedChanges page : pages(store, owner, type, 1_000)) {
            page.records().forEach(r -> assertThat(out.put(r.uuid(), new Held(r.version(), false))).isNull());
            page.deleted().forEach(t -> assertThat(out.put(t.uuid(), new Held(t.version(), true))).isNull());
        }
        return out;
    }

    private static VersionSet versionsOf(Map<UUID, Held> held) {
        VersionSet.Builder b = VersionSet.builder();
        held.values().forEach(h -> b.add(h.version()));
        return b.build();
    }

    private static void assertSameSummary(KeySummary actual, KeySummary expected, String what) {
        assertThat(List.of(actual.rows(), actual.deleted(), KeyDigest.hex(actual.digest()))).as(what + " (rows, deletes, digest)")
                .isEqualTo(List.of(expected.rows(), expected.deleted(), KeyDigest.hex(expected.digest())));
    }

    @ParameterizedTest(name = "{0}, {1} records")
    @MethodSource("types")
    void aCopyRecoversExactlyWhatItMissesAndDropsWhatTheOwnerPruned(ResourceType type, int n) throws Exception {
        Random random = new Random(7_000 + type.ordinal());
        try (LibraryStore ownerStore = TestLibraries.create(Files.createDirectories(dir.resolve("owner")));
             LibraryStore copy = TestLibraries.create(Files.createDirectories(dir.resolve("copy")))) {
            Owner owner = new Owner(ownerStore, type);
            UUID o = owner.id;

            // Phase 1, before the copy takes its snapshot: n records, 200 changed, 300 deleted.
            List<UUID> created = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                created.add(Ids.newId());
            }
            owner.put(created, 500);
            owner.put(sample(random, owner.live(), 200), 200);
            List<UUID> d1 = sample(random, owner.live(), 300);
            owner.delete(d1.subList(0, 150));
            owner.delete(d1.subList(150, 300));

            // The copy applies the owner's pages, all but a scattered subset of records and deletes.
            Set<UUID> withheld = new HashSet<>();
            for (LibraryStore.OwnedChanges page : pages(ownerStore, o, type, 250)) {
                List<OwnedRecord> rows = new ArrayList<>();
                List<Tombstone> deletes = new ArrayList<>();
                for (OwnedRecord r : page.records()) {
                    if (random.nextInt(100) < 7) {
                        withheld.add(r.uuid());
                    } else {
                        rows.add(r);
                    }
                }
                for (Tombstone t : page.deleted()) {
                    if (random.nextInt(100) < 7) {
                        withheld.add(t.uuid());
                    } else {
                        deletes.add(t);
                    }
                }
                copy.applyChanges(rows, deletes);
            }
            Map<UUID, Held> atSnapshot = new HashMap<>(owner.held);
            assertThat(heldIn(ownerStore, o, type)).isEqualTo(owner.held);

            // Phase 2: 150 deleted and those deletes pruned with the earlier ones; then 300 changed,
            // 250 deleted and 200 created, none of which the copy has seen.
            List<UUID> d3 = sample(random, owner.live(), 150);
            long d3Stamp = owner.delete(d3);
            int pruned = ownerStore.pruneDeletes(type, new Cursor(d3Stamp, MAX_ID));
            assertThat(pruned).isEqualTo(d1.size() + d3.size());
            d1.forEach(owner.held::remove);
            d3.forEach(owner.held::remove);
            List<UUID> u2 = sample(random, owner.live(), 300);
            owner.put(u2, 300);
            List<UUID> d2 = sample(random, owner.live(), 250);
            owner.delete(d2);
            List<UUID> fresh = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                fresh.add(Ids.newId());
            }
            owner.put(fresh, 200);

            // The owner holds what the model says; its counter counts every version it issued.
            Map<UUID, Held> ownerHeld = heldIn(ownerStore, o, type);
            assertThat(ownerHeld).isEqualTo(owner.held);
            KeySummary ownerSummary = ownerStore.summary(o, type, null);
            long issued = (type == ResourceType.DEVICE ? 1 : 0) + n + 200 + 300 + 150 + 300 + 250 + 200;
            assertThat(ownerSummary.maxVersion()).isEqualTo(issued).isEqualTo(owner.counter);
            assertSameSummary(ownerSummary, ownerStore.scannedSummary(o, type, null), "owner, maintained vs scanned");
            VersionSet ownerVersions = ownerStore.heldVersions(o, type, null);
            assertThat(ownerVersions).isEqualTo(versionsOf(owner.held));

            // What the copy holds, by construction: the snapshot without the withheld records.
            Map<UUID, Held> copyHeld = new HashMap<>(atSnapshot);
            withheld.forEach(copyHeld::remove);
            assertThat(heldIn(copy, o, type)).isEqualTo(copyHeld);
            VersionSet copyVersions = copy.heldVersions(o, type, null);
            assertThat(copyVersions).isEqualTo(versionsOf(copyHeld));

            // Expected traffic, by construction. Missing: records of uuids the copy holds nothing of
            // (withheld ones the owner still holds, and the new ones). Stale: the copy holds another
            // version (changed or deleted after the snapshot). Extra: what the copy holds of records
            // the owner deleted and whose deletes it pruned (the deletes themselves, or the rows).
            Set<UUID> missing = new HashSet<>(fresh);
            withheld.stream().filter(owner.held::containsKey).forEach(missing::add);
            Set<UUID> stale = new HashSet<>();
            for (UUID u : owner.held.keySet()) {
                Held mine = copyHeld.get(u);
                if (mine != null && !mine.equals(owner.held.get(u))) {
                    stale.add(u);
                }
            }
            Set<UUID> changedAfter = new HashSet<>(u2);
            changedAfter.addAll(d2);
            changedAfter.removeAll(withheld);
            assertThat(stale).isEqualTo(changedAfter);
            Set<UUID> extra = new HashSet<>(d1);
            extra.addAll(d3);
            extra.removeAll(withheld);
            assertThat(missing.size()).isGreaterThan(100);
            assertThat(stale.size()).isGreaterThan(250);
            assertThat(extra.size()).isGreaterThan(300);
            assertThat(copy.summary(o, type, null).sameAs(ownerSummary)).isFalse();

            // The copy's held versions go over the wire; the owner answers in pages of 97.
            VersionSet sent = VersionSet.fromBytes(copyVersions.toBytes());
            assertThat(ownerVersions.minus(sent).size()).as("what the plan announces").isEqualTo(missing.size() + stale.size());
            Map<UUID, Held> selected = new HashMap<>();
            Cursor after = Cursor.START;
            int pagesServed = 0;
            while (true) {
                LibraryStore.OwnedChanges page = ownerStore.notHeld(o, type, null, after, 97, sent);
                pagesServed++;
                assertThat(page.size()).isLessThanOrEqualTo(97);
                for (OwnedRecord r : page.records()) {
                    assertThat(sent.contains(r.version())).isFalse();
                    assertThat(selected.put(r.uuid(), new Held(r.version(), false))).as("sent once").isNull();
                }
                for (Tombstone t : page.deleted()) {
                    assertThat(sent.contains(t.version())).isFalse();
                    assertThat(selected.put(t.uuid(), new Held(t.version(), true))).as("sent once").isNull();
                }
                copy.applyChanges(page.records(), page.deleted());
                if (page.remaining() == 0) {
                    break;
                }
                assertThat(page.remaining()).isEqualTo(-1);
                assertThat(page.size()).as("a page that is not the last is full").isEqualTo(97);
                assertThat(page.last().compareTo(after)).isPositive();
                after = page.last();
            }
            System.out.printf("%s recovery: %d missing + %d stale = %d sent in %d pages, %d extra dropped; copy held %d versions"
                    + " in %,d bytes%n", type.plural(), missing.size(), stale.size(), selected.size(), pagesServed, extra.size(),
                    sent.size(), copyVersions.toBytes().length);
            assertThat(selected.size()).as("records sent").isEqualTo(missing.size() + stale.size());
            Set<UUID> expectedSent = new HashSet<>(missing);
            expectedSent.addAll(stale);
            assertThat(selected.keySet()).isEqualTo(expectedSent);
            selected.forEach((u, h) -> assertThat(h).isEqualTo(owner.held.get(u)));
            assertThat(pagesServed).isEqualTo((missing.size() + stale.size()) / 97 + 1);

            // Now the copy holds every version the owner holds, plus the pruned extras.
            assertSameSummary(copy.summary(o, type, null), copy.scannedSummary(o, type, null), "copy, maintained vs scanned");
            KeySummary beforeDrop = copy.summary(o, type, null);
            assertThat(beforeDrop.items()).isEqualTo(ownerSummary.items() + extra.size());

            // The versions up to the owner's highest that the owner does not hold: the copy drops its records of them.
            VersionSet.Builder absent = VersionSet.builder();
            for (long v = 1; v <= ownerSummary.maxVersion(); v++) {
                if (!ownerVersions.contains(v)) {
                    absent.add(v);
                }
            }
            VersionSet absentSet = absent.build();
            assertThat(absentSet.size()).isEqualTo(ownerSummary.maxVersion() - ownerVersions.size());
            int dropped = copy.dropVersions(o, type, null, VersionSet.fromBytes(absentSet.toBytes()));
            assertThat(dropped).isEqualTo(extra.size());

            KeySummary recovered = copy.summary(o, type, null);
            assertSameSummary(recovered, ownerSummary, "copy after recovery vs owner");
            assertSameSummary(copy.scannedSummary(o, type, null), ownerSummary, "copy after recovery, scanned, vs owner");
            assertThat(recovered.maxVersion()).isEqualTo(ownerSummary.maxVersion()); // the newest version is held
            assertThat(recovered.maxVersion()).isGreaterThanOrEqualTo(beforeDrop.maxVersion());
            assertThat(copy.heldVersions(o, type, null)).isEqualTo(ownerVersions);
            assertThat(heldIn(copy, o, type)).isEqualTo(owner.held);

            // Capped ranges agree too, at any cursor.
            List<Cursor> cursors = new ArrayList<>();
            pages(ownerStore, o, type, 1_000).forEach(p -> {
                p.records().forEach(r -> cursors.add(r.cursor()));
                p.deleted().forEach(t -> cursors.add(t.cursor()));
            });
            for (int i = 0; i < 5; i++) {
                Cursor upTo = cursors.get(random.nextInt(cursors.size()));
                assertSameSummary(copy.summary(o, type, upTo), ownerStore.summary(o, type, upTo), "capped at " + upTo);
                assertThat(copy.heldVersions(o, type, upTo)).isEqualTo(ownerStore.heldVersions(o, type, upTo));
                long atOrBefore = cursors.stream().filter(c -> c.compareTo(upTo) <= 0).count();
                assertThat(ownerStore.summary(o, type, upTo).items()).isEqualTo(atOrBefore);
            }

            // A second round finds nothing to send and nothing to drop.
            VersionSet again = copy.heldVersions(o, type, null);
            LibraryStore.OwnedChanges none = ownerStore.notHeld(o, type, null, Cursor.START, 97, again);
            assertThat(none.isEmpty()).isTrue();
            assertThat(none.remaining()).isZero();
            assertThat(copy.dropVersions(o, type, null, absentSet)).isZero();
            assertSameSummary(copy.summary(o, type, null), ownerSummary, "after a second round");
        }
    }
}
