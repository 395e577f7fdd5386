package io.tidemark.engine.store.sync;

import java.time.Instant;
import java.util.Objects;

/**
 * One point of a metric time series.
 *
 * @param name   metric name, e.g. {@code sync.backfill.records_per_second}
 * @param labels the series' labels in one canonical text, e.g. {@code peer=ab12,type=entry}
 *               (empty for none); a series is identified by name and labels compared as text
 * @param at     sample time (millisecond precision)
 * @param value  a finite value
 */
public record MetricSample(String name, String labels, Instant at, double value) {
    public MetricSample {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("metric name must not be empty");
        }
        Objects.requireNonNull(labels, "labels");
        at = SqlValues.requireMillis(at, "at");
        if (!Double.isFinite(value)) {
            // SQLite turns NaN into NULL; refuse it here with a clear message instead.
            throw new IllegalArgumentException("metric value must be finite, got " + value);
        }
    }
}
