package io.tidemark.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidemark.engine.api.control.ControlClient;
import io.tidemark.engine.api.control.ControlServer;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.transport.PeerService;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two devices on loopback (discovery off): the frame bytes each side counts agree and reach /metrics. */
class PeerTrafficTest {
    private static final PeerService.Timing FAST = new PeerService.Timing(Duration.ofSeconds(5), Duration.ofMillis(200),
            Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(500));

    @TempDir
    Path dir;

    private final List<Engine> engines = new ArrayList<>();

    @AfterEach
    void closeAll() {
        engines.forEach(Engine::close);
    }

    private Engine device(String name) throws Exception {
        Engine e = Engine.init(new Home(dir.resolve(name)), name, name + "'s library");
        engines.add(e);
        e.startNetwork(new Engine.NetworkOptions(new InetSocketAddress("127.0.0.1", 0), false, Set.of(), FAST));
        return e;
    }

    private static PeerTraffic traffic(Engine viewer, Engine other) {
        return viewer.traffic().getOrDefault(other.deviceIdentity().deviceId(), PeerTraffic.ZERO);
    }

    @Test
    void bothSidesCountTheSameFramesAndTheCountersOnlyGrow() throws Exception {
        Engine a = device("alpha");
        Engine b = device("bravo");
        // Not waiting for join's answer: it also waits (up to 10 s) to be introduced to other members.
        b.join(a.invite().code(), null);
        // A few pings each way after the handshake.
        await().atMost(Duration.ofSeconds(20)).until(() -> traffic(a, b).bytesIn() > 1_000 && traffic(b, a).bytesIn() > 1_000
                && traffic(a, b).rttMs() != null);

        PeerTraffic first = traffic(a, b);
        // Whatever alpha has read, bravo wrote earlier: sampled after, bravo's count can only be larger.
        assertThat(traffic(b, a).bytesOut()).isGreaterThanOrEqualTo(first.bytesIn());
        PeerTraffic bSide = traffic(b, a);
        assertThat(traffic(a, b).bytesOut()).isGreaterThanOrEqualTo(bSide.bytesIn());
        assertThat(first.rttMs()).isNotNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> traffic(a, b).bytesIn() > first.bytesIn());
        assertThat(traffic(a, b).bytesOut()).isGreaterThanOrEqualTo(first.bytesOut());

        try (ControlServer _ = ControlServer.start(a, 0)) {
            String metrics = ControlClient.find(a.home()).orElseThrow().get("/metrics");
            DeviceId bravo = b.deviceIdentity().deviceId();
            String line = metrics.lines().filter(l -> l.startsWith("tidemark_peer_bytes_received_total{peer=\"" + bravo + "\"} "))
                    .findFirst().orElseThrow();
            assertThat(Long.parseLong(line.substring(line.lastIndexOf(' ') + 1))).isGreaterThan(first.bytesIn());
        }
    }
}
