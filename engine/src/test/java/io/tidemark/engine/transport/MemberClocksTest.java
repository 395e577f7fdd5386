package io.tidemark.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.clock.ClockState;
import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.protocol.ClockSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: a run of ping measurements of members' wall clocks, and exactly the events they
 * deserve. An event comes once per change of a member's standing, never once per ping.
 */
class MemberClocksTest {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    private static final long BOUND = HybridLogicalClock.DEFAULT_MAX_DRIFT.toMillis();
    private static final DeviceId DESK = device(1);
    private static final DeviceId NAS = device(2);
    private static final Map<DeviceId, String> NAMES = Map.of(DESK, "desk", NAS, "nas");
    private static final ClockState NOTHING_HELD = new ClockState(HlcTimestamp.ZERO, 0, 0, null);

    private static DeviceId device(int n) {
        byte[] bytes = new byte[DeviceId.LENGTH];
        Arrays.fill(bytes, (byte) n);
        return new DeviceId(bytes);
    }

    /**
     * One measurement and what it must give.
     *
     * @param member   whose clock was measured
     * @param offset   its wall clock minus ours
     * @param held     how far this device's clock holds back a jump of its own
     * @param expected the whole message of the event it deserves, prefixed by its kind ("clock.skew: ..."), or null for none
     */
    private record Ping(DeviceId member, long offset, long held, String expected) {
        @Override
        public String toString() {
            return NAMES.get(member) + " " + offset + " ms" + (held == 0 ? "" : " (held " + held + ")") + " -> " + expected;
        }
    }

    private static Ping ping(DeviceId member, long offset, String expected) {
        return new Ping(member, offset, 0, expected);
    }

    private static List<Ping> repeated(DeviceId member, long offset, int times) {
        List<Ping> pings = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            pings.add(ping(member, offset + i % 3, null));  // a few ms of measuring noise
        }
        return pings;
    }

    private static List<Ping> steps(Object... parts) {
        List<Ping> all = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Ping p) {
                all.add(p);
            } else {
                @SuppressWarnings("unchecked")
                List<Ping> many = (List<Ping>) part;
                all.addAll(many);
            }
        }
        return all;
    }

    private static final String BOTH = " Sync goes on, but changes made on the one ahead look newer than they are. ";
    private static final String EITHER = "Set the time automatically (NTP) on whichever of the two shows the wrong time.";

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("a member 2 min ahead is within the bound: nothing to say, however often measured",
                        steps(repeated(DESK, 2 * MINUTE, 100))),
                Arguments.of("a member 2 h ahead is said once, and once when it comes back", steps(
                        ping(DESK, 2 * HOUR + 3 * MINUTE, "clock.skew: desk's clock is 2 h 3 min ahead of this device's." + BOTH + EITHER),
                        repeated(DESK, 2 * HOUR + 3 * MINUTE, 100),
                        ping(DESK, 1_200, "clock.agrees: desk's clock agrees with this device's again (1 s apart)"),
                        repeated(DESK, 1_200, 100))),
                Arguments.of("ahead then corrected", steps(
                        repeated(DESK, 0, 5),
                        ping(DESK, HOUR, "clock.skew: desk's clock is 1 h ahead of this device's." + BOTH + EITHER),
                        repeated(DESK, HOUR, 5),
                        ping(DESK, 40, "clock.agrees: desk's clock agrees with this device's again (40 ms apart)"))),
                Arguments.of("a member behind", steps(
                        ping(DESK, -2 * HOUR, "clock.skew: desk's clock is 2 h behind this device's." + BOTH + EITHER),
                        repeated(DESK, -2 * HOUR, 20))),
                Arguments.of("an offset hovering at the bound is said once, not at every other ping", steps(
                        ping(DESK, BOUND, null),
                        ping(DESK, BOUND + 1, "clock.skew: desk's clock is 5 min ahead of this device's." + BOTH + EITHER),
                        ping(DESK, BOUND - 1, null),
                        ping(DESK, BOUND + 400, null),
                        ping(DESK, BOUND * 9 / 10 + 1, null),
                        ping(DESK, BOUND * 9 / 10, "clock.agrees: desk's clock agrees with this device's again (4 min 30 s apart)"),
                        ping(DESK, BOUND, null))),
                Arguments.of("from ahead to behind at once", steps(
                        ping(DESK, 2 * HOUR, "clock.skew: desk's clock is 2 h ahead of this device's." + BOTH + EITHER),
                        ping(DESK, -2 * HOUR, "clock.skew: desk's clock is 2 h behind this device's." + BOTH + EITHER))),
                Arguments.of("repeated jumps: said once per change", steps(
                        ping(DESK, 2 * HOUR, "clock.skew: desk's clock is 2 h ahead of this device's." + BOTH + EITHER),
                        repeated(DESK, 2 * HOUR, 3),
                        ping(DESK, 0, "clock.agrees: desk's clock agrees with this device's again (0 ms apart)"),
                        repeated(DESK, 0, 3),
                        ping(DESK, 3 * HOUR, "clock.skew: desk's clock is 3 h ahead of this device's." + BOTH + EITHER),
                        ping(DESK, 10, "clock.agrees: desk's clock agrees with this device's again (10 ms apart)"))),
                Arguments.of("another member agrees with this device: the member is the one to put right", steps(
                        repeated(NAS, 2_000, 3),
                        ping(DESK, 2 * HOUR, "clock.skew: desk's clock is 2 h ahead of this device's." + BOTH
                                + "nas's clock agrees with this device's, so desk's is the one to put right: set its time automatically (NTP)."))),
                Arguments.of("another member agrees with the member: this device is the one to put right", steps(
                        ping(NAS, -2 * HOUR, "clock.skew: nas's clock is 2 h behind this device's." + BOTH + EITHER),
                        ping(DESK, -2 * HOUR - MINUTE, "clock.skew: desk's clock is 2 h 1 min behind this device's." + BOTH
                                + "nas's clock agrees with desk's, so this device's is the one to put right: set its time automatically (NTP)."))),
                Arguments.of("this device's clock jumped and the member agrees with the time before: this device is wrong", steps(
                        new Ping(DESK, -HOUR + 900, HOUR, "clock.skew: desk's clock is 59 min 59 s behind this device's." + BOTH
                                + "This device's clock is the one that jumped: set its time automatically (NTP)."))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void eachChangeOfStandingIsSaidOnce(String name, List<Ping> pings) {
        MemberClocks clocks = new MemberClocks(HybridLogicalClock.DEFAULT_MAX_DRIFT, NAMES::get);
        int said = 0;
        for (int i = 0; i < pings.size(); i++) {
            Ping ping = pings.get(i);
            ClockState local = ping.held() == 0 ? NOTHING_HELD : new ClockState(HlcTimestamp.ZERO, 0, ping.held(), null);
            Optional<ClockEvent> event = clocks.measured(ping.member(), new ClockSample(20, ping.offset()), local);
            assertThat(event.map(e -> e.kind() + ": " + e.message()).orElse(null)).as("%s, ping %d: %s", name, i, ping)
                    .isEqualTo(ping.expected());
            said += event.isPresent() ? 1 : 0;
        }
        assertThat(said).as("events in all").isEqualTo(pings.stream().filter(p -> p.expected() != null).count());
    }

    @Test
    void aSampleWhoseRoundTripExceedsTheBoundIsNotJudged() {
        MemberClocks clocks = new MemberClocks(HybridLogicalClock.DEFAULT_MAX_DRIFT, NAMES::get);
        assertThat(clocks.usable(new ClockSample(BOUND, HOUR))).isTrue();
        assertThat(clocks.usable(new ClockSample(BOUND + 1, HOUR))).as("a ping that crossed a jump of an hour").isFalse();
    }

    @Test
    void theStandingOfEachMemberIsKept() {
        MemberClocks clocks = new MemberClocks(HybridLogicalClock.DEFAULT_MAX_DRIFT, NAMES::get);
        assertThat(clocks.standingOf(DESK)).isEmpty();
        clocks.measured(DESK, new ClockSample(5, 2 * HOUR), NOTHING_HELD);
        clocks.measured(NAS, new ClockSample(5, -2 * HOUR), NOTHING_HELD);
        assertThat(clocks.standingOf(DESK)).contains(MemberClocks.Standing.AHEAD);
        assertThat(clocks.standingOf(NAS)).contains(MemberClocks.Standing.BEHIND);
        clocks.measured(NAS, new ClockSample(5, 0), NOTHING_HELD);
        assertThat(clocks.standingOf(NAS)).contains(MemberClocks.Standing.AGREES);
    }
}
