package io.tidemark.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.cli.TidemarkCli;
import io.tidemark.engine.store.sync.Peer;
import io.tidemark.engine.testing.IsolatedNetwork;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two paired daemons whose remembered addresses are all stale find each other by mDNS and connect:
 * discovery, not memory, supplies the address. Runs inside a private network namespace.
 */
class DiscoveryDialNamespaceTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void membersFoundByMdnsAreDialled(@TempDir Path dir) throws Exception {
        IsolatedNetwork.assumeAvailable(dir);
        Path a = dir.resolve("alpha");
        Path b = dir.resolve("bravo");
        try (Engine alpha = Engine.init(new Home(a), "alpha", "lib"); Engine bravo = Engine.init(new Home(b), "bravo", "x")) {
            alpha.startNetwork(new Engine.NetworkOptions(new InetSocketAddress("127.0.0.1", 0), false, Set.of(), PairingTest.FAST));
            bravo.startNetwork(new Engine.NetworkOptions(new InetSocketAddress("127.0.0.1", 0), false, Set.of(), PairingTest.FAST));
            bravo.join(alpha.invite().code(), null).get();
            await().atMost(Duration.ofSeconds(20)).until(() -> alpha.refreshSnapshot().peers().size() == 1);
        }
        // Every remembered address now points nowhere.
        for (Path home : List.of(a, b)) {
            try (Engine e = Engine.open(new Home(home))) {
                for (Peer p : e.sync().peers().list()) {
                    e.sync().peers().upsert(new Peer(p.deviceId(), p.name(), List.of("127.0.0.1:1"), p.trust(), p.lastSeen()));
                }
            }
        }
        String daemon = IsolatedNetwork.SCRIPT_JAVA + " -cp \"$2\" " + TidemarkCli.class.getName() + " --home \"%s\" daemon --listen 127.0.0.1:0"
                + " --discovery on --discovery-interface lo >\"$3/%s.log\" 2>&1 & %s=$!\n";
        String script = String.format(daemon, a, "alpha", "pa") + String.format(daemon, b, "bravo", "pb")
                + IsolatedNetwork.SCRIPT_JAVA + " -cp \"$2\" " + ConnectedProbeMain.class.getName() + " \"" + a + "\" \"" + b + "\" 60; r=$?\n"
                + "kill $pa $pb; wait $pa; wait $pb\n"
                + "exit $r\n";
        Path log = dir.resolve("probe.log");
        int exit = IsolatedNetwork.run(script, List.of(IsolatedNetwork.java(), System.getProperty("java.class.path"), dir.toString()),
                log, 100);
        String diagnostics = Files.readString(log) + "\n--- alpha\n" + read(dir.resolve("alpha.log")) + "\n--- bravo\n"
                + read(dir.resolve("bravo.log"));
        assertThat(exit).as(diagnostics).isZero();
        assertThat(Files.readString(log)).startsWith("CONNECTED");
        try (Engine e = Engine.open(new Home(a))) {
            assertThat(e.sync().peers().list().get(0).addresses()).as("the address discovery found was remembered")
                    .anySatisfy(addr -> assertThat(addr).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:1"));
        }
    }

    private static String read(Path p) throws java.io.IOException {
        return Files.exists(p) ? Files.readString(p) : "(missing)";
    }
}
