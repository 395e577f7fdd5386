package io.tidemark.app.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LaunchClockTest {
    private static final String STAT = "cpu  2255 34 2290 22625563 6290 127 456 0 0 0\n"
            + "intr 114930548 113199788 3 0 5 263 0 4\n"
            + "ctxt 1990473\n"
            + "btime 1796165244\n"
            + "processes 2915\n";

    @Test
    void theBootTimeIsCorrectedByTheFractionOfASecondTheJdkDrops() {
        // Booted at ...244.068 s: the JDK counts from ...244 s, so its process start is 68 ms early.
        long now = 1_796_165_244_068L + 1_347_760L;

        assertThat(LaunchClock.bootTimeCorrection("1347.76 1658.59\n", STAT, now)).hasValue(68);
    }

    @Test
    void whatDoesNotParseOrIsNoFractionOfASecondCorrectsNothing() {
        long now = 1_796_165_244_068L + 1_347_760L;

        assertThat(LaunchClock.bootTimeCorrection("", STAT, now)).isEmpty();
        assertThat(LaunchClock.bootTimeCorrection("1347.76 1658.59", "cpu 1 2 3\n", now)).isEmpty();
        // The clock was set forward by a minute since the boot: the JDK's figure is as good as any.
        assertThat(LaunchClock.bootTimeCorrection("1347.76 1658.59", STAT, now + 60_000)).isEmpty();
    }

    @Test
    void thisProcessStartedBeforeNow() {
        OptionalLong sinceLaunch = LaunchClock.millisAfterLaunch(System.nanoTime());

        assertThat(sinceLaunch).isPresent();
        assertThat(sinceLaunch.getAsLong()).isPositive();
    }
}
