package io.tidemark.engine.transport;

import io.tidemark.engine.clock.ClockJump;
import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.model.Counted;
import java.util.Optional;

/**
 * Words for what became of a forward jump of this device's wall clock (see {@link HybridLogicalClock}),
 * each said once per jump. A jump is said when a member disputes it (this device's clock is wrong),
 * when it is taken with nobody to ask, or withdrawn; one a member confirms at once is not (a sleep, or
 * a correction: nothing to do), unless it had been disputed before.
 */
final class ClockJumpReports {
    private int disputedJump;
    private int outcomeJump;

    /** A member's clock agrees with the time before {@code jump}. */
    synchronized Optional<ClockEvent> disputed(ClockJump jump, String member) {
        if (jump == null || disputedJump == jump.number()) {
            return Optional.empty();
        }
        disputedJump = jump.number();
        return Optional.of(new ClockEvent("clock.jump_disputed", "This device's clock jumped " + Counted.span(jump.aheadMillis())
                + " ahead, and " + member + "'s clock agrees with the time before the jump, so changes here are still stamped"
                + " on that time. Set this device's time automatically (NTP)."));
    }

    /** A member's clock agrees with the time {@code jump} moved to. */
    synchronized Optional<ClockEvent> confirmed(ClockJump jump, String member) {
        if (jump == null || disputedJump != jump.number() || !claimOutcome(jump)) {
            return Optional.empty();
        }
        return Optional.of(new ClockEvent("clock.jump_confirmed", member + "'s clock now agrees with this device's, so its jump"
                + " of " + Counted.span(jump.aheadMillis()) + " ahead is taken: changes are stamped on the new time from now on."));
    }

    /** The last jump as the clock shows it now: its outcome, if it reached one not said yet. */
    synchronized Optional<ClockEvent> polled(ClockJump jump) {
        if (jump == null) {
            return Optional.empty();
        }
        return switch (jump.status()) {
            case TAKEN -> claimOutcome(jump) ? Optional.of(new ClockEvent("clock.jump_taken", "This device's clock moved "
                    + Counted.span(jump.aheadMillis()) + " ahead at once (a sleep, or the time being set), and no member's clock said"
                    + " otherwise within " + Counted.span(HybridLogicalClock.JUMP_HOLD.toMillis()) + "; changes are stamped on the"
                    + " new time from now on. If it shows a wrong time, set its time automatically (NTP).")) : Optional.empty();
            case WITHDRAWN -> claimOutcome(jump) ? Optional.of(new ClockEvent("clock.jump_withdrawn", "This device's clock came"
                    + " back from its jump ahead; no change was stamped on the wrong time.")) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private boolean claimOutcome(ClockJump jump) {
        if (outcomeJump == jump.number()) {
            return false;
        }
        outcomeJump = jump.number();
        return true;
    }
}
