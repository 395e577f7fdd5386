package io.tidemark.app.common;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands values produced on a background thread to the FX thread, keeping only the latest: however
 * fast the producer offers, at most one hand-over is queued on the FX thread at a time, and it
 * delivers the newest value when it runs. So a fast indexer cannot flood the FX event queue.
 *
 * @param <T> the value handed over
 */
public final class LatestValueRelay<T> {
    private final AtomicReference<T> latest = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor fxThread;
    private final Consumer<? super T> sink;
    private volatile boolean closed;

    /**
     * @param fxThread runs hand-overs on the FX thread ({@code Platform::runLater} in the app)
     * @param sink     receives the latest value on that thread
     */
    public LatestValueRelay(Executor fxThread, Consumer<? super T> sink) {
        this.fxThread = Objects.requireNonNull(fxThread, "fxThread");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Offers a value from any thread; never blocks. */
    public void offer(T value) {
        if (closed) {
            return;
        }
        latest.set(Objects.requireNonNull(value, "value"));
        if (scheduled.compareAndSet(false, true)) {
            fxThread.execute(this::deliver);
        }
    }

    private void deliver() {
        // Clear the flag before taking the value: an offer that lands after this line schedules a
        // new hand-over, so no value is ever left behind.
        scheduled.set(false);
        T value = latest.getAndSet(null);
        if (value != null && !closed) {
            sink.accept(value);
        }
    }

    /** Drops any value not yet delivered and ignores later offers. Call it on the FX thread. */
    public void close() {
        closed = true;
        latest.set(null);
    }
}
