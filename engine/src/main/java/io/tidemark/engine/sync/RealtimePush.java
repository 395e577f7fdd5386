package io.tidemark.engine.sync;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SyncOrder;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.store.library.LibraryStore;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends this device's commits to connected members as they happen: per type, the rows and deletes
 * after what was last pushed, in batches of at most {@link SyncEngine.Options#pushBatch()} records,
 * each naming the cursor it follows.
 *
 * <p>Commits made through this process's store are flushed at once (the store calls
 * {@link #localCommitted()} after each commit). Commits by another process on the same home (a CLI
 * {@code index} while the daemon runs) are noticed by polling the clock row, which every local
 * commit advances, every {@link SyncEngine.Options#localPoll()}. A bulk change (more than
 * {@link SyncEngine.Options#bulkThreshold()} rows of a type) is announced with "data available"
 * instead, so members pull it in large pages. All flushes run on the sync timer thread, one at a time.
 */
final class RealtimePush {
    private static final Logger LOG = LoggerFactory.getLogger(RealtimePush.class);

    private final LibraryStore library;
    private final UUID self;
    private final SyncEngine.Options options;
    private final Supplier<List<PeerSession>> targets;
    private final Consumer<String> announce;
    private final Map<ResourceType, Cursor> lastPushed = new EnumMap<>(ResourceType.class);
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private volatile SyncRuntime.Timer timer;
    private final SharedLogSync shared;
    /** At each flush, before pushing: sync.db records what was issued (see RestoreGuard). */
    private final Runnable flushed;
    private long lastSeenStamp;

    RealtimePush(LibraryStore library, UUID self, SyncEngine.Options options, SharedLogSync shared, Runnable flushed,
                 Supplier<List<PeerSession>> targets, Consumer<String> announce) {
        this.library = library;
        this.shared = shared;
        this.flushed = flushed;
        this.self = self;
        this.options = options;
        this.targets = targets;
        this.announce = announce;
    }

    /** Starts from what is committed now: earlier commits reach members through their exchanges. */
    void start(SyncRuntime.Timer timer) {
        lastSeenStamp = library.lastLocalStamp();
        for (ResourceType type : SyncOrder.deviceOwned()) {
            lastPushed.put(type, library.newest(self, type));
        }
        this.timer = timer;
        // Shared changes committed while no engine ran (a CLI 'generate' or 'tag' before the daemon
        // started) are in library.db but not yet in the log: tail them now, not at the next commit.
        timer.execute(this::flush);
        timer.every(options.localPoll(), options.localPoll(), this::pollOtherProcesses);
    }

    /** A commit through this process's store: flush on the timer thread (coalesced). */
    void localCommitted() {
        SyncRuntime.Timer t = timer;
        if (t != null && flushQueued.compareAndSet(false, true)) {
            try {
                t.execute(this::flush);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                flushQueued.set(false); // closing
            }
        }
    }

    private void pollOtherProcesses() {
        try {
            if (library.lastLocalStamp() != lastSeenStamp) {
                flush();
            }
        } catch (RuntimeException e) {
            LOG.debug("Polling for local commits failed: {}", e.toString());
        }
    }

    private void flush() {
        flushQueued.set(false);
        try {
            flushed.run(); // before anything is pushed: commits by other processes are recorded here
            lastSeenStamp = library.lastLocalStamp();
            List<PeerSession> to = targets.get();
            boolean bulk = false;
            for (ResourceType type : SyncOrder.deviceOwned()) {
                bulk |= flush(type, to);
            }
            if (bulk) {
                announce.accept("bulk change");
            }
            long before = shared.headSeq();
            if (shared.tail() > 0) {
                // Small edits go as one realtime batch; more than a page is announced and pulled.
                java.util.Optional<Message.SharedPush> batch = shared.push(before);
                if (batch.isPresent()) {
                    to.forEach(session -> Notices.offer(session, batch.get()));
                } else {
                    announce.accept("shared changes");
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Pushing local changes failed", e);
        }
    }

    /** Pushes one type's new changes; returns true if they were too many and need announcing instead. */
    private boolean flush(ResourceType type, List<PeerSession> to) {
        Cursor from = lastPushed.get(type);
        LibraryStore.OwnedChanges batch = library.changes(self, type, from, null, options.pushBatch());
        if (batch.isEmpty()) {
            return false;
        }
        if (batch.size() + batch.remaining() > options.bulkThreshold()) {
            lastPushed.put(type, library.newest(self, type));
            return true;
        }
        while (!batch.isEmpty()) {
            Message.PushBatch message = new Message.PushBatch(self.toString(), type.wireName(), from.stamp(), from.uuid().toString(),
                    batch.records(), batch.deleted());
            for (PeerSession session : to) {
                Notices.offer(session, message);
            }
            from = batch.last();
            lastPushed.put(type, from);
            batch = batch.remaining() == 0 ? null : library.changes(self, type, from, null, options.pushBatch());
            if (batch == null) {
                break;
            }
        }
        return false;
    }
}
