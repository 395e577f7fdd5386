package io.tidemark.app.common;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;

/**
 * Measures how long the FX thread goes between pulses while the window is open, for the benchmark
 * "the FX thread is never blocked longer than 50 ms while a backfill streams in". Off unless the app
 * runs with {@code -Dtidemark.fxwatch=true}; then every 10 s it prints the longest gap and how many
 * gaps passed 50 ms. A pulse that comes late means the FX thread was busy (or starved) that long.
 */
public final class FxStallWatch extends AnimationTimer {
    /** The gap the issue allows. */
    public static final long LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long REPORT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final PrintStream out;
    private long last;
    private long windowStart;
    private long longest;
    private long overLimit;
    private long pulses;

    public FxStallWatch(PrintStream out) {
        this.out = out;
    }

    /** Starts a watch if the property asks for one. */
    public static void startIfAsked() {
        if (Boolean.getBoolean("tidemark.fxwatch")) {
            new FxStallWatch(System.err).start();
        }
    }

    @Override
    public void handle(long now) {
        if (last != 0) {
            long gap = now - last;
            longest = Math.max(longest, gap);
            if (gap > LIMIT_NANOS) {
                overLimit++;
            }
        } else {
            windowStart = now;
        }
        pulses++;
        last = now;
        if (now - windowStart >= REPORT_NANOS) {
            out.printf("fx-watch: %d pulses in %.1f s, longest gap %.1f ms, %d over 50 ms%n", pulses, (now - windowStart) / 1e9,
                    longest / 1e6, overLimit);
            windowStart = now;
            longest = 0;
            overLimit = 0;
            pulses = 0;
        }
    }
}
