package io.tidemark.engine.clock;

import java.time.Duration;
import java.time.Instant;
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
 * <p><b>Forward jumps of the local wall clock are held.</b> Given a source of elapsed time that no
 * one sets (the monotonic clock), every reading compares how far the wall clock moved with how much
 * time passed. When the wall clock moved further by more than the drift bound, it jumped: stamps go
 * on from the earlier time (the wall clock less the jump) instead of leaping with it, until one of:
 * <ul>
 *   <li>a member's wall clock, measured by ping, agrees with the new time ({@link #compareWithMember}):
 *       the jump was a correction, or the device slept (the monotonic clock stops during sleep on
 *       most systems, so a sleep looks like a jump) and stamps follow the new time at once;</li>
 *   <li>the wall clock comes back: the jump is withdrawn, and no stamp was ever taken on the wrong
 *       time, so none has to be lived down for as long as the jump was;</li>
 *   <li>{@link #JUMP_HOLD} passes without a member agreeing with the earlier time: with no one to ask,
 *       the wall clock is all this device has, and stamps follow it.</li>
 * </ul>
 * A member whose clock agrees with the earlier time disputes the jump and keeps it held for another
 * {@code JUMP_HOLD}. Jumps within the drift bound are followed: members tolerate that much anyway.
 * Stamps stay strictly increasing through all of this, and {@link #state()} shows it to doctor and
 * to the events. Without a source of elapsed time (tests that script the wall clock step by step)
 * the wall clock is taken as it reads.
 *
 * <p>Thread-safe.
 */
public final class HybridLogicalClock {

    public static final Duration DEFAULT_MAX_DRIFT = Duration.ofMinutes(5);
    /** A remote stamp further ahead of the wall clock than this is refused as corrupt (see the class comment). */
    public static final Duration IMPLAUSIBLE_AHEAD = Duration.ofDays(365);
    /** How long a forward jump is held while no member agrees with the earlier time. */
    public static final Duration JUMP_HOLD = Duration.ofMinutes(2);

    private final LongSupplier wallClock;
    /** Monotonic milliseconds, or null: no jump detection. */
    private final LongSupplier elapsedClock;
    private final Duration maxDrift;
    private HlcTimestamp last = HlcTimestamp.ZERO;

    private boolean sampled;
    private long sampledWall;
    private long sampledElapsed;
    /** How far stamps lag the wall clock because of held jumps; 0 when none is held. */
    private long heldBack;
    /** The elapsed time at which a held jump is taken unless a member disputes it first. */
    private long holdUntil;
    private ClockJump lastJump;
    private int jumps;

    /** A clock that takes {@code wallClockMillis} as it reads (no jump detection). */
    public HybridLogicalClock(LongSupplier wallClockMillis, Duration maxDrift) {
        this(wallClockMillis, null, maxDrift);
    }

    /**
     * A clock that holds forward jumps of {@code wallClockMillis}, told apart from time passing by
     * {@code elapsedMillis}, a monotonic source nobody sets; null: no jump detection.
     */
    public HybridLogicalClock(LongSupplier wallClockMillis, LongSupplier elapsedMillis, Duration maxDrift) {
        this.wallClock = Objects.requireNonNull(wallClockMillis);
        this.elapsedClock = elapsedMillis;
        if (maxDrift.isNegative()) {
            throw new IllegalArgumentException("maxDrift must not be negative");
        }
        this.maxDrift = maxDrift;
    }

    public static HybridLogicalClock system() {
        return new HybridLogicalClock(System::currentTimeMillis, () -> System.nanoTime() / 1_000_000, DEFAULT_MAX_DRIFT);
    }

    /** A timestamp for a local event (a commit, or a message being sent). Strictly greater than any before. */
    public synchronized HlcTimestamp tick() {
        long now = physicalNow();
        if (now > last.physicalMillis()) {
            last = new HlcTimestamp(now, 0);
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
        long now = physicalNow();
        requirePlausible(remote);
        long physical = Math.max(Math.max(last.physicalMillis(), remote.physicalMillis()), now);
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

    /** What a member's wall clock said about a held forward jump of this device's wall clock. */
    public enum MemberEvidence {
        /** Nothing is held, or the member's clock agrees with neither time. */
        NONE,
        /** The member agrees with the new time: the jump was taken. */
        CONFIRMS,
        /** The member agrees with the earlier time: the jump stays held. */
        DISPUTES
    }

    /**
     * Weighs a member's wall clock, measured {@code memberAheadMillis} ahead of this device's wall
     * clock (negative: behind), against a held forward jump; see the class comment. A measurement
     * whose error could exceed the drift bound must not be passed in.
     */
    public synchronized MemberEvidence compareWithMember(long memberAheadMillis) {
        physicalNow();
        if (heldBack == 0) {
            return MemberEvidence.NONE;
        }
        long bound = maxDrift.toMillis();
        if (Math.abs(memberAheadMillis) <= bound) {
            lastJump = lastJump.with(ClockJump.Status.CONFIRMED, heldBack);
            heldBack = 0;
            return MemberEvidence.CONFIRMS;
        }
        if (Math.abs(memberAheadMillis + heldBack) <= bound) {
            holdUntil = sampledElapsed + JUMP_HOLD.toMillis();
            lastJump = lastJump.with(ClockJump.Status.DISPUTED, heldBack);
            return MemberEvidence.DISPUTES;
        }
        return MemberEvidence.NONE;
    }

    /** The clock as it stands now (reading the wall clock, so a jump since the last stamp shows). */
    public synchronized ClockState state() {
        physicalNow();
        return new ClockState(last, sampled ? sampledWall : wallClock.getAsLong(), heldBack, lastJump);
    }

    /** The last timestamp issued or observed. */
    public synchronized HlcTimestamp last() {
        return last;
    }

    /** How far members' wall clocks may disagree before they are told; also the smallest jump held. */
    public Duration maxDrift() {
        return maxDrift;
    }

    /** The wall clock as it reads (a held jump included): what pings measure and people see. */
    public long wallMillis() {
        return wallClock.getAsLong();
    }

    /**
     * The wall clock less any held jump: the physical time stamps are taken on. Notices jumps: the
     * wall clock moving further than the elapsed time by more than the drift bound starts a hold;
     * moving back shortens one; a hold that ran out is taken.
     */
    private long physicalNow() {
        long wall = wallClock.getAsLong();
        if (elapsedClock == null) {
            return wall;
        }
        long elapsed = elapsedClock.getAsLong();
        if (sampled) {
            long unexplained = (wall - sampledWall) - (elapsed - sampledElapsed);
            if (unexplained > maxDrift.toMillis()) {
                heldBack += unexplained;
                holdUntil = elapsed + JUMP_HOLD.toMillis();
                lastJump = new ClockJump(++jumps, Instant.ofEpochMilli(wall), heldBack, ClockJump.Status.HELD);
            } else if (heldBack > 0 && unexplained < 0) {
                // Back within the drift bound of the earlier time counts as back: a jump that small is followed.
                heldBack = heldBack + unexplained <= maxDrift.toMillis() ? 0 : heldBack + unexplained;
                lastJump = lastJump.with(heldBack == 0 ? ClockJump.Status.WITHDRAWN : lastJump.status(), heldBack);
            }
        }
        if (heldBack > 0 && elapsed >= holdUntil) {
            lastJump = lastJump.with(ClockJump.Status.TAKEN, heldBack);
            heldBack = 0;
        }
        sampled = true;
        sampledWall = wall;
        sampledElapsed = elapsed;
        return wall - heldBack;
    }

    /** Next value in the same millisecond; on counter overflow borrow the next millisecond rather than wrap. */
    private static HlcTimestamp increment(HlcTimestamp t) {
        if (t.logical() == HlcTimestamp.MAX_LOGICAL) {
            return new HlcTimestamp(t.physicalMillis() + 1, 0);
        }
        return new HlcTimestamp(t.physicalMillis(), t.logical() + 1);
    }
}
