package io.tidemark.engine.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The threads and the time a {@link SyncEngine} runs on. Production uses {@link #threads()}: real
 * threads and the system clock. The simulator gives every engine one seeded scheduler and a virtual
 * clock instead, so that one seed replays the same run exactly; nothing in the engine may start a
 * thread, read the time or sleep except through this.
 *
 * <p>Every executor may refuse work with {@link java.util.concurrent.RejectedExecutionException}
 * once {@link #close()} has begun; the engine treats that as "closing".
 */
public interface SyncRuntime extends AutoCloseable {

    /** Runs rounds. A round may wait for its member's answers, so production gives rounds several threads. */
    Executor rounds();

    /** One ordered timer: realtime flushes, periodic exchanges, retries. Its tasks never overlap. */
    Timer timer();

    /** Where serving reads the next page ahead while the last one travels. */
    Executor readAhead();

    /**
     * Where members' notices (realtime batches, acks, "data available") are applied: off the
     * connection's reader thread, so pings and pages never wait behind a database write.
     */
    Executor inbox();

    /** Wall-clock time for progress, "since" and quiet periods (record stamps come from the HLC, not from here). */
    Clock clock();

    /** Stops every thread; tasks not yet started are dropped. */
    @Override
    void close();

    /** A single-threaded timer. */
    interface Timer extends Executor {
        /** Runs {@code task} once, after {@code delay}. */
        void after(Duration delay, Runnable task);

        /** Runs {@code task} after {@code initialDelay}, then again {@code period} after each run ends. */
        void every(Duration initialDelay, Duration period, Runnable task);
    }

    /** Real threads (four for rounds, one timer, one for read-ahead, one for the inbox) and the system clock. */
    static SyncRuntime threads() {
        return new ThreadedSyncRuntime();
    }
}
