package io.tidemark.engine.store.sync;

import io.tidemark.engine.testing.MutableClock;
import static io.tidemark.engine.store.sync.SyncTestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricStoreTest {

    @TempDir
    Path dir;

    private SyncStore store;
    private MetricStore metrics;

    private static final String NAME = "sync.backfill.records_per_second";
    private static final String LABELS = "peer=ab12,type=entry";

    @BeforeEach
    void open() {
        store = SyncTestSupport.create(dir, new MutableClock(T0));
        metrics = store.metrics();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void seriesRoundTripExactlyWithinHalfOpenRange() {
        MetricSample s0 = new MetricSample(NAME, LABELS, T0, 0.1 + 0.2);
        MetricSample s1 = new MetricSample(NAME, LABELS, T0.plusMillis(1), -1.5e-300);
        MetricSample s2 = new MetricSample(NAME, LABELS, T0.plusSeconds(1), Double.MAX_VALUE);
        MetricSample s3 = new MetricSample(NAME, LABELS, T0.plusSeconds(2), 0.0);
        metrics.recordAll(List.of(s3, s1, s0));
        metrics.record(NAME, LABELS, s2.at(), s2.value());
        metrics.record(NAME, "peer=cd34,type=entry", T0, 42);
        metrics.record("sync.latency_ms", LABELS, T0, 42);

        assertThat(metrics.series(NAME, LABELS, T0, T0.plusSeconds(3))).containsExactly(s0, s1, s2, s3);
        // from inclusive, to exclusive
        assertThat(metrics.series(NAME, LABELS, T0.plusMillis(1), T0.plusSeconds(2))).containsExactly(s1, s2);
        // sub-millisecond bounds behave exactly
        assertThat(metrics.series(NAME, LABELS, T0.plusNanos(1), T0.plusSeconds(1).plusNanos(1)))
                .containsExactly(s1, s2);
        assertThat(metrics.series(NAME, "", T0, T0.plusSeconds(3))).isEmpty();
        assertThat(metrics.series(NAME, "peer=cd34,type=entry", T0, T0.plusSeconds(3)))
                .containsExactly(new MetricSample(NAME, "peer=cd34,type=entry", T0, 42));
    }

    @Test
    void latestIsTheNewestSampleOfItsSeriesOnly() {
        assertThat(metrics.latest(NAME, LABELS)).isEmpty();
        metrics.record(NAME, LABELS, T0.plusSeconds(2), 2);
        metrics.record(NAME, LABELS, T0, 0);
        metrics.record(NAME, LABELS, T0.plusSeconds(1), 1);
        metrics.record(NAME, "peer=cd34,type=entry", T0.plusSeconds(9), 9);
        metrics.record("sync.latency_ms", LABELS, T0.plusSeconds(9), 9);
        assertThat(metrics.latest(NAME, LABELS)).contains(new MetricSample(NAME, LABELS, T0.plusSeconds(2), 2));
        metrics.record(NAME, LABELS, T0.plusSeconds(2), 3); // the same millisecond: the later row wins
        assertThat(metrics.latest(NAME, LABELS)).contains(new MetricSample(NAME, LABELS, T0.plusSeconds(2), 3));
    }

    @Test
    void pruneDeletesOlderSamplesInEverySeries() {
        metrics.record(NAME, LABELS, T0, 1);
        metrics.record(NAME, LABELS, T0.plusSeconds(10), 2);
        metrics.record("other", "", T0.plusSeconds(5), 3);
        assertThat(metrics.prune(T0.plusSeconds(10))).isEqualTo(2);
        assertThat(metrics.series(NAME, LABELS, T0, T0.plusSeconds(60)))
                .containsExactly(new MetricSample(NAME, LABELS, T0.plusSeconds(10), 2));
        assertThat(metrics.series("other", "", T0, T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void nonFiniteValuesAreRefused() {
        assertThatThrownBy(() -> metrics.record(NAME, LABELS, T0, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.record(NAME, LABELS, T0, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
