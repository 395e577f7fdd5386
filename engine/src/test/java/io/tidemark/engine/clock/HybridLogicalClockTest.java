package io.tidemark.engine.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tidemark.engine.clock.ClockJump.Status;
import io.tidemark.engine.clock.HybridLogicalClock.MemberEvidence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven tests in the style of CockroachDB's {@code hlc} package: each scenario is a list of
 * steps that set a fake wall clock (and, for jump scenarios, a fake monotonic clock), perform one
 * operation and state the exact result.
 */
class HybridLogicalClockTest {

    /** 2023-11-14T22:13:20Z: an arbitrary, realistic base time. */
    private static final long T = 1_700_000_000_000L;
    private static final long DRIFT = HybridLogicalClock.DEFAULT_MAX_DRIFT.toMillis();
    private static final long HOLD = HybridLogicalClock.JUMP_HOLD.toMillis();
    private static final long YEAR = HybridLogicalClock.IMPLAUSIBLE_AHEAD.toMillis();
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    private static final int MAX = HlcTimestamp.MAX_LOGICAL;

    private enum Op { TICK, RECEIVE, OBSERVE, MEMBER, STATE }

    /**
     * One step of a scenario.
     *
     * @param wall     the wall-clock value (epoch millis) set before the operation
     * @param elapsed  the monotonic clock set before the operation (jump scenarios only)
     * @param op       what the clock is asked to do
     * @param remote   the remote stamp for RECEIVE, the persisted stamp for OBSERVE, else null
     * @param expected TICK, RECEIVE: the exact stamp, or null if a {@link ClockSkewException} is
     *                 expected; OBSERVE: {@code last()} afterwards; MEMBER: the {@link MemberEvidence};
     *                 STATE: the {@link Status} of the last jump, or null if none was seen
     * @param number   MEMBER: the member's clock minus the wall clock; STATE: the expected held-back millis
     */
    private record Step(long wall, long elapsed, Op op, HlcTimestamp remote, Object expected, long number) {
        Step at(long elapsedMillis) {
            return new Step(wall, elapsedMillis, op, remote, expected, number);
        }

        @Override
        public String toString() {
            return "wall=" + wall + " elapsed=" + elapsed + " " + op + (remote == null ? "" : " " + remote)
                    + (op == Op.MEMBER ? " " + number : "") + " -> " + (expected == null && op != Op.STATE ? "ClockSkewException" : expected)
                    + (op == Op.STATE ? " held " + number : "");
        }
    }

    private static HlcTimestamp ts(long millis, int logical) {
        return new HlcTimestamp(millis, logical);
    }

    private static Step tick(long wall, long expMillis, int expLogical) {
        return new Step(wall, 0, Op.TICK, null, ts(expMillis, expLogical), 0);
    }

    private static Step recv(long wall, long remoteMillis, int remoteLogical, long expMillis, int expLogical) {
        return new Step(wall, 0, Op.RECEIVE, ts(remoteMillis, remoteLogical), ts(expMillis, expLogical), 0);
    }

    private static Step recvRefused(long wall, long remoteMillis, int remoteLogical) {
        return new Step(wall, 0, Op.RECEIVE, ts(remoteMillis, remoteLogical), null, 0);
    }

    private static Step observe(long wall, long millis, int logical, long expLastMillis, int expLastLogical) {
        return new Step(wall, 0, Op.OBSERVE, ts(millis, logical), ts(expLastMillis, expLastLogical), 0);
    }

    /** A member's wall clock measured {@code memberAhead} ahead of ours. */
    private static Step member(long wall, long memberAhead, MemberEvidence expected) {
        return new Step(wall, 0, Op.MEMBER, null, expected, memberAhead);
    }

    private static Step state(long wall, Status lastJump, long heldBack) {
        return new Step(wall, 0, Op.STATE, null, lastJump, heldBack);
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("cockroach-style mixed sequence", List.of(
                        tick(T, T, 0),
                        tick(T, T, 1),                                // same millisecond: counter increments
                        tick(T, T, 2),
                        tick(T + 1, T + 1, 0),                        // normal advance resets the counter
                        recv(T + 1, T, 5, T + 1, 1),                  // remote behind
                        recv(T + 1, T + 1, 7, T + 1, 8),              // equal physical, larger remote logical
                        recv(T + 1, T + 1, 3, T + 1, 9),              // equal physical, smaller remote logical
                        recv(T + 10, T + 5, 100, T + 10, 0),          // wall ahead of both
                        tick(T + 10 - 5_000, T + 10, 1),              // wall clock jumps back
                        recv(T + 5, T + 10, 1, T + 10, 2),            // remote == last physical, wall behind
                        recv(T + 5, T + 1_000, 42, T + 1_000, 43),    // peer ahead
                        tick(T + 5, T + 1_000, 44),
                        recv(T + 5, T + 5 + DRIFT + 1, 0, T + 5 + DRIFT + 1, 1), // beyond the drift bound: merged all the same
                        tick(T + 5, T + 5 + DRIFT + 1, 2),            // and kept
                        recv(T + 5, T + 5 + DRIFT, 0, T + 5 + DRIFT + 1, 3),     // a remote behind last
                        tick(T + 400_000, T + 400_000, 0),
                        recv(T + 400_000, T + 399_000, MAX, T + 400_000, 1))),
                Arguments.of("normal advance", List.of(
                        tick(T, T, 0),
                        tick(T + 1, T + 1, 0),
                        tick(T + 7, T + 7, 0),
                        tick(T + 1_000_000, T + 1_000_000, 0))),
                Arguments.of("same millisecond increments the counter", List.of(
                        tick(T, T, 0),
                        tick(T, T, 1),
                        tick(T, T, 2),
                        tick(T, T, 3),
                        tick(T + 1, T + 1, 0),
                        tick(T + 1, T + 1, 1))),
                Arguments.of("wall clock regression stays monotonic", List.of(
                        tick(T, T, 0),
                        tick(T - 60_000, T, 1),                       // NTP step back a minute
                        tick(T - 60_000, T, 2),
                        tick(T - 59_999, T, 3),                       // wall creeping forward, still behind
                        tick(T - 3_600_000, T, 4),                    // an hour back
                        recv(T - 3_600_000, T - 3_599_990, 9, T, 5),   // remote behind last, wall further behind
                        tick(T, T, 6),                                // wall catches up to the same millisecond
                        tick(T + 1, T + 1, 0))),                      // and only passing it resets the counter
                Arguments.of("peer in the future within drift", List.of(
                        tick(T, T, 0),
                        recv(T, T + 299_999, 7, T + 299_999, 8),       // adopt remote physical, logical = remote + 1
                        tick(T, T + 299_999, 9),                      // local wall far behind: keep the adopted time
                        recv(T, T + 299_999, 3, T + 299_999, 10),      // same physical, smaller remote logical
                        recv(T, T + 299_999, 20, T + 299_999, 21),     // same physical, larger remote logical
                        recv(T + 1, T + 100, 0, T + 299_999, 22),      // remote behind last
                        tick(T + 300_000, T + 300_000, 0))),          // wall finally overtakes
                Arguments.of("remote ahead of last but behind wall", List.of(
                        tick(T, T, 0),
                        recv(T + 50, T + 20, 9, T + 50, 0))),
                Arguments.of("a member 2 min ahead is merged", List.of(
                        tick(T, T, 0),
                        recv(T, T + 2 * MINUTE, 4, T + 2 * MINUTE, 5),
                        tick(T + 1, T + 2 * MINUTE, 6),
                        tick(T + 2 * MINUTE + 1, T + 2 * MINUTE + 1, 0))),
                Arguments.of("a member 2 h ahead is merged: logical time runs ahead until the wall clock catches up", List.of(
                        tick(T, T, 0),
                        recv(T, T + 2 * HOUR, 0, T + 2 * HOUR, 1),
                        tick(T + MINUTE, T + 2 * HOUR, 2),
                        recv(T + MINUTE, T + MINUTE, 9, T + 2 * HOUR, 3),   // a member on real time: still after both
                        tick(T + 2 * HOUR + 1, T + 2 * HOUR + 1, 0))),
                Arguments.of("ahead then corrected: a stamp persisted an hour ahead, then the clock put right", List.of(
                        observe(T, T + HOUR, 17, T + HOUR, 17),       // restart with the stamp the old run wrote
                        tick(T, T + HOUR, 18),
                        recv(T, T + 5, 0, T + HOUR, 19),              // members on real time are merged and behind it
                        recv(T + 10, T + HOUR - 1, MAX, T + HOUR, 20),
                        tick(T + HOUR, T + HOUR, 21),
                        tick(T + HOUR + 1, T + HOUR + 1, 0))),
                Arguments.of("only a stamp more than a year ahead is refused, and leaves the clock alone", List.of(
                        tick(T, T, 0),
                        tick(T, T, 1),
                        recvRefused(T, T + YEAR + 1, 0),
                        recvRefused(T, T + YEAR + 1, MAX),
                        recvRefused(T, HlcTimestamp.MAX_PHYSICAL_MILLIS, MAX), // a peer clock set to year 6429
                        tick(T, T, 2),                                // next tick unaffected
                        recv(T, T, 0, T, 3),                          // and later receives work normally
                        recvRefused(T - 1_000, T - 1_000 + YEAR + 1, 0), // measured from the wall clock
                        recv(T - 1_000, T - 1_000 + YEAR, 0, T - 1_000 + YEAR, 1))),
                Arguments.of("logical overflow on tick rolls into the next millisecond", List.of(
                        recv(T, T, MAX - 1, T, MAX),
                        tick(T, T + 1, 0),                            // never wraps to (T, 0)
                        tick(T, T + 1, 1),
                        tick(T + 1, T + 1, 2),                        // wall reaching the borrowed millisecond
                        tick(T + 2, T + 2, 0))),
                Arguments.of("logical overflow on receive rolls into the next millisecond", List.of(
                        recv(T, T, MAX, T + 1, 0),                    // remote at MAX, remote physical wins
                        observe(T, T + 5, MAX, T + 5, MAX),
                        recv(T, T + 5, MAX, T + 6, 0),                // both at MAX, equal physical
                        observe(T, T + 10, MAX, T + 10, MAX),
                        recv(T, T + 3, 1, T + 11, 0),                 // last at MAX, remote behind
                        observe(T, T + 20, MAX, T + 20, MAX),
                        recv(T, T + 20, 4, T + 21, 0),                // equal physical, last at MAX
                        tick(T, T + 21, 1))),
                Arguments.of("observe of a persisted stamp", List.of(
                        observe(T - 86_400_000, T, 12, T, 12),        // restart: wall a day behind the persisted stamp
                        tick(T - 86_400_000, T, 13),
                        observe(T - 86_400_000, T - 5, 99, T, 13),    // observing an older stamp changes nothing
                        observe(T - 86_400_000, T, 13, T, 13),        // observing an equal stamp changes nothing
                        tick(T - 86_400_000, T, 14),
                        observe(T - 86_400_000, T, 500, T, 500),       // another process issued (T, 500)
                        recv(T - 86_400_000, T - 86_400_000, 3, T, 501),
                        tick(T + 1, T + 1, 0))));
    }

    /**
     * Jump scenarios: the clock has a monotonic source, set with {@link Step#at}. A wall clock that
     * moves further than the monotonic one by more than the drift bound jumped.
     */
    static Stream<Arguments> jumpScenarios() {
        return Stream.of(
                Arguments.of("a forward jump is held, and withdrawn when the wall clock comes back", List.of(
                        tick(T, T, 0).at(0),
                        tick(T + 1_000, T + 1_000, 0).at(1_000),
                        state(T + 1_000, null, 0).at(1_000),
                        tick(T + 2_000 + HOUR, T + 2_000, 0).at(2_000),  // an hour ahead at once: stamps stay on time
                        state(T + 2_000 + HOUR, Status.HELD, HOUR).at(2_000),
                        tick(T + 3_000 + HOUR, T + 3_000, 0).at(3_000),
                        tick(T + 4_000, T + 4_000, 0).at(4_000),      // put right: nothing was stamped an hour ahead
                        state(T + 4_000, Status.WITHDRAWN, 0).at(4_000),
                        tick(T + 5_000, T + 5_000, 0).at(5_000))),
                Arguments.of("a member that agrees with the new time confirms the jump: stamps follow it", List.of(
                        tick(T, T, 0).at(0),
                        tick(T + 8 * HOUR, T + 10, 0).at(10),              // a laptop slept 8 h: looks like a jump
                        member(T + 8 * HOUR, 1_500, MemberEvidence.CONFIRMS).at(20),
                        state(T + 8 * HOUR, Status.CONFIRMED, 0).at(20),
                        tick(T + 8 * HOUR + 10, T + 8 * HOUR + 10, 0).at(30),
                        member(T + 8 * HOUR + 10, 1_500, MemberEvidence.NONE).at(30))),  // nothing held any more
                Arguments.of("a member that agrees with the earlier time disputes the jump and keeps it held", List.of(
                        tick(T, T, 0).at(0),
                        tick(T + 2 * HOUR, T, 1).at(0),
                        member(T + 2 * HOUR, -2 * HOUR + 800, MemberEvidence.DISPUTES).at(0),
                        state(T + 2 * HOUR, Status.DISPUTED, 2 * HOUR).at(0),
                        tick(T + 2 * HOUR + HOLD - 1, T + HOLD - 1, 0).at(HOLD - 1),
                        member(T + 2 * HOUR + HOLD - 1, -2 * HOUR, MemberEvidence.DISPUTES).at(HOLD - 1), // held on
                        tick(T + 2 * HOUR + 2 * HOLD - 2, T + 2 * HOLD - 2, 0).at(2 * HOLD - 2),
                        state(T + 2 * HOUR + 2 * HOLD - 2, Status.DISPUTED, 2 * HOUR).at(2 * HOLD - 2),
                        tick(T + 2 * HOUR + 2 * HOLD - 1, T + 2 * HOUR + 2 * HOLD - 1, 0).at(2 * HOLD - 1), // disputes stopped
                        state(T + 2 * HOUR + 2 * HOLD - 1, Status.TAKEN, 0).at(2 * HOLD - 1))),
                Arguments.of("with no member to ask, a jump is taken when the hold runs out", List.of(
                        tick(T, T, 0).at(0),
                        tick(T + HOUR, T, 1).at(0),
                        tick(T + HOUR + HOLD - 1, T + HOLD - 1, 0).at(HOLD - 1),
                        tick(T + HOUR + HOLD, T + HOUR + HOLD, 0).at(HOLD),
                        state(T + HOUR + HOLD, Status.TAKEN, 0).at(HOLD),
                        tick(T + HOUR + HOLD, T + HOUR + HOLD, 1).at(HOLD))),
                Arguments.of("a member whose clock agrees with neither time says nothing", List.of(
                        tick(T, T, 0).at(0),
                        tick(T + HOUR, T, 1).at(0),
                        member(T + HOUR, 3 * HOUR, MemberEvidence.NONE).at(0),
                        member(T + HOUR, -3 * HOUR, MemberEvidence.NONE).at(0),
                        state(T + HOUR, Status.HELD, HOUR).at(0))),
                Arguments.of("a jump within the drift bound is followed; one just beyond it is held", List.of(
                        tick(T, T, 0).at(0),
                        tick(T + DRIFT, T + DRIFT, 0).at(0),
                        state(T + DRIFT, null, 0).at(0),
                        tick(T + 2 * DRIFT + 1, T + DRIFT, 1).at(0),
                        state(T + 2 * DRIFT + 1, Status.HELD, DRIFT + 1).at(0))),
                Arguments.of("a jump back is not held: stamps stay increasing on the counter", List.of(
                        tick(T, T, 0).at(0),
                        tick(T - HOUR, T, 1).at(1),
                        state(T - HOUR, null, 0).at(1),
                        tick(T - HOUR + 5, T, 2).at(6))),
                Arguments.of("repeated jumps stack, and come back in steps", List.of(
                        tick(T, T, 0).at(0),
                        tick(T + HOUR, T, 1).at(0),                   // +1 h
                        tick(T + 2 * HOUR + 10, T + 10, 0).at(10),    // +1 h more: both held
                        state(T + 2 * HOUR + 10, Status.HELD, 2 * HOUR).at(10),
                        tick(T + HOUR + 20, T + 20, 0).at(20),        // back 1 h: one hour still held
                        state(T + HOUR + 20, Status.HELD, HOUR).at(20),
                        tick(T + 3 * MINUTE + 30, T + 3 * MINUTE + 30, 0).at(30), // back past the jump: followed from there
                        state(T + 3 * MINUTE + 30, Status.WITHDRAWN, 0).at(30),
                        tick(T + 3 * MINUTE + 30 + HOUR, T + 3 * MINUTE + 30, 1).at(30), // and the next jump is a new one
                        state(T + 3 * MINUTE + 30 + HOUR, Status.HELD, HOUR).at(30))),
                Arguments.of("a remote stamp is merged whatever is held", List.of(
                        tick(T, T, 0).at(0),
                        tick(T + HOUR, T, 1).at(0),
                        recv(T + HOUR, T + 10 * MINUTE, 3, T + 10 * MINUTE, 4).at(0), // a member 10 min ahead of real time
                        tick(T + HOUR + 1, T + 10 * MINUTE, 5).at(1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void tableDrivenSteps(String name, List<Step> steps) throws ClockSkewException {
        AtomicLong wall = new AtomicLong();
        run(name, steps, wall, null, new HybridLogicalClock(wall::get, HybridLogicalClock.DEFAULT_MAX_DRIFT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jumpScenarios")
    void tableDrivenJumps(String name, List<Step> steps) throws ClockSkewException {
        AtomicLong wall = new AtomicLong();
        AtomicLong elapsed = new AtomicLong();
        run(name, steps, wall, elapsed, new HybridLogicalClock(wall::get, elapsed::get, HybridLogicalClock.DEFAULT_MAX_DRIFT));
    }

    private static void run(String name, List<Step> steps, AtomicLong wall, AtomicLong elapsed, HybridLogicalClock clock)
            throws ClockSkewException {
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String where = name + ", step " + i + ": " + step;
            wall.set(step.wall());
            if (elapsed != null) {
                elapsed.set(step.elapsed());
            }
            HlcTimestamp before = clock.last();
            switch (step.op()) {
                case TICK -> {
                    HlcTimestamp got = clock.tick();
                    assertThat(got).as(where).isEqualTo(step.expected()).isGreaterThan(before);
                }
                case OBSERVE -> clock.observe(step.remote());
                case MEMBER -> {
                    assertThat(clock.compareWithMember(step.number())).as(where).isEqualTo(step.expected());
                    assertThat(clock.last()).as(where + " (a measurement issues no stamp)").isEqualTo(before);
                }
                case STATE -> {
                    ClockState state = clock.state();
                    assertThat(state.lastJump() == null ? null : state.lastJump().status()).as(where).isEqualTo(step.expected());
                    assertThat(state.heldBackMillis()).as(where).isEqualTo(step.number());
                    assertThat(state.wallMillis()).as(where).isEqualTo(step.wall());
                    assertThat(state.last()).as(where).isEqualTo(before);
                    if (state.lastJump() != null && state.lastJump().status().holding()) {
                        assertThat(state.lastJump().aheadMillis()).as(where).isEqualTo(step.number());
                    }
                }
                case RECEIVE -> {
                    if (step.expected() == null) {
                        ClockSkewException e = catchThrowableOfType(
                                ClockSkewException.class, () -> clock.receive(step.remote()));
                        assertThat(e).as(where).isNotNull();
                        assertThat(e.remote()).as(where).isEqualTo(step.remote());
                        assertThat(e.ahead()).as(where)
                                .isEqualTo(Duration.ofMillis(step.remote().physicalMillis() - step.wall()));
                        assertThat(e.getMessage()).as(where)
                                .contains("more than 365 days")
                                .contains(step.remote().toString())
                                .contains("corrupt");
                        assertThat(clock.last()).as(where + " (clock must not move)").isEqualTo(before);
                    } else {
                        HlcTimestamp got = clock.receive(step.remote());
                        assertThat(got).as(where)
                                .isEqualTo(step.expected())
                                .isGreaterThan(before)
                                .isGreaterThan(step.remote());
                    }
                }
            }
            if (step.expected() instanceof HlcTimestamp expected) {
                assertThat(clock.last()).as(where + " (last)").isEqualTo(expected);
            }
        }
    }

    @Test
    void restartWithWallClockBehindPersistedStampIssuesStrictlyGreaterStamps() throws Exception {
        AtomicLong wall = new AtomicLong(T);
        HybridLogicalClock before = new HybridLogicalClock(wall::get, HybridLogicalClock.DEFAULT_MAX_DRIFT);
        for (int i = 0; i < 1_000; i++) {
            before.tick();
        }
        HlcTimestamp issued = before.receive(ts(T + HOUR, 77)); // the old process had adopted a peer's future time
        assertThat(issued).isEqualTo(ts(T + HOUR, 78));
        HlcTimestamp persisted = HlcTimestamp.parse(issued.toString()); // survives a text round trip to disk

        // Restart: a fresh clock whose wall clock is behind what was persisted (machine clock reset).
        AtomicLong newWall = new AtomicLong(T - 3_600_000);
        HybridLogicalClock after = new HybridLogicalClock(newWall::get, HybridLogicalClock.DEFAULT_MAX_DRIFT);
        assertThat(after.last()).isEqualTo(HlcTimestamp.ZERO);
        after.observe(persisted);
        assertThat(after.last()).isEqualTo(persisted);
        assertThat(after.state().aheadOfWallMillis()).isEqualTo(2 * HOUR);

        HlcTimestamp first = after.tick();
        assertThat(first).isGreaterThan(persisted).isEqualTo(ts(T + HOUR, 79));
        HlcTimestamp received = after.receive(ts(T - 3_600_000, 0));
        assertThat(received).isGreaterThan(first);
    }

    @Test
    void freshClockStartsAtZeroAndFirstTickUsesTheWallClock() {
        AtomicLong wall = new AtomicLong(T);
        HybridLogicalClock clock = new HybridLogicalClock(wall::get, Duration.ofSeconds(1));
        assertThat(clock.last()).isEqualTo(HlcTimestamp.ZERO);
        assertThat(clock.maxDrift()).isEqualTo(Duration.ofSeconds(1));
        assertThat(clock.wallMillis()).isEqualTo(T);
        assertThat(clock.state()).isEqualTo(new ClockState(HlcTimestamp.ZERO, T, 0, null));
        assertThat(clock.tick()).isEqualTo(ts(T, 0));
    }

    @Test
    void aCustomDriftBoundIsTheSmallestJumpHeld() {
        AtomicLong wall = new AtomicLong(T);
        AtomicLong elapsed = new AtomicLong();
        HybridLogicalClock clock = new HybridLogicalClock(wall::get, elapsed::get, Duration.ofMillis(250));
        assertThat(clock.tick()).isEqualTo(ts(T, 0));
        wall.addAndGet(250);
        assertThat(clock.tick()).as("250 ms: within the bound, followed").isEqualTo(ts(T + 250, 0));
        wall.addAndGet(251);
        assertThat(clock.tick()).as("251 ms: held").isEqualTo(ts(T + 250, 1));
        assertThat(clock.state().heldBackMillis()).isEqualTo(251);
        assertThat(clock.compareWithMember(250)).isEqualTo(MemberEvidence.CONFIRMS);
        assertThat(clock.tick()).isEqualTo(ts(T + 501, 0));
    }

    @Test
    void aJumpIsNotedOnceWithItsNumberTimeAndSize() {
        AtomicLong wall = new AtomicLong(T);
        AtomicLong elapsed = new AtomicLong();
        HybridLogicalClock clock = new HybridLogicalClock(wall::get, elapsed::get, HybridLogicalClock.DEFAULT_MAX_DRIFT);
        clock.tick();
        wall.set(T + HOUR);
        ClockState held = clock.state();
        assertThat(held.lastJump()).isEqualTo(new ClockJump(1, java.time.Instant.ofEpochMilli(T + HOUR), HOUR, Status.HELD));
        assertThat(clock.state()).as("reading again sees no new jump").isEqualTo(held);
        clock.tick();
        assertThat(clock.state().lastJump()).isEqualTo(held.lastJump());
        wall.set(T + 3 * HOUR);
        assertThat(clock.state().lastJump()).isEqualTo(new ClockJump(2, java.time.Instant.ofEpochMilli(T + 3 * HOUR), 3 * HOUR,
                Status.HELD));
    }

    @Test
    void zeroMaxDriftStillMergesAStampAheadOfTheWallClock() throws Exception {
        AtomicLong wall = new AtomicLong(T);
        HybridLogicalClock clock = new HybridLogicalClock(wall::get, Duration.ZERO);
        assertThat(clock.receive(ts(T + 1, 0))).isEqualTo(ts(T + 1, 1));
        assertThat(clock.receive(ts(T, 4))).isEqualTo(ts(T + 1, 2));
    }

    @Test
    void constructorValidatesArguments() {
        assertThatThrownBy(() -> new HybridLogicalClock(() -> T, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDrift");
        assertThatNullPointerException().isThrownBy(() -> new HybridLogicalClock(null, Duration.ZERO));
        assertThatNullPointerException().isThrownBy(() -> new HybridLogicalClock(() -> T, null));
    }

    @Test
    void systemClockUsesDefaultDriftCurrentTimeAndHoldsNothing() throws Exception {
        HybridLogicalClock clock = HybridLogicalClock.system();
        assertThat(clock.maxDrift()).isEqualTo(Duration.ofMinutes(5));
        long lower = System.currentTimeMillis();
        HlcTimestamp a = clock.tick();
        HlcTimestamp b = clock.tick();
        long upper = System.currentTimeMillis();
        assertThat(a.physicalMillis()).isBetween(lower, upper + 1);
        assertThat(b).isGreaterThan(a);
        HlcTimestamp c = clock.receive(ts(lower, MAX));
        assertThat(c).isGreaterThan(b).isGreaterThan(ts(lower, MAX));
        assertThat(clock.state().heldBackMillis()).isZero();
        assertThat(clock.state().lastJump()).isNull();
    }

    @Test
    void skewExceptionExposesRemoteAndAheadAndSaysWhyInWords() {
        HlcTimestamp remote = ts(T, 3);
        ClockSkewException e = new ClockSkewException(remote, Duration.ofDays(800));
        assertThat(e.remote()).isSameAs(remote);
        assertThat(e.ahead()).isEqualTo(Duration.ofDays(800));
        assertThat(e.getMessage()).isEqualTo("a stamp of " + remote + " is 800 days ahead of this device's clock, more than"
                + " 365 days; no clock that is merely wrong is that far off, so the stamp was taken to be corrupt and not used");
    }

    /**
     * 100k random operations against a fake wall clock that jumps forward and back; every stamp
     * issued must be strictly greater than the one before it.
     */
    @Test
    void randomOperationsAlwaysIssueStrictlyIncreasingStamps() throws Exception {
        randomOperations(false);
    }

    /** The same with a monotonic clock beside it: held jumps never break the order either. */
    @Test
    void randomOperationsWithJumpDetectionAlwaysIssueStrictlyIncreasingStamps() throws Exception {
        randomOperations(true);
    }

    private static void randomOperations(boolean detectJumps) throws Exception {
        Random random = new Random(20_141_123L);
        AtomicLong wall = new AtomicLong(T);
        AtomicLong elapsed = new AtomicLong();
        HybridLogicalClock clock = detectJumps
                ? new HybridLogicalClock(wall::get, elapsed::get, HybridLogicalClock.DEFAULT_MAX_DRIFT)
                : new HybridLogicalClock(wall::get, HybridLogicalClock.DEFAULT_MAX_DRIFT);
        HlcTimestamp previous = HlcTimestamp.ZERO;
        int ticks = 0;
        int receives = 0;
        int refusals = 0;
        int held = 0;
        for (int i = 0; i < 100_000; i++) {
            int dice = random.nextInt(100);
            if (dice < 15) {
                long step = random.nextInt(20_000);
                wall.addAndGet(step);                                     // time passes, up to 20 s
                elapsed.addAndGet(step);
                continue;
            } else if (dice < 17) {
                wall.addAndGet(random.nextInt(2) == 0 ? random.nextInt(20_000) : random.nextInt((int) (3 * HOUR))); // jump forward
                continue;
            } else if (dice < 20) {
                wall.addAndGet(-random.nextInt(20_000));                  // small step back, up to 20 s
                continue;
            } else if (dice < 21) {
                wall.addAndGet(-random.nextInt((int) (3 * HOUR)));        // big step back, up to 3 h
                continue;
            } else if (dice < 23) {
                // restart-like observe of something at or slightly ahead of what we issued
                HlcTimestamp persisted = ts(previous.physicalMillis() + random.nextInt(3), random.nextInt(MAX + 1));
                clock.observe(persisted);
                assertThat(clock.last()).isGreaterThanOrEqualTo(persisted).isGreaterThanOrEqualTo(previous);
                previous = clock.last(); // every later stamp must also be above what was observed
                continue;
            } else if (dice < 25) {
                clock.compareWithMember(random.nextInt((int) (4 * HOUR)) - 2 * HOUR);
                continue;
            }
            long now = wall.get();
            long stampWall = now - clock.state().heldBackMillis();
            held += stampWall < now ? 1 : 0;
            HlcTimestamp next;
            if (dice < 55) {
                next = clock.tick();
                ticks++;
                assertThat(next.physicalMillis()).as("op %d", i)
                        .isGreaterThanOrEqualTo(stampWall)
                        .isLessThanOrEqualTo(Math.max(previous.physicalMillis(), stampWall) + 1);
            } else if (dice < 97) {
                // a remote stamp anywhere from 10 minutes behind to 2 h ahead; sometimes in our own
                // current millisecond to exercise the equal-physical cases
                long remoteMillis = random.nextInt(4) == 0
                        ? previous.physicalMillis()
                        : now - 600_000 + (long) random.nextInt((int) (600_000 + 2 * HOUR + 1));
                int remoteLogical = random.nextInt(8) == 0 ? MAX : random.nextInt(MAX + 1);
                HlcTimestamp remote = ts(remoteMillis, remoteLogical);
                next = clock.receive(remote);
                receives++;
                assertThat(next).as("op %d", i).isGreaterThan(remote);
                assertThat(next.physicalMillis()).as("op %d", i)
                        .isGreaterThanOrEqualTo(stampWall)
                        .isLessThanOrEqualTo(Math.max(Math.max(previous.physicalMillis(), remoteMillis), stampWall) + 1);
            } else {
                HlcTimestamp before = clock.last();
                HlcTimestamp remote = ts(now + YEAR + 1 + random.nextInt(1_000_000), random.nextInt(MAX + 1));
                assertThatThrownBy(() -> clock.receive(remote)).isInstanceOf(ClockSkewException.class);
                assertThat(clock.last()).as("op %d", i).isEqualTo(before);
                refusals++;
                continue;
            }
            assertThat(next).as("op %d: %s after %s", i, next, previous).isGreaterThan(previous);
            assertThat(next.packed()).isGreaterThan(previous.packed());
            assertThat(next.toString()).isGreaterThan(previous.toString());
            assertThat(clock.last()).isEqualTo(next);
            previous = clock.last();
        }
        assertThat(ticks).isGreaterThan(20_000);
        assertThat(receives).isGreaterThan(30_000);
        assertThat(refusals).isGreaterThan(1_000);
        if (detectJumps) {
            assertThat(held).as("operations while a jump was held").isGreaterThan(1_000);
        } else {
            assertThat(held).isZero();
        }
    }

    @Test
    void concurrentTicksWithFrozenWallClockAreAllDistinct() throws Exception {
        // A frozen wall clock forces every stamp through the counter, and 8 x 20k stamps also cross
        // several logical-counter overflows.
        assertConcurrentTicksDistinct(() -> T, 8, 20_000);
    }

    @Test
    void concurrentTicksWithAdvancingWallClockAreAllDistinct() throws Exception {
        AtomicLong wall = new AtomicLong(T);
        // every call moves the wall clock forward by a millisecond, every 7th call a second back
        LongSupplier jittery = () -> {
            long n = wall.incrementAndGet();
            return (n % 7 == 0) ? n - 1_000 : n;
        };
        assertConcurrentTicksDistinct(jittery, 8, 20_000);
    }

    private static void assertConcurrentTicksDistinct(LongSupplier wall, int threads, int perThread) throws Exception {
        HybridLogicalClock clock = new HybridLogicalClock(wall, HybridLogicalClock.DEFAULT_MAX_DRIFT);
        CyclicBarrier start = new CyclicBarrier(threads);
        long[][] stamps = new long[threads][perThread];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] mine = stamps[t];
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        mine[i] = clock.tick().packed();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "hlc-tick-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(failure.get()).isNull();

        Set<Long> all = new HashSet<>();
        long max = Long.MIN_VALUE;
        for (long[] mine : stamps) {
            for (int i = 0; i < perThread; i++) {
                if (i > 0) {
                    assertThat(mine[i]).as("each thread sees increasing stamps").isGreaterThan(mine[i - 1]);
                }
                all.add(mine[i]);
                max = Math.max(max, mine[i]);
            }
        }
        assertThat(all).hasSize(threads * perThread);
        assertThat(clock.last().packed()).isEqualTo(max);
    }
}
