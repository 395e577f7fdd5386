package io.tidemark.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.identity.DeviceId;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConnectionRulesTest {

    private static DeviceId id(int first) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) first;
        return new DeviceId(bytes);
    }

    @Test
    void bothEndsKeepTheSameConnectionWhenTheyDialAtOnce() {
        Random random = new Random(11);
        for (int i = 0; i < 1_000; i++) {
            byte[] a = new byte[32];
            byte[] b = new byte[32];
            random.nextBytes(a);
            random.nextBytes(b);
            DeviceId x = new DeviceId(a);
            DeviceId y = new DeviceId(b);
            // The connection x dialled is outbound for x and inbound for y: both must agree on keeping it or not.
            assertThat(PeerService.keepsNewConnection(x, y, true)).isEqualTo(PeerService.keepsNewConnection(y, x, false));
            // ...and exactly one of the two crossing connections survives.
            assertThat(PeerService.keepsNewConnection(x, y, true)).isNotEqualTo(PeerService.keepsNewConnection(x, y, false));
        }
    }

    @Test
    void theConnectionDialledByTheSmallerIdWins() {
        DeviceId small = id(0x01);
        DeviceId large = id(0xF0); // compared unsigned: 0xF0 is larger, not negative
        assertThat(PeerService.keepsNewConnection(small, large, true)).isTrue();
        assertThat(PeerService.keepsNewConnection(small, large, false)).isFalse();
        assertThat(PeerService.keepsNewConnection(large, small, true)).isFalse();
        assertThat(PeerService.keepsNewConnection(large, small, false)).isTrue();
    }

    @Test
    void retriesBackOffExponentiallyWithJitterUpToTheCap() {
        Duration first = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(60);
        long[][] table = { // attempts, expected base in ms
            {1, 1_000}, {2, 2_000}, {3, 4_000}, {4, 8_000}, {6, 32_000}, {7, 60_000}, {30, 60_000}, {10_000, 60_000}};
        for (long[] row : table) {
            int attempts = (int) row[0];
            assertThat(PeerService.retryDelayMillis(attempts, first, max, 0.5)).as("no jitter at %d", attempts).isEqualTo(row[1]);
            assertThat(PeerService.retryDelayMillis(attempts, first, max, 0.0)).isEqualTo(row[1] / 2);
            assertThat(PeerService.retryDelayMillis(attempts, first, max, 0.999)).isLessThan(row[1] * 3 / 2).isGreaterThan(row[1]);
        }
    }
}
