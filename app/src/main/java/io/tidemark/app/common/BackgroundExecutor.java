package io.tidemark.app.common;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The app's own worker for blocking work that belongs to neither the FX thread nor the engine's
 * threads, such as closing the engine when the window closes. Its threads are not daemons, so the
 * JVM waits for work already handed over (the stores get closed) before it exits.
 */
public final class BackgroundExecutor implements AutoCloseable {
    private final ExecutorService executor;

    public BackgroundExecutor(String name) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(false);
            return t;
        };
        this.executor = Executors.newSingleThreadExecutor(threads);
    }

    public CompletableFuture<Void> run(Runnable work) {
        return CompletableFuture.runAsync(work, executor);
    }

    public <T> CompletableFuture<T> supply(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, executor);
    }

    /** Accepts no new work; what was handed over still runs. Waits at most {@code millis} for it. */
    public boolean shutdown(long millis) {
        executor.shutdown();
        try {
            return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        shutdown(0);
    }
}
