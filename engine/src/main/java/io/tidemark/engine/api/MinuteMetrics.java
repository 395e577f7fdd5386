package io.tidemark.engine.api;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.store.sync.MetricSample;
import io.tidemark.engine.store.sync.SyncStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists per-minute traffic per member in sync.db, so "was it slow yesterday evening?" has an
 * answer after a restart: once a minute it stores, per member, the records and bytes that moved in
 * each direction during that minute (differences of the running {@link PeerTraffic} totals) and
 * the latest RTT and clock offset, then drops metrics and events older than their retention.
 *
 * <p>Series are labelled {@code peer=<device id>}; a minute in which nothing moved and the member
 * was not connected stores nothing, so offline members cost no rows.
 */
public final class MinuteMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(MinuteMetrics.class);

    public static final String RECORDS_IN = "sync.records_in";
    public static final String RECORDS_OUT = "sync.records_out";
    public static final String BYTES_IN = "sync.bytes_in";
    public static final String BYTES_OUT = "sync.bytes_out";
    public static final String RTT_MS = "sync.rtt_ms";
    /** The member's wall clock minus ours, as the latest ping measured it: doctor reads the newest. */
    public static final String CLOCK_OFFSET_MS = "sync.clock_offset_ms";

    public static final Duration PERIOD = Duration.ofMinutes(1);
    /** A week of minutes shows a weekday/weekend pattern and stays small (~7 rows per member per minute). */
    public static final Duration METRIC_RETENTION = Duration.ofDays(7);
    /** Events are rarer and answer "what happened while I was away?"; a month covers a holiday. */
    public static final Duration EVENT_RETENTION = Duration.ofDays(30);
    /** Events kept at most, whatever their age (about 10 MB of sync.db). */
    public static final int MAX_EVENTS = 50_000;

    private final SyncStore sync;
    private final Supplier<Map<DeviceId, PeerTraffic>> traffic;
    private final Clock clock;
    /** The totals at the previous minute; only touched by the thread that runs {@link #recordMinute}. */
    private final Map<DeviceId, PeerTraffic> previous = new HashMap<>();

    /** Starts counting from the totals as they are now: earlier traffic belongs to no stored minute. */
    public MinuteMetrics(SyncStore sync, Supplier<Map<DeviceId, PeerTraffic>> traffic, Clock clock) {
        this.sync = Objects.requireNonNull(sync, "sync");
        this.traffic = Objects.requireNonNull(traffic, "traffic");
        this.clock = Objects.requireNonNull(clock, "clock");
        previous.putAll(traffic.get());
    }

    /**
     * Records every minute on {@code scheduler} until it shuts down (or the returned future is
     * cancelled). A failed minute (a closing store) is logged and the next one tries again.
     */
    public static ScheduledFuture<?> start(SyncStore sync, Supplier<Map<DeviceId, PeerTraffic>> traffic,
                                           ScheduledExecutorService scheduler) {
        MinuteMetrics metrics = new MinuteMetrics(sync, traffic, Clock.systemUTC());
        return scheduler.scheduleAtFixedRate(() -> {
            try {
                metrics.recordMinute();
            } catch (RuntimeException e) {
                LOG.warn("Could not record this minute's metrics", e);
            }
        }, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stores the minute that just ended and prunes what is past retention; returns the samples stored. */
    public List<MetricSample> recordMinute() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<MetricSample> samples = new ArrayList<>();
        traffic.get().forEach((peer, total) -> {
            PeerTraffic before = previous.getOrDefault(peer, PeerTraffic.ZERO);
            // Clamped as a guard: a source that restarted from zero must not store negative minutes.
            long recordsIn = Math.max(0, total.recordsIn() - before.recordsIn());
            long recordsOut = Math.max(0, total.recordsOut() - before.recordsOut());
            long bytesIn = Math.max(0, total.bytesIn() - before.bytesIn());
            long bytesOut = Math.max(0, total.bytesOut() - before.bytesOut());
            previous.put(peer, total);
            if (recordsIn + recordsOut + bytesIn + bytesOut == 0 && total.rttMs() == null) {
                return;
            }
            String labels = "peer=" + peer;
            samples.add(new MetricSample(RECORDS_IN, labels, now, recordsIn));
            samples.add(new MetricSample(RECORDS_OUT, labels, now, recordsOut));
            samples.add(new MetricSample(BYTES_IN, labels, now, bytesIn));
            samples.add(new MetricSample(BYTES_OUT, labels, now, bytesOut));
            if (total.rttMs() != null) {
                samples.add(new MetricSample(RTT_MS, labels, now, total.rttMs()));
            }
            if (total.clockOffsetMs() != null) {
                samples.add(new MetricSample(CLOCK_OFFSET_MS, labels, now, total.clockOffsetMs()));
            }
        });
        if (!samples.isEmpty()) {
            sync.metrics().recordAll(samples);
        }
        sync.metrics().prune(now.minus(METRIC_RETENTION));
        sync.events().prune(now.minus(EVENT_RETENTION));
        sync.events().keepNewest(MAX_EVENTS);
        return samples;
    }
}
