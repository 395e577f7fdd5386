package io.tidemark.engine.sync;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.KeySummary;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SyncOrder;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.sync.Checkpoint;
import io.tidemark.engine.store.sync.SyncStore;
import io.tidemark.engine.store.sync.Watermark;
import io.tidemark.engine.store.sync.WatermarkStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Reads this device's {@link Marks} from both stores: what every exchange sends and every view compares against. */
final class OurMarks {
    private final LibraryStore library;
    private final SyncStore sync;
    private final SharedLogSync shared;
    private final UUID self;

    OurMarks(LibraryStore library, SyncStore sync, SharedLogSync shared, UUID self) {
        this.library = library;
        this.sync = sync;
        this.shared = shared;
        this.self = self;
    }

    Marks read() {
        Map<SyncKey, Long> counts = new HashMap<>();
        Map<SyncKey, KeySummary> summaries = new HashMap<>();
        for (KeySummary s : library.summaries()) {
            SyncKey key = new SyncKey(s.owner(), s.type());
            summaries.put(key, s);
            if (s.rows() > 0) {
                counts.put(key, s.rows());
            }
        }
        Map<SyncKey, Cursor> watermarks = new HashMap<>();
        Map<SyncKey, Instant> advancedAt = new HashMap<>();
        for (Watermark w : sync.watermarks().all()) {
            if (w.type().deviceOwned()) {
                SyncKey key = new SyncKey(w.owner(), w.type());
                watermarks.put(key, w.cursor());
                advancedAt.put(key, w.updatedAt());
            }
        }
        Set<SyncKey> unverified = unverified();
        Map<SyncKey, Cursor> checkpointed = new HashMap<>();
        for (Checkpoint c : sync.checkpoints().list()) {
            if (c.type().deviceOwned()) {
                checkpointed.merge(new SyncKey(c.owner(), c.type()), c.cursor(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        Map<SyncKey, Cursor> held = new HashMap<>();
        for (ResourceType type : SyncOrder.deviceOwned()) {
            // Every type of ours is announced, an empty one as "empty, up to the start": a member then
            // holds an explicit watermark for it instead of none (which would read as "never synced").
            held.put(new SyncKey(self, type), library.newest(self, type));
        }
        watermarks.forEach((key, cursor) -> {
            if (!key.owner().equals(self)) {
                // An unverified watermark is announced at the start: no member pulls from us past it.
                held.put(key, unverified.contains(key) ? Cursor.START : cursor);
            }
        });
        summaries.forEach((key, s) -> {
            if (s.items() > 0) {
                // Records held without a watermark (pushed behind a hole, or kept across a reset) are
                // announced too, at the start: their owner may have lost them and must see we hold them.
                held.putIfAbsent(key, Cursor.START);
            }
        });
        return new Marks(held, counts, watermarks, advancedAt, checkpointed, shared.marks(), summaries);
    }

    /** Keys whose watermark a restore of library.db made unverified (see {@link RestoreGuard}). */
    Set<SyncKey> unverified() {
        Set<SyncKey> out = new HashSet<>();
        for (WatermarkStore.Held h : sync.watermarks().held()) {
            if (h.unverified()) {
                out.add(new SyncKey(h.owner(), h.type()));
            }
        }
        return out;
    }
}
