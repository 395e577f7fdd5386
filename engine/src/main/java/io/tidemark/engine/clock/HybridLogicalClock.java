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
 * <p><b>A remote stamp ahead of the wall clock is merged, not refused.</b> Running ahead of wall time
 * is what a hybrid logical clock is for: a device whose clock once ran an hour ahead persisted stamps
 * an hour ahead, and after its clock is corrected its logical time stays ahead until real time
 * catches up; every member that hears from it moves along, so that a change made after seeing
 * another is still stamped after it. This clock used to refuse a stamp more than the drift bound
 * ahead of its wall clock, and that cut such a device off by its own past: its clock was right, yet
 * every member refused it. How far members' <em>wall clocks</em> disagree is measured by pings
 * instead ({@link io.tidemark.engine.protocol.ClockSample}), judged against {@link #maxDrift()} and
 * reported; it never stops sync.
 *
 * <p>Only a stamp more than {@link #IMPLAUSIBLE_AHEAD} ahead of the wall clock is refused (and the
 * clock left as it was). Real clock faults are minutes or hours: a time zone taken for UTC, a
 * daylight-saving hour, a clock that was never set. A stamp a year ahead comes from corruption or a
 * clock set to the wrong year, and merging it would put this clock, and through it every member's,
 * that far ahead for good, since a hybrid logical clock never goes back. A year is far enough that no
 * fixable clock fault reaches it, and near enough that a wrong year is caught.
 *
 * <p>Thread-safe.
 */
public final class HybridLogicalClock {

    public static final Duration DEFAULT_MAX_DRIFT = Duration.ofMinutes(5);
    /** A remote stamp further ahead of the wall clock than this is refused as corrupt (see the class comment). */
    public static final Duration IMPLAUSIBLE_AHEAD = Duration.ofDays(365);

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
     * is greater than both the remote one and everything this clock issued before. A remote stamp
     * ahead of the wall clock is merged: logical time moves ahead, as a hybrid logical clock may.
     *
     * @throws ClockSkewException if the remote stamp is more than {@link #IMPLAUSIBLE_AHEAD} ahead of
     *                            the wall clock; the clock is unchanged
     */
    public synchronized HlcTimestamp receive(HlcTimestamp remote) throws ClockSkewException {
        long wall = wallClock.getAsLong();
        requirePlausible(remote);
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
     * Refuses a stamp from elsewhere that is implausibly far ahead of this device's wall clock, by
     * the rule {@link #receive} merges by: everything that takes remote stamps into this clock (a
     * shared change applied, say) checks them with this first.
     */
    public void requirePlausible(HlcTimestamp remote) throws ClockSkewException {
        long ahead = remote.physicalMillis() - wallClock.getAsLong();
        if (ahead > IMPLAUSIBLE_AHEAD.toMillis()) {
            throw new ClockSkewException(remote, Duration.ofMillis(ahead));
        }
    }

    /** Whether {@link #requirePlausible} would take {@code stamp}. */
    public boolean isPlausible(HlcTimestamp stamp) {
        return stamp.physicalMillis() - wallClock.getAsLong() <= IMPLAUSIBLE_AHEAD.toMillis();
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

    /** How far members' wall clocks may disagree before they are told. */
    public Duration maxDrift() {
        return maxDrift;
    }

    /** The wall clock as it reads: what pings measure and people see. */
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
