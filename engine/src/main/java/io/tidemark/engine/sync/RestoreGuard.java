package io.tidemark.engine.sync;

import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.Counted;
import io.tidemark.engine.model.KeySummary;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SyncOrder;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.sync.IssuedStore;
import io.tidemark.engine.store.sync.SyncStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps this device's own records safe when its library.db is restored from an older copy.
 *
 * <p>sync.db remembers the highest version and stamp issued per own type. On start, a library.db
 * holding less went back in time. Then, before anything is written: its version counters jump
 * past everything issued (plus a reserve for commits the record missed), so no new record reuses a
 * version a member holds; the HLC observes the highest stamp issued, so no new stamp is at or below
 * one members hold; and the versions in between are remembered as <em>lost</em>. Lost versions are
 * never named as absent to a member (it would delete what we lost); instead, each member that may
 * hold them is asked for them once (a reclaim, fetch only).
 */
final class RestoreGuard {
    /** Versions skipped past the highest a member holds of ours, when our library.db went back in time. */
    static final long VERSION_RESERVE = 1_000_000;

    private final LibraryStore library;
    private final SyncStore sync;
    private final UUID self;
    private final Map<ResourceType, long[]> recorded = new EnumMap<>(ResourceType.class);
    private final Set<String> reclaimed = ConcurrentHashMap.newKeySet();

    RestoreGuard(LibraryStore library, SyncStore sync) {
        this.library = library;
        this.sync = sync;
        this.self = library.identity().deviceId();
    }

    /**
     * Compares library.db with what was issued, raises counters and clock if it went back, and
     * records the current state. Returns what a person should read about it, or null if nothing was lost.
     */
    synchronized String check() {
        long stamp = 0;
        List<String> lost = new ArrayList<>();
        for (ResourceType type : SyncOrder.deviceOwned()) {
            IssuedStore.Issued issued = sync.issued().get(type);
            stamp = Math.max(stamp, issued.maxStamp());
            long held = library.summary(self, type, null).maxVersion();
            if (issued.maxVersion() > held) {
                sync.issued().lost(type, held + 1, issued.maxVersion());
                library.raiseVersionCounter(type, issued.maxVersion() + VERSION_RESERVE);
                lost.add(Counted.of(issued.maxVersion() - held, "change of " + type.plural(), "changes of " + type.plural()));
            }
        }
        if (stamp > 0) {
            library.clock().observe(HlcTimestamp.fromPacked(stamp));
        }
        record();
        if (lost.isEmpty()) {
            return null;
        }
        return "This device's library went back to an older copy: " + String.join(", ", lost)
                + " made here are missing from it. Getting them back from the other devices; nothing is removed from them.";
    }

    /**
     * Finds the watermarks of other devices' records that library.db no longer backs: it holds a
     * lower version of the key than when the watermark last moved, so it went back to an older
     * copy and the watermark may pass records it lacks. Those are marked unverified: this device
     * does not pass the records on past the start until the key's owner confirms the summaries (or
     * a recovery from it makes them equal).
     *
     * @return per owner, its types now unverified, as words ("volumes and entries from alpha"), empty if none
     */
    synchronized List<String> distrustLyingWatermarks(Map<UUID, String> names) {
        Map<UUID, List<ResourceType>> byOwner = new java.util.LinkedHashMap<>();
        for (io.tidemark.engine.store.sync.WatermarkStore.Held h : sync.watermarks().held()) {
            if (h.owner().equals(self) || h.unverified() || !h.type().deviceOwned()) {
                continue;
            }
            if (library.summary(h.owner(), h.type(), null).maxVersion() < h.heldVersion()) {
                sync.watermarks().setUnverified(h.owner(), h.type(), true);
                byOwner.computeIfAbsent(h.owner(), o -> new ArrayList<>()).add(h.type());
            }
        }
        List<String> out = new ArrayList<>();
        byOwner.forEach((owner, types) -> {
            List<String> words = new ArrayList<>();
            SyncOrder.deviceOwned().stream().filter(types::contains).forEach(t -> words.add(t.plural()));
            String list = words.size() == 1 ? words.get(0)
                    : String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1);
            out.add(list + " from " + names.getOrDefault(owner, "device " + owner.toString().substring(0, 8)));
        });
        return out;
    }

    /** Records what library.db now holds of its own counters (after local commits); only what grew is written. */
    synchronized void record() {
        long stamp = library.lastLocalStamp();
        for (ResourceType type : SyncOrder.deviceOwned()) {
            long version = library.summary(self, type, null).maxVersion();
            long[] last = recorded.get(type);
            if (last == null || version > last[0] || stamp > last[1]) {
                sync.issued().raise(type, version, stamp);
                recorded.put(type, new long[] {version, stamp});
            }
        }
    }

    IssuedStore.Issued issued(ResourceType type) {
        return sync.issued().get(type);
    }

    /** Whether {@code theirs}, a member's summary of our {@code type}, may include lost versions not yet asked back from it. */
    boolean mayHoldLost(DeviceId member, ResourceType type, KeySummary theirs) {
        IssuedStore.Issued issued = issued(type);
        return issued.lostTo() > 0 && theirs.maxVersion() >= issued.lostFrom() && !reclaimed.contains(member + " " + type);
    }

    void reclaimed(DeviceId member, ResourceType type) {
        reclaimed.add(member + " " + type);
    }
}
