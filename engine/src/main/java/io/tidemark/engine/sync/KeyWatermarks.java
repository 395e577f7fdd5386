package io.tidemark.engine.sync;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.sync.Checkpoint;
import io.tidemark.engine.store.sync.SyncStore;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one place a watermark of another owner's records moves: after a pulled page, after a realtime
 * batch that follows it, after a recovery, and back to the start for a resync.
 *
 * <p>The rule it keeps: a watermark moves only over records library.db has committed, so it never
 * passes one that is not applied. Only the holder of a key's {@link Hold} moves that key, one holder
 * at a time, whichever member the records come from. A resync never waits for a holder: it is
 * asked, the holder sees it between pages ({@link Hold#resetAsked()}) and stops, and the reset is
 * done as the hold is let go, so nothing the reset cleared moves again.
 */
final class KeyWatermarks {
    private final LibraryStore library;
    private final SyncStore sync;
    private final Map<SyncKey, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Set<SyncKey> resetsAsked = ConcurrentHashMap.newKeySet();

    KeyWatermarks(LibraryStore library, SyncStore sync) {
        this.library = library;
        this.sync = sync;
    }

    /** The key's hold, if nobody else holds it now. */
    Optional<Hold> tryHold(SyncKey key) {
        ReentrantLock lock = lock(key);
        return lock.tryLock() ? Optional.of(new Hold(key, lock)) : Optional.empty();
    }

    /**
     * Forgets the key's watermark and checkpoints: now if nobody holds the key, else as its holder
     * lets go. Returns at once either way.
     */
    void reset(SyncKey key) {
        resetsAsked.add(key);
        doAskedResets(key);
    }

    private ReentrantLock lock(SyncKey key) {
        return locks.computeIfAbsent(key, k -> new ReentrantLock());
    }

    /** Does an asked reset if the key is free. Rechecked after every hold ends, so no ask is lost between the two. */
    private void doAskedResets(SyncKey key) {
        ReentrantLock lock = lock(key);
        while (resetsAsked.contains(key) && lock.tryLock()) {
            try {
                if (resetsAsked.remove(key)) {
                    sync.database().write(c -> {
                        sync.watermarks().reset(c, key.owner(), key.type());
                        sync.checkpoints().deleteAll(c, key.owner(), key.type());
                        return null;
                    });
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** The right to move one key's watermark, until closed. */
    final class Hold implements AutoCloseable {
        private final SyncKey key;
        private final ReentrantLock lock;

        private Hold(SyncKey key, ReentrantLock lock) {
            this.key = key;
            this.lock = lock;
        }

        /** The key's watermark now; the start if it has none. */
        Cursor watermark() {
            return stored().orElse(Cursor.START);
        }

        Optional<Cursor> stored() {
            return sync.watermarks().get(key.owner(), key.type());
        }

        /** Whether a resync asked for this key: a pull stops at its next page, and the reset follows. */
        boolean resetAsked() {
            return resetsAsked.contains(key);
        }

        /** A pulled page is committed in library.db: the watermark and the checkpoint move to its end, together. */
        void pageCommitted(Cursor last, Checkpoint next) {
            long heldVersion = library.summary(key.owner(), key.type(), null).maxVersion();
            sync.database().write(c -> {
                sync.watermarks().advance(c, key.owner(), key.type(), last, heldVersion);
                sync.checkpoints().save(c, next);
                return null;
            });
        }

        /** A pull reached the end: the watermark holds the position, the next pull is a catch-up and not a backfill. */
        void pullComplete() {
            sync.checkpoints().deleteAll(key.owner(), key.type());
        }

        /** A realtime batch that directly followed the watermark is committed: the watermark moves to its end. */
        void batchCommitted(Cursor last) {
            sync.watermarks().advance(key.owner(), key.type(), last, library.summary(key.owner(), key.type(), null).maxVersion());
        }

        /** A recovery made everything up to {@code end} equal to the member's: the watermark moves there if behind. */
        void recoveredUpTo(Cursor end) {
            if (end.compareTo(watermark()) > 0) {
                sync.watermarks().advance(key.owner(), key.type(), end);
            }
        }

        @Override
        public void close() {
            lock.unlock();
            doAskedResets(key);
        }
    }
}
