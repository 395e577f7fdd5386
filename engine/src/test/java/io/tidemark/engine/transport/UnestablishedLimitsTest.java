package io.tidemark.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.identity.DeviceIdentity;
import io.tidemark.engine.protocol.ProtocolException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection that has proven nothing (no hello, no pairing) may send only small frames, and must
 * finish within a deadline however it paces its bytes: dozens of such connections must not be able
 * to make a device hold 16 MiB each.
 */
class UnestablishedLimitsTest {

    @TempDir
    Path dir;

    private Engine alpha;
    private DeviceIdentity stranger;

    @BeforeEach
    void start() throws Exception {
        alpha = Engine.init(new Home(dir.resolve("alpha")), "alpha", "lib");
        alpha.startNetwork(new Engine.NetworkOptions(new InetSocketAddress("127.0.0.1", 0), false, Set.of(), BadPeerInputTest.SHORT));
        stranger = DeviceIdentity.loadOrCreate(dir.resolve("stranger"));
    }

    @AfterEach
    void stop() {
        alpha.close();
    }

    private SSLSocket dial() throws Exception {
        SSLSocket socket = (SSLSocket) Tls.client(stranger, alpha.deviceIdentity().deviceId()).getSocketFactory()
                .createSocket("127.0.0.1", alpha.peerPort());
        Tls.restrict(socket);
        socket.setSoTimeout(20_000);
        socket.startHandshake();
        return socket;
    }

    @Test
    @Timeout(60)
    void aFrameOverTheSmallLimitIsRefusedBeforeAnyHelloOrPairing() throws Exception {
        try (SSLSocket socket = dial(); PeerLink link = new PeerLink(socket, alpha.deviceIdentity().deviceId(), true)) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(PeerLink.UNESTABLISHED_FRAME + 1); // far below the 16 MiB an established connection may send
            out.write(new byte[64]);
            out.flush();
            // Refused at the header: alpha does not wait for the declared bytes (it would time out instead).
            try {
                assertThat(link.receive()).isEmpty();
            } catch (IOException | ProtocolException closed) {
                // reset: closed as well
            }
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(alpha.sync().events().recent(20)).anySatisfy(e -> {
                    assertThat(e.event().kind()).isEqualTo("peer.refused");
                    assertThat(e.event().message()).contains("the limit is " + PeerLink.UNESTABLISHED_FRAME + " bytes");
                }));
    }

    @Test
    @Timeout(60)
    void aConnectionThatTricklesItsFirstFrameIsCutOffAtTheDeadline() throws Exception {
        try (SSLSocket socket = dial()) {
            OutputStream out = socket.getOutputStream();
            new DataOutputStream(out).writeInt(1_000);
            out.flush();
            // One byte every 300 ms: each well inside the 1 s read timeout, the whole frame 300 s away.
            CompletableFuture<Integer> sent = CompletableFuture.supplyAsync(() -> {
                int n = 0;
                try {
                    while (n < 1_000) {
                        out.write('x');
                        out.flush();
                        n++;
                        Thread.sleep(300);
                    }
                } catch (IOException | InterruptedException e) {
                    // alpha closed the connection
                }
                return n;
            });
            InputStream in = socket.getInputStream();
            try {
                while (in.read() >= 0) {
                    // whatever alpha says before it closes
                }
            } catch (IOException closed) {
                // reset: closed as well
            }
            int bytes = sent.get(30, TimeUnit.SECONDS);
            assertThat(bytes).as("cut off long before the frame was complete").isLessThan(100);
        }
        assertThat(alpha.sync().events().recent(20)).noneMatch(e -> e.event().kind().equals("peer.joined"));
    }
}
