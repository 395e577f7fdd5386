package io.tidemark.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class InboundLimitTest {
    private final InetAddress a = InetAddress.getLoopbackAddress();
    private final InetAddress b = InetAddress.getByAddress(new byte[] {10, 0, 0, 2});

    InboundLimitTest() throws Exception {
    }

    @Test
    void oneAddressGetsItsShareAndNoMoreAndAReleaseMakesRoom() {
        InboundLimit limit = new InboundLimit(10, 3);
        assertThat(limit.admit(a)).isTrue();
        assertThat(limit.admit(a)).isTrue();
        assertThat(limit.admit(a)).isTrue();
        assertThat(limit.admit(a)).as("a fourth from one address").isFalse();
        assertThat(limit.admit(b)).as("another address still has room").isTrue();
        limit.release(a);
        assertThat(limit.admit(a)).isTrue();
        assertThat(limit.open()).isEqualTo(4);
    }

    @Test
    void theTotalHoldsAcrossAddresses() throws Exception {
        InboundLimit limit = new InboundLimit(4, 3);
        for (int i = 1; i <= 4; i++) {
            assertThat(limit.admit(InetAddress.getByAddress(new byte[] {10, 0, 1, (byte) i}))).isTrue();
        }
        assertThat(limit.admit(a)).isFalse();
        limit.release(InetAddress.getByAddress(new byte[] {10, 0, 1, 1}));
        assertThat(limit.admit(a)).isTrue();
        limit.release(b); // never admitted: changes nothing
        assertThat(limit.open()).isEqualTo(4);
    }
}
