package io.tidemark.engine.clock;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Hybrid logical clock after Kulkarni et al., "Logical Physical Clocks" (2014).
 *
 * <p>Unlike the reference system's clock, which restarted at {@code (now, 0)} whenever the
 * millisecond changed, this one never goes back: the physical part is {@code max(last, wall)} and
 * the counter only resets when the physical part actually moves forward. So a wall clock that jumps
 * back, or a peer that was ahead, can never make it issue a stamp at or below one it issued before.
 *
 * <p>A remote timestamp more than {@code maxDrift} ahead of the local wall clock is refused and
 * leaves the clock untouched, so one peer with a broken clock cannot drag every device into the
 * future. Thread-safe.
 */
public final class HybridLogicalClock {

    public static final Duration DEFAULT_MAX_DRIFT = Duration.ofMinutes(5);

    private final LongSupplier wallClock;
    private final Duration maxDrift;
    private HlcTimestamp last = HlcTimestamp.ZERO;

    public HybridLogicalClock(LongSupplier wallClockMillis, Duration maxDrift) {
        this.wallClock = Objects.requireNonNull(wallClockMillis);
        if (maxDrift.isNegative()) {
            throw new IllegalArgumentException("maxDrift must not be negative");
        }
        this.maxDrift = maxDrift;
    }

    public static HybridLogicalClock system() {
        return new HybridLogicalClock(System::currentTimeMillis, DEFAULT_MAX_DRIFT);
    }

    /** A timestamp for a local event (a commit, or a message being sent). Strictly greater than any before. */
    public synchronized HlcTimestamp tick() {
        long wall = wallClock.getAsLong();
        if (wall > last.physicalMillis()) {
            last = new HlcTimestamp(wall, 0);
        } else {
            last = increment(last);
        }
        return last;
    }

    /**
     * Merges a timestamp received from a peer and returns the timestamp of the receive event, which
     * is greater than both the remote one and everything this clock issued before.
     *
     * @throws ClockSkewException if the remote time is beyond the allowed drift; the clock is unchanged
     */
    public synchronized HlcTimestamp receive(HlcTimestamp remote) throws ClockSkewException {
        long wall = wallClock.getAsLong();
        long ahead = remote.physicalMillis() - wall;
        if (ahead > maxDrift.toMillis()) {
            throw new ClockSkewException(remote, Duration.ofMillis(ahead), maxDrift);
        }
        long physical = Math.max(Math.max(last.physicalMillis(), remote.physicalMillis()), wall);
        HlcTimestamp next;
        if (physical == last.physicalMillis() && physical == remote.physicalMillis()) {
            next = increment(new HlcTimestamp(physical, Math.max(last.logical(), remote.logical())));
        } else if (physical == last.physicalMillis()) {
            next = increment(last);
        } else if (physical == remote.physicalMillis()) {
            next = increment(remote);
        } else {
            next = new HlcTimestamp(physical, 0);
        }
        last = next;
        return next;
    }

    /**
     * Makes sure every later stamp is greater than {@code issued}: used at start-up with the last
     * persisted stamp, and inside a write transaction with the stamp another process issued.
     */
    public synchronized void observe(HlcTimestamp issued) {
        if (issued.isAfter(last)) {
            last = issued;
        }
    }

    /** The last timestamp issued or observed. */
    public synchronized HlcTimestamp last() {
        return last;
    }

    public Duration maxDrift() {
        return maxDrift;
    }

    public long wallMillis() {
        return wallClock.getAsLong();
    }

    /** Next value in the same millisecond; on counter overflow borrow the next millisecond rather than wrap. */
    private static HlcTimestamp increment(HlcTimestamp t) {
        if (t.logical() == HlcTimestamp.MAX_LOGICAL) {
            return new HlcTimestamp(t.physicalMillis() + 1, 0);
        }
        return new HlcTimestamp(t.physicalMillis(), t.logical() + 1);
    }
}
