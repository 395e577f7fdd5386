package io.tidemark.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.store.sync.Event;
import io.tidemark.engine.store.sync.MetricSample;
import io.tidemark.engine.store.sync.SyncStore;
import io.tidemark.engine.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MinuteMetricsTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final DeviceId A = device(1);
    private static final DeviceId B = device(2);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final AtomicReference<Map<DeviceId, PeerTraffic>> totals = new AtomicReference<>(Map.of());
    private SyncStore sync;

    @BeforeEach
    void open() {
        sync = SyncStore.open(dir.resolve("sync.db"), UUID.randomUUID(), UUID.randomUUID(), true, clock);
    }

    @AfterEach
    void close() {
        sync.close();
    }

    private static DeviceId device(int n) {
        byte[] bytes = new byte[DeviceId.LENGTH];
        Arrays.fill(bytes, (byte) n);
        return new DeviceId(bytes);
    }

    private double[] series(String name, DeviceId peer) {
        return sync.metrics().series(name, "peer=" + peer, T0, T0.plus(Duration.ofDays(1))).stream()
                .mapToDouble(MetricSample::value).toArray();
    }

    @Test
    void storesTheDifferencesOfEachMinuteAndTheLatestRtt() {
        // Traffic before the recorder started belongs to no stored minute.
        totals.set(Map.of(A, new PeerTraffic(10, 5, 1_000, 500, 12L)));
        MinuteMetrics metrics = new MinuteMetrics(sync, totals::get, clock);

        clock.advance(Duration.ofMinutes(1));
        totals.set(Map.of(A, new PeerTraffic(15, 5, 1_600, 700, 14L), B, new PeerTraffic(3, 0, 0, 0, null)));
        assertThat(metrics.recordMinute()).hasSize(5 + 4);

        clock.advance(Duration.ofMinutes(1));
        totals.set(Map.of(A, new PeerTraffic(115, 7, 9_600, 900, 9L), B, new PeerTraffic(3, 0, 0, 0, null)));
        assertThat(metrics.recordMinute()).hasSize(5); // B moved nothing and is not connected: no rows

        clock.advance(Duration.ofMinutes(1));
        totals.set(Map.of(A, new PeerTraffic(115, 7, 9_600, 900, null), B, new PeerTraffic(3, 0, 0, 0, null)));
        assertThat(metrics.recordMinute()).isEmpty(); // both idle and disconnected

        assertThat(series(MinuteMetrics.RECORDS_IN, A)).containsExactly(5, 100);
        assertThat(series(MinuteMetrics.RECORDS_OUT, A)).containsExactly(0, 2);
        assertThat(series(MinuteMetrics.BYTES_IN, A)).containsExactly(600, 8_000);
        assertThat(series(MinuteMetrics.BYTES_OUT, A)).containsExactly(200, 200);
        assertThat(series(MinuteMetrics.RTT_MS, A)).containsExactly(14, 9);
        assertThat(series(MinuteMetrics.RECORDS_IN, B)).containsExactly(3);
        assertThat(series(MinuteMetrics.BYTES_IN, B)).containsExactly(0);
        assertThat(series(MinuteMetrics.RTT_MS, B)).isEmpty();
        assertThat(sync.metrics().series(MinuteMetrics.RECORDS_IN, "peer=" + A, T0, T0.plus(Duration.ofDays(1))))
                .extracting(MetricSample::at).containsExactly(T0.plus(Duration.ofMinutes(1)), T0.plus(Duration.ofMinutes(2)));
    }

    @Test
    void storesTheLatestClockOffsetOfEachConnectedMember() {
        MinuteMetrics metrics = new MinuteMetrics(sync, totals::get, clock);
        clock.advance(Duration.ofMinutes(1));
        totals.set(Map.of(A, new PeerTraffic(0, 0, 100, 100, 3L, 7_380_000L), B, new PeerTraffic(0, 0, 100, 100, 4L, -20L)));
        metrics.recordMinute();
        clock.advance(Duration.ofMinutes(1));
        totals.set(Map.of(A, new PeerTraffic(0, 0, 200, 200, 3L, 1_500L), B, new PeerTraffic(0, 0, 100, 100, null, null)));
        metrics.recordMinute();
        assertThat(series(MinuteMetrics.CLOCK_OFFSET_MS, A)).containsExactly(7_380_000, 1_500);
        assertThat(series(MinuteMetrics.CLOCK_OFFSET_MS, B)).as("not measured while not connected").containsExactly(-20);
        assertThat(sync.metrics().latest(MinuteMetrics.CLOCK_OFFSET_MS, "peer=" + A))
                .contains(new MetricSample(MinuteMetrics.CLOCK_OFFSET_MS, "peer=" + A, T0.plus(Duration.ofMinutes(2)), 1_500));
    }

    @Test
    void prunesMetricsAfterAWeekAndEventsAfterAMonth() {
        Instant now = T0.plus(Duration.ofDays(40));
        Instant weekAgo = now.minus(MinuteMetrics.METRIC_RETENTION);
        Instant monthAgo = now.minus(MinuteMetrics.EVENT_RETENTION);
        sync.metrics().record("sync.records_in", "peer=x", weekAgo.minusMillis(1), 1);
        sync.metrics().record("sync.records_in", "peer=x", weekAgo, 2);
        sync.metrics().record("sync.records_in", "peer=x", now.minusSeconds(1), 3);
        sync.events().append(new Event(monthAgo.minusMillis(1), "peer.connected", null, "too old", null));
        sync.events().append(new Event(monthAgo, "peer.connected", null, "kept", null));
        sync.events().append(new Event(weekAgo.minusMillis(1), "peer.connected", null, "kept too", null));

        clock.set(now);
        new MinuteMetrics(sync, totals::get, clock).recordMinute();

        assertThat(sync.metrics().series("sync.records_in", "peer=x", T0, now.plusSeconds(1)))
                .extracting(MetricSample::value).containsExactly(2.0, 3.0);
        assertThat(sync.events().since(0)).extracting(e -> e.event().message()).containsExactly("kept", "kept too");
    }
}
