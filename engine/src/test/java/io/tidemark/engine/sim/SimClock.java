package io.tidemark.engine.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * One simulated device's wall clock: the run's virtual time, plus this device's skew, a drift
 * (parts per million of the virtual time elapsed) and whatever jumps the faults add, back or forward.
 * Record stamps come from the HLC built on it, which must never go back even when this clock does.
 */
final class SimClock extends Clock {
    /** Where every run's virtual time starts: 2026-01-01, so stamps look like real ones. */
    static final long EPOCH_MILLIS = 1_767_225_600_000L;

    private final SimScheduler scheduler;
    private long offsetMillis;
    private final long driftPpm;

    SimClock(SimScheduler scheduler, long offsetMillis, long driftPpm) {
        this.scheduler = scheduler;
        this.offsetMillis = offsetMillis;
        this.driftPpm = driftPpm;
    }

    void jump(long millis) {
        offsetMillis += millis;
    }

    long offsetMillis() {
        return offsetMillis;
    }

    @Override
    public long millis() {
        long v = scheduler.now();
        return EPOCH_MILLIS + v + offsetMillis + v * driftPpm / 1_000_000;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a simulated clock has one zone");
    }
}
