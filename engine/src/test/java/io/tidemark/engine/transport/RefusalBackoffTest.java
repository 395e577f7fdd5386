package io.tidemark.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.store.sync.LoggedEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member refused at every Hello dials again like after any failed dial, waiting longer each time,
 * not at the next maintenance round (every 500 ms); the refusal is said once on each side, naming the
 * right device.
 */
class RefusalBackoffTest {
    /** First retry 500 ms, so each wait is at least 250, 500, 1,000 ms; the old redial came within about 550 ms. */
    private static final PeerService.Timing TIMING = new PeerService.Timing(Duration.ofSeconds(5), Duration.ofMillis(300),
            Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(8));

    @TempDir
    Path dir;

    private final List<Engine> engines = new CopyOnWriteArrayList<>();
    private CountingProxy proxy;

    @AfterEach
    void closeAll() throws IOException {
        engines.forEach(Engine::close);
        if (proxy != null) {
            proxy.close();
        }
    }

    private Engine start(String name) throws Exception {
        Engine e = Engine.init(new Home(dir.resolve(name)), name, name + "'s library");
        e.startNetwork(new Engine.NetworkOptions(new InetSocketAddress("127.0.0.1", 0), false, Set.of(), TIMING));
        engines.add(e);
        return e;
    }

    @Test
    void aRefusedMemberBacksOffAndTheRefusalIsSaidOncePerSideNamingTheRightDevice() throws Exception {
        Engine alpha = start("alpha");
        Engine bravo = start("bravo");
        bravo.join(alpha.invite().code(), null).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> alpha.refreshSnapshot().peers().size() == 1
                && alpha.snapshot().peers().get(0).name().equals("bravo")
                && alpha.snapshot().peers().get(0).state().name().equals("CONNECTED")
                && bravo.refreshSnapshot().peers().size() == 1 && bravo.snapshot().peers().get(0).name().equals("alpha"));
        String bravoId = bravo.deviceIdentity().deviceId().toString();
        proxy = new CountingProxy(bravo.peerPort());
        alpha.addAddress(bravoId, "127.0.0.1:" + proxy.port()); // alpha dials bravo through the proxy from now on
        long alphaEvents = alpha.sync().events().lastId();
        long bravoEvents = bravo.sync().events().lastId();

        bravo.forget(alpha.deviceIdentity().deviceId().toString()); // bravo refuses alpha from now on; alpha still trusts bravo

        await().atMost(Duration.ofSeconds(30)).until(() -> proxy.connections().size() >= 4);
        List<Long> at = proxy.connections();
        assertThat(at.get(1) - at.get(0)).as("after the first refusal").isGreaterThanOrEqualTo(250);
        assertThat(at.get(2) - at.get(1)).as("after the second").isGreaterThanOrEqualTo(500);
        assertThat(at.get(3) - at.get(2)).as("after the third").isGreaterThanOrEqualTo(1_000);

        String reason = "alpha was removed from the library \"alpha's library\"; pair it again with a new invite";
        assertThat(refusals(bravo, bravoEvents)).as("bravo refused alpha %d times", at.size())
                .containsExactly("Refused alpha: " + reason);
        assertThat(refusals(alpha, alphaEvents)).containsExactly("bravo refused this device: " + reason);
        assertThat(alpha.refreshSnapshot().peers().get(0).lastError()).isEqualTo("refused by the peer: " + reason);
    }

    private static List<String> refusals(Engine engine, long after) {
        return engine.sync().events().since(after).stream().map(LoggedEvent::event)
                .filter(e -> e.kind().equals("peer.refused")).map(e -> e.message()).toList();
    }

    /** A loopback TCP proxy to one port that records when each connection arrived (milliseconds, monotonic). */
    private static final class CountingProxy implements AutoCloseable {
        private final ServerSocket server;
        private final int target;
        private final List<Long> connections = new CopyOnWriteArrayList<>();
        private final List<Socket> open = new CopyOnWriteArrayList<>();

        CountingProxy(int target) throws IOException {
            this.target = target;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        List<Long> connections() {
            return List.copyOf(connections);
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket in = server.accept();
                    connections.add(System.nanoTime() / 1_000_000);
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                    open.add(in);
                    open.add(out);
                    Thread.ofVirtual().start(() -> pipe(in, out));
                    Thread.ofVirtual().start(() -> pipe(out, in));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void pipe(Socket from, Socket to) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side closed: the other follows
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
