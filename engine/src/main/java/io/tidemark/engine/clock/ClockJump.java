package io.tidemark.engine.clock;

import java.time.Instant;
import java.util.Objects;

/**
 * A forward jump of this device's wall clock, as {@link HybridLogicalClock} saw it: the wall clock
 * moved further than the time that passed, by more than the drift members tolerate.
 *
 * @param number      which jump this is since the clock was made (1, 2, ...): two jumps with the same
 *                    outcome are still two jumps
 * @param detectedAt  the wall clock's reading (after the jump) when it was seen
 * @param aheadMillis how far the wall clock is ahead of the time stamps are taken on, while held;
 *                    for an outcome, how far it was when that outcome was reached
 * @param status      what became of it
 */
public record ClockJump(int number, Instant detectedAt, long aheadMillis, Status status) {

    /** What became of a jump. */
    public enum Status {
        /** Stamps stay on the earlier time until a member confirms the new one or the hold runs out. */
        HELD,
        /** Held, and a member's clock agrees with the earlier time, not the new one: this device's clock is wrong. */
        DISPUTED,
        /** A member's clock agrees with the new time (a correction, or the device slept): stamps follow it. */
        CONFIRMED,
        /** No member said otherwise within {@link HybridLogicalClock#JUMP_HOLD}: stamps follow the new time. */
        TAKEN,
        /** The wall clock came back before the jump was taken: no stamp was taken on the jumped time. */
        WITHDRAWN;

        /** Whether stamps still lag the wall clock because of this jump. */
        public boolean holding() {
            return this == HELD || this == DISPUTED;
        }
    }

    public ClockJump {
        Objects.requireNonNull(detectedAt, "detectedAt");
        Objects.requireNonNull(status, "status");
    }

    ClockJump with(Status next, long ahead) {
        return new ClockJump(number, detectedAt, ahead, next);
    }
}
