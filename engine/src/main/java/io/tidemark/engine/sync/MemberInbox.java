package io.tidemark.engine.sync;

import io.tidemark.engine.protocol.Message;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * One member's notices, waiting to be applied off the connection's reader thread, in the order they
 * arrived (so a member's realtime batches of one owner and type stay in cursor order). The queue is
 * bounded: a notice that does not fit is dropped and the member is owed a round, which pulls what
 * the dropped batches held; nothing is lost, it only arrives by pull instead of push.
 */
final class MemberInbox {
    /** Notices held per member: about 100 full realtime batches. */
    static final int CAPACITY = 128;

    private final PeerSession session;
    private final Executor executor;
    private final BiConsumer<PeerSession, Message.Notice> apply;
    private final Runnable overflowed;
    private final BiConsumer<PeerSession, RuntimeException> failed;
    private final Queue<Message.Notice> queue = new ArrayDeque<>();
    private boolean draining;
    private boolean dropped;

    /**
     * @param overflowed run after the queue had to drop notices, once it is empty again
     * @param failed     what a notice that could not be applied becomes (the member's error state); the next ones go on
     */
    MemberInbox(PeerSession session, Executor executor, BiConsumer<PeerSession, Message.Notice> apply, Runnable overflowed,
                BiConsumer<PeerSession, RuntimeException> failed) {
        this.session = session;
        this.failed = failed;
        this.executor = executor;
        this.apply = apply;
        this.overflowed = overflowed;
    }

    /** Queues a notice; returns at once. */
    void offer(Message.Notice notice) {
        synchronized (this) {
            if (queue.size() >= CAPACITY) {
                dropped = true;
                return;
            }
            queue.add(notice);
            if (draining) {
                return;
            }
            draining = true;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException closing) {
            synchronized (this) {
                draining = false;
                queue.clear();
            }
        }
    }

    private void drain() {
        while (true) {
            Message.Notice next;
            boolean owed;
            synchronized (this) {
                next = queue.poll();
                owed = next == null && dropped;
                if (next == null) {
                    dropped = false;
                    draining = false;
                }
            }
            if (next == null) {
                if (owed) {
                    overflowed.run();
                }
                return;
            }
            try {
                apply.accept(session, next);
            } catch (RuntimeException e) {
                failed.accept(session, e);
            }
        }
    }
}
