package io.tidemark.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.protocol.Message.Pong;
import org.junit.jupiter.api.Test;

class ClockSampleTest {
    @Test
    void synchronisedClocksGiveZeroOffset() {
        // 10 ms each way, 5 ms processing on the responder.
        assertThat(ClockSample.compute(1000, 1010, 1015, 1025)).isEqualTo(new ClockSample(20, 0));
    }

    @Test
    void remoteAheadGivesPositiveOffset() {
        // Remote clock is 500 ms ahead; 10 ms each way, 5 ms processing.
        assertThat(ClockSample.compute(1000, 1510, 1515, 1025)).isEqualTo(new ClockSample(20, 500));
    }

    @Test
    void remoteBehindGivesNegativeOffset() {
        assertThat(ClockSample.compute(1000, 710, 715, 1025)).isEqualTo(new ClockSample(20, -300));
    }

    @Test
    void asymmetricLegsErrByHalfTheDifference() {
        // 30 ms out, 10 ms back, clocks equal: estimated offset is (30 - 10) / 2 = 10.
        assertThat(ClockSample.compute(0, 30, 30, 40)).isEqualTo(new ClockSample(40, 10));
    }

    @Test
    void negativeRttIsClampedToZero() {
        // Responder claims it spent longer than the whole round trip.
        assertThat(ClockSample.compute(0, 0, 100, 10).rttMillis()).isZero();
    }

    @Test
    void fromPong() {
        Pong pong = new Pong(7, 1000, 1510, 1515);
        assertThat(ClockSample.from(pong, 1025)).isEqualTo(new ClockSample(20, 500));
    }
}
