package io.tidemark.app;

import static io.tidemark.app.testing.PeerSnapshots.LAPTOP_ID;
import static io.tidemark.app.testing.PeerSnapshots.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.common.I18n;
import io.tidemark.app.common.Theme;
import io.tidemark.app.peer.PeerView;
import io.tidemark.app.testing.FakePeerActions;
import io.tidemark.app.testing.SyncSnapshots;
import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.api.EngineSnapshot.EventLine;
import io.tidemark.engine.api.EngineSnapshot.PeerState;
import io.tidemark.engine.api.EngineSnapshot.SyncState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The issue's hard requirement, as a guard: while a 1,000,000-record backfill streams in, the FX
 * thread stays far from being blocked for 50 ms. 2,000 snapshots, each with more entries done, a new
 * ETA and a new event, go through the window's view models the way the sampler passes them, one
 * hand-over each, with the window's real pulses (CSS and layout of what changed) in between.
 *
 * <p>Measured as the FX thread's own CPU time, per update and per pulse's CSS-and-layout pass, so a
 * busy build machine descheduling the thread cannot fail it; wall-clock figures are printed beside
 * it. The first 100 updates warm the JIT and are reported, not asserted. Medians and p99 are printed
 * (a millisecond or two); only the issue's 50 ms is asserted, on the maxima, which stay well below it.
 */
@ExtendWith(ApplicationExtension.class)
class PeerStreamingUiTest {
    private static final int UPDATES = 2_000;
    private static final int WARM_UP = 100;
    private static final int IN_FLIGHT = 20;
    private static final long LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final I18n i18n = I18n.forLocale(Locale.ENGLISH);
    private final EngineSnapshot first = SyncSnapshots.backfilling(0);
    private MainView view;

    @Start
    void start(Stage stage) {
        Theme.apply();
        view = new MainView(() -> first,
                (folder, listener) -> CompletableFuture.failedFuture(new IllegalStateException("no indexing here")),
                new FakePeerActions(), Runnable::run, i18n, owner -> Optional.empty());
        view.show(stage);
    }

    @Stop
    void stop() {
        view.stop();
    }

    /** Snapshot {@code i} of the stream: {@code i × 500} entries done, one more "page" event each time. */
    private static EngineSnapshot step(int i, List<EventLine> events) {
        events.add(new EventLine(100 + i, NOW.plusMillis(i), "page", LAPTOP_ID, "Applied 500 entries (" + i + ")"));
        List<EventLine> recent = events.size() > 200 ? events.subList(events.size() - 200, events.size()) : events;
        return SyncSnapshots.of(SyncSnapshots.laptop(SyncState.BACKFILLING, PeerState.CONNECTED, (long) i * 500),
                SyncSnapshots.nas(), List.copyOf(recent));
    }

    @Test
    void eachSnapshotOfAMillionRecordBackfillCostsTheFxThreadMillisecondsAtMost(FxRobot robot) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Scene scene = view.root().getScene();
        // Touched on the FX thread only: updates handed over so far, and when the running pulse began.
        int[] updatesDone = new int[1];
        long[] pulseStart = new long[1];
        List<Long> pulseCpu = new ArrayList<>();
        Runnable pre = () -> pulseStart[0] = threads.getCurrentThreadCpuTime();
        Runnable post = () -> {
            if (updatesDone[0] >= WARM_UP) {
                pulseCpu.add(threads.getCurrentThreadCpuTime() - pulseStart[0]);
            }
        };
        WaitForAsyncUtils.asyncFx(() -> {
            // The test hands the snapshots over itself; the sampler's timeline would also keep
            // pulses running when nothing changed.
            view.stop();
            view.devices().select(LAPTOP_ID);
            // Opening the page styles and lays out all its nodes once: not part of the stream.
            view.root().applyCss();
            view.root().layout();
            scene.addPreLayoutPulseListener(pre);
            scene.addPostLayoutPulseListener(post);
        }).get(5, TimeUnit.SECONDS);

        List<EventLine> events = new ArrayList<>(SyncSnapshots.events());
        List<EngineSnapshot> stream = new ArrayList<>(UPDATES);
        for (int i = 1; i <= UPDATES; i++) {
            stream.add(step(i, events));
        }
        long[] cpu = new long[UPDATES];
        long[] wall = new long[UPDATES];
        long began = System.nanoTime();
        for (int from = 0; from < UPDATES; from += IN_FLIGHT) {
            // One hand-over per snapshot, as the sampler does; a group in flight at a time keeps the
            // test quick on a busy machine, and pulses still run between the hand-overs.
            Future<?> last = null;
            for (int i = from; i < Math.min(UPDATES, from + IN_FLIGHT); i++) {
                EngineSnapshot s = stream.get(i);
                int n = i;
                last = WaitForAsyncUtils.asyncFx(() -> {
                    long cpu0 = threads.getCurrentThreadCpuTime();
                    long wall0 = System.nanoTime();
                    view.overview().update(s);
                    view.devices().update(s);
                    view.peer().update(s);
                    wall[n] = System.nanoTime() - wall0;
                    cpu[n] = threads.getCurrentThreadCpuTime() - cpu0;
                    updatesDone[0] = n + 1;
                });
            }
            last.get(10, TimeUnit.SECONDS);
        }
        long took = System.nanoTime() - began;
        List<Long> pulses = WaitForAsyncUtils.asyncFx(() -> {
            scene.removePreLayoutPulseListener(pre);
            scene.removePostLayoutPulseListener(post);
            return List.copyOf(pulseCpu);
        }).get(5, TimeUnit.SECONDS);

        long[] cpuSteady = Arrays.copyOfRange(cpu, WARM_UP, UPDATES);
        long[] pulseSteady = pulses.stream().mapToLong(Long::longValue).toArray();
        System.out.printf(Locale.ROOT, "peer page, %d snapshots of a 1,000,000-record backfill in %.1f s:"
                        + " FX-thread CPU per update median %.2f ms, p99 %.2f ms, max %.2f ms (warm-up max %.2f ms;"
                        + " wall median %.2f ms, max %.2f ms); %d pulses after warm-up, CSS+layout CPU median %.2f ms, p99 %.2f ms,"
                        + " max %.2f ms%n",
                UPDATES, took / 1e9, ms(percentile(cpuSteady, 50)), ms(percentile(cpuSteady, 99)), ms(max(cpuSteady)),
                ms(max(Arrays.copyOfRange(cpu, 0, WARM_UP))), ms(percentile(wall, 50)), ms(max(wall)),
                pulses.size(), ms(percentile(pulseSteady, 50)), ms(percentile(pulseSteady, 99)), ms(max(pulseSteady)));

        assertThat(pulseSteady).as("pulses ran while the snapshots streamed in").isNotEmpty();
        assertThat(max(cpuSteady)).as("slowest update, ns").isLessThan(LIMIT_NANOS);
        assertThat(max(pulseSteady)).as("slowest pulse CSS+layout, ns").isLessThan(LIMIT_NANOS);
        // And the page shows the end of the stream.
        assertThat(view.peer().overallTextProperty().get())
                .isEqualTo("1,000,000 of 1,000,000 records \u00b7 25,000 records/s \u00b7 ETA 0 s");
        assertThat(view.peer().events()).hasSize(100);
        assertThat(view.peer().events().get(0).message()).isEqualTo("Applied 500 entries (2000)");
        assertThat(robot.lookup("#" + PeerView.ROOT_ID).tryQuery()).isPresent();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    private static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }
}
