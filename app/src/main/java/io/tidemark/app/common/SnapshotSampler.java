package io.tidemark.app.common;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;

/**
 * Polls a non-blocking source on the FX thread with a {@link Timeline} and passes each value on only
 * when it is a different object from the last one. The source must be cheap and never block (the
 * engine's {@code snapshot()} is a read of an atomic reference), so the FX thread never waits on the
 * engine, and the engine never calls into the UI.
 *
 * @param <T> the sampled value
 */
public final class SnapshotSampler<T> {
    private final Supplier<? extends T> source;
    private final Consumer<? super T> sink;
    private final Timeline timeline;
    private T last;

    public SnapshotSampler(Supplier<? extends T> source, Consumer<? super T> sink, Duration period) {
        this.source = Objects.requireNonNull(source, "source");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.timeline = new Timeline(new KeyFrame(period, e -> sampleNow()));
        this.timeline.setCycleCount(Animation.INDEFINITE);
    }

    /** Samples once right away, then every period. Call on the FX thread. */
    public void start() {
        sampleNow();
        timeline.play();
    }

    public void stop() {
        timeline.stop();
    }

    /** Takes one sample now and passes it on if it changed. Call on the FX thread. */
    public void sampleNow() {
        T current = source.get();
        if (current != null && current != last) {
            last = current;
            sink.accept(current);
        }
    }
}
