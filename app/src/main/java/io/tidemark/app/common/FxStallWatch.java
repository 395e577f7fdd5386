package io.tidemark.app.common;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;

/**
 * Measures, for the benchmark "the FX thread is never blocked longer than 50 ms while a backfill
 * streams in", two things every 10 s, off unless the app runs with {@code -Dtidemark.fxwatch=true}:
 * <ul>
 *   <li><b>blocked</b>: a probe thread hands the FX thread a no-op every 10 ms and times how long it
 *       waits to run. That wait is exactly how long the FX thread was busy (or starved of a core)
 *       before it could have handled a click or a key: the figure the target is about.</li>
 *   <li><b>pulse gap</b>: the time between animation pulses, i.e. frames. It also includes the
 *       toolkit's pulse timer and rendering, so it can be long while the FX thread sits idle (under
 *       Xvfb's software pipeline on a VM with steal time, pulses paused for up to a second with the
 *       machine otherwise idle and sync paused), which is why it is reported but is not the target.</li>
 * </ul>
 */
public final class FxStallWatch {
    /** The wait the issue allows. */
    public static final long LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long REPORT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long PROBE_MILLIS = 10;

    /** Longest and count over the limit, per reporting window; touched by the FX thread only. */
    static final class Window {
        private long longest;
        private long overLimit;
        private long samples;

        void add(long nanos) {
            longest = Math.max(longest, nanos);
            if (nanos > LIMIT_NANOS) {
                overLimit++;
            }
            samples++;
        }

        String describe(String what) {
            return String.format(java.util.Locale.ROOT, "%s longest %.1f ms, %d over 50 ms (%d samples)", what, longest / 1e6,
                    overLimit, samples);
        }

        void reset() {
            longest = 0;
            overLimit = 0;
            samples = 0;
        }
    }

    private final PrintStream out;
    private final Window blocked = new Window();
    private final Window pulses = new Window();
    private long lastPulse;
    private long windowStart;
    private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tidemark-fx-watch");
        t.setDaemon(true);
        return t;
    });

    private FxStallWatch(PrintStream out) {
        this.out = out;
    }

    /** Starts a watch if the property asks for one. */
    public static void startIfAsked() {
        if (Boolean.getBoolean("tidemark.fxwatch")) {
            new FxStallWatch(System.err).start();
        }
    }

    private void start() {
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (lastPulse != 0) {
                    pulses.add(now - lastPulse);
                }
                lastPulse = now;
            }
        }.start();
        probe.scheduleWithFixedDelay(() -> {
            long posted = System.nanoTime();
            Platform.runLater(() -> onFxThread(System.nanoTime(), posted));
        }, PROBE_MILLIS, PROBE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void onFxThread(long now, long posted) {
        blocked.add(now - posted);
        if (windowStart == 0) {
            windowStart = now;
        } else if (now - windowStart >= REPORT_NANOS) {
            report(out::println, (now - windowStart) / 1e9);
            windowStart = now;
        }
    }

    private void report(Consumer<String> sink, double seconds) {
        sink.accept(String.format(java.util.Locale.ROOT, "fx-watch: %.1f s: %s; %s", seconds,
                blocked.describe("FX thread blocked"), pulses.describe("pulse gap")));
        blocked.reset();
        pulses.reset();
    }
}
