package io.tidemark.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.clock.ClockJump;
import io.tidemark.engine.clock.ClockJump.Status;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What became of a jump of this device's clock is said once, in words; a jump a member confirmed at once is not said. */
class ClockJumpReportsTest {
    private static final long HOUR = 3_600_000;
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    private static ClockJump jump(int number, Status status) {
        return new ClockJump(number, AT, HOUR, status);
    }

    private static String said(Optional<ClockEvent> event) {
        return event.map(e -> e.kind() + ": " + e.message()).orElse(null);
    }

    @Test
    void aDisputedJumpIsSaidOnceAndItsWithdrawalOnce() {
        ClockJumpReports reports = new ClockJumpReports();
        assertThat(said(reports.polled(jump(1, Status.HELD)))).isNull();
        assertThat(said(reports.disputed(jump(1, Status.DISPUTED), "desk"))).isEqualTo("clock.jump_disputed: This device's clock"
                + " jumped 1 h ahead, and desk's clock agrees with the time before the jump, so changes here are still stamped on"
                + " that time. Set this device's time automatically (NTP).");
        assertThat(reports.disputed(jump(1, Status.DISPUTED), "desk")).as("the next ping disputes it again").isEmpty();
        assertThat(reports.disputed(jump(1, Status.DISPUTED), "nas")).as("so does another member").isEmpty();
        assertThat(reports.polled(jump(1, Status.DISPUTED))).isEmpty();
        assertThat(said(reports.polled(jump(1, Status.WITHDRAWN)))).isEqualTo("clock.jump_withdrawn: This device's clock came back"
                + " from its jump ahead; no change was stamped on the wrong time.");
        assertThat(reports.polled(jump(1, Status.WITHDRAWN))).isEmpty();
    }

    @Test
    void aJumpTakenWithNobodyToAskIsSaidOnce() {
        ClockJumpReports reports = new ClockJumpReports();
        assertThat(said(reports.polled(jump(1, Status.TAKEN)))).isEqualTo("clock.jump_taken: This device's clock moved 1 h ahead"
                + " at once (a sleep, or the time being set), and no member's clock said otherwise within 2 min; changes are"
                + " stamped on the new time from now on. If it shows a wrong time, set its time automatically (NTP).");
        assertThat(reports.polled(jump(1, Status.TAKEN))).isEmpty();
    }

    @Test
    void aJumpConfirmedAtOnceIsNotSaidButOneConfirmedAfterADisputeIs() {
        ClockJumpReports reports = new ClockJumpReports();
        assertThat(reports.confirmed(jump(1, Status.CONFIRMED), "desk")).as("a sleep, or a correction").isEmpty();
        assertThat(reports.polled(jump(1, Status.CONFIRMED))).isEmpty();

        assertThat(reports.disputed(jump(2, Status.DISPUTED), "desk")).isPresent();
        assertThat(said(reports.confirmed(jump(2, Status.CONFIRMED), "nas"))).isEqualTo("clock.jump_confirmed: nas's clock now"
                + " agrees with this device's, so its jump of 1 h ahead is taken: changes are stamped on the new time from now on.");
        assertThat(reports.confirmed(jump(2, Status.CONFIRMED), "nas")).isEmpty();
    }

    @Test
    void repeatedJumpsAreEachSaid() {
        ClockJumpReports reports = new ClockJumpReports();
        int said = 0;
        for (int n = 1; n <= 5; n++) {
            said += reports.disputed(jump(n, Status.DISPUTED), "desk").isPresent() ? 1 : 0;
            said += reports.disputed(jump(n, Status.DISPUTED), "desk").isPresent() ? 1 : 0;
            said += reports.polled(jump(n, Status.WITHDRAWN)).isPresent() ? 1 : 0;
            said += reports.polled(jump(n, Status.WITHDRAWN)).isPresent() ? 1 : 0;
        }
        assertThat(said).isEqualTo(10);
    }
}
