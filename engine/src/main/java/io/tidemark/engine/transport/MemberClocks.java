package io.tidemark.engine.transport;

import io.tidemark.engine.clock.ClockState;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.Counted;
import io.tidemark.engine.protocol.ClockSample;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Members' wall clocks as pings measure them, judged against the drift bound. This, not the hybrid
 * logical clock, is how a clock that is wrong shows: a member's HLC may run ahead for good reasons,
 * its wall clock may not. A member whose wall clock is further off than the bound is told about once
 * when it gets there and once when it comes back, never at every ping, and in words that say which
 * device to put right where that can be told. Both ends of a connection ping, so the device with the
 * wrong clock measures the same offset and says the same; nothing on the wire is needed for it.
 */
final class MemberClocks {

    /** Where a member's wall clock stands against this device's. */
    enum Standing { AGREES, AHEAD, BEHIND }

    /**
     * Once beyond the bound, a member counts as back only within this share of it: an offset that
     * hovers at the bound would otherwise be told about at every other ping.
     */
    private static final double BACK_WITHIN = 0.9;

    private final long boundMillis;
    private final Function<DeviceId, String> names;
    private final Map<DeviceId, Measured> latest = new HashMap<>();

    private record Measured(long offsetMillis, Standing standing) {
    }

    MemberClocks(Duration bound, Function<DeviceId, String> names) {
        this.boundMillis = bound.toMillis();
        this.names = names;
    }

    /**
     * Whether {@code sample} can be judged by: its offset may be off by half its round trip, so one
     * that took longer than the bound (a ping that crossed a jump of the wall clock, say) says too
     * little.
     */
    boolean usable(ClockSample sample) {
        return sample.rttMillis() <= boundMillis;
    }

    /**
     * Takes a usable measurement of {@code member}'s wall clock; returns the event it deserves, if
     * its standing changed. {@code local} is this device's clock, for a jump held here.
     */
    synchronized Optional<ClockEvent> measured(DeviceId member, ClockSample sample, ClockState local) {
        long offset = sample.clockOffsetMillis();
        Measured before = latest.get(member);
        Standing standing = standing(offset, before == null ? Standing.AGREES : before.standing());
        latest.put(member, new Measured(offset, standing));
        if (before == null ? standing == Standing.AGREES : standing == before.standing()) {
            return Optional.empty();
        }
        String name = names.apply(member);
        if (standing == Standing.AGREES) {
            return Optional.of(new ClockEvent("clock.agrees", name + "'s clock agrees with this device's again ("
                    + Counted.span(offset) + " apart)"));
        }
        return Optional.of(new ClockEvent("clock.skew", ClockSample.inWords(name, offset) + ". Sync goes on, but changes made on"
                + " the one ahead look newer than they are. " + whatToDo(member, name, offset, local)));
    }

    /** The standing of {@code member}'s last measurement, or empty if it was never measured. */
    synchronized Optional<Standing> standingOf(DeviceId member) {
        return Optional.ofNullable(latest.get(member)).map(Measured::standing);
    }

    private Standing standing(long offset, Standing before) {
        long limit = before == Standing.AGREES ? boundMillis : (long) (boundMillis * BACK_WITHIN);
        if (offset > limit) {
            return before == Standing.BEHIND && offset <= boundMillis ? Standing.AGREES : Standing.AHEAD;
        }
        if (offset < -limit) {
            return before == Standing.AHEAD && offset >= -boundMillis ? Standing.AGREES : Standing.BEHIND;
        }
        return Standing.AGREES;
    }

    /**
     * Which device to put right. This one, if its own clock jumped and the member agrees with the
     * time before the jump, or if another member's clock agrees with the member's; the member, if
     * another member's clock agrees with this device's; otherwise two clocks disagree and nothing
     * here can tell which is wrong.
     */
    private String whatToDo(DeviceId member, String name, long offset, ClockState local) {
        if (local.heldBackMillis() > 0 && Math.abs(offset + local.heldBackMillis()) <= boundMillis) {
            return "This device's clock is the one that jumped: set its time automatically (NTP).";
        }
        for (Map.Entry<DeviceId, Measured> other : latest.entrySet()) {
            if (other.getKey().equals(member)) {
                continue;
            }
            long otherOffset = other.getValue().offsetMillis();
            if (other.getValue().standing() == Standing.AGREES) {
                return names.apply(other.getKey()) + "'s clock agrees with this device's, so " + name
                        + "'s is the one to put right: set its time automatically (NTP).";
            }
            if (Math.abs(otherOffset - offset) <= boundMillis) {
                return names.apply(other.getKey()) + "'s clock agrees with " + name
                        + "'s, so this device's is the one to put right: set its time automatically (NTP).";
            }
        }
        return "Set the time automatically (NTP) on whichever of the two shows the wrong time.";
    }
}
