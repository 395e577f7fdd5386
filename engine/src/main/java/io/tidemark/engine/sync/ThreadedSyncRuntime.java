package io.tidemark.engine.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The production {@link SyncRuntime}: daemon threads and the system clock. */
final class ThreadedSyncRuntime implements SyncRuntime {
    private final ExecutorService rounds;
    private final ScheduledExecutorService timerThread;
    private final ExecutorService readAhead;
    private final ExecutorService inbox;
    private final Timer timer;

    ThreadedSyncRuntime() {
        AtomicInteger n = new AtomicInteger();
        // Several rounds at once: one member that stops answering holds one thread until its
        // request times out, never the others.
        this.rounds = Executors.newFixedThreadPool(4, r -> daemon(r, "tidemark-sync-" + n.incrementAndGet()));
        this.timerThread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "tidemark-sync-timer"));
        this.readAhead = Executors.newSingleThreadExecutor(r -> daemon(r, "tidemark-read-ahead"));
        // One thread: library.db has one writer at a time anyway, and a member's notices keep their order.
        this.inbox = Executors.newSingleThreadExecutor(r -> daemon(r, "tidemark-sync-inbox"));
        this.timer = new Timer() {
            @Override
            public void execute(Runnable task) {
                timerThread.execute(task);
            }

            @Override
            public void after(Duration delay, Runnable task) {
                timerThread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            }

            @Override
            public void every(Duration initialDelay, Duration period, Runnable task) {
                timerThread.scheduleWithFixedDelay(task, initialDelay.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
            }
        };
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public Executor rounds() {
        return rounds;
    }

    @Override
    public Timer timer() {
        return timer;
    }

    @Override
    public Executor readAhead() {
        return readAhead;
    }

    @Override
    public Executor inbox() {
        return inbox;
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public void close() {
        timerThread.shutdownNow();
        rounds.shutdownNow();
        readAhead.shutdownNow();
        inbox.shutdownNow();
    }
}
