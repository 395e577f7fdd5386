package io.tidemark.engine.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import io.tidemark.engine.testing.IsolatedNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two devices find each other by real mDNS — inside a private network namespace that has only
 * loopback, so no packet can reach the machine's real networks.
 *
 * <p>This JVM never creates a JmDNS: it starts one {@code unshare} process whose shell sets up
 * loopback exactly like {@code shared/tools/isolated} (up, multicast on, a route for 224.0.0.0/4) and
 * then runs two {@link DiscoveryProbeMain} JVMs on interface {@code lo}, each expecting the other.
 * Skipped, with the reason, where unprivileged network namespaces or {@code ip} are unavailable.
 */
class LanDiscoveryNamespaceTest {

    private static final long TIMEOUT_SECONDS = 60;
    private static final int PROBE_SECONDS = 40;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void twoDevicesFindEachOtherOnLoopbackInAPrivateNamespace(@TempDir Path dir) throws Exception {
        IsolatedNetwork.assumeAvailable(dir);

        String alpha = "a" + UUID.randomUUID();
        String beta = "b" + UUID.randomUUID();
        String probe = DiscoveryProbeMain.class.getName();
        // $1 java, $2 classpath, $3 working dir; the probes' output goes to files so no pipe can fill up.
        String script = IsolatedNetwork.SCRIPT_JAVA + " -cp \"$2\" " + probe + " " + alpha + " 47101 lo " + PROBE_SECONDS + " " + beta
                + " \"$3\" >\"$3/alpha.out\" 2>\"$3/alpha.err\" & a=$!\n"
                + IsolatedNetwork.SCRIPT_JAVA + " -cp \"$2\" " + probe + " " + beta + " 47102 lo " + PROBE_SECONDS + " " + alpha
                + " \"$3\" >\"$3/beta.out\" 2>\"$3/beta.err\" & b=$!\n"
                + "wait $a; ra=$?; wait $b; rb=$?\n"
                + "echo \"alpha=$ra beta=$rb\"\n"
                + "[ $ra -eq 0 ] && [ $rb -eq 0 ]\n";
        Path log = dir.resolve("unshare.log");
        int exit = IsolatedNetwork.run(script, List.of(IsolatedNetwork.java(), System.getProperty("java.class.path"), dir.toString()),
                log, TIMEOUT_SECONDS);
        if (exit == -1) {
            fail("namespace run did not finish within " + TIMEOUT_SECONDS + " s\n" + diagnostics(dir));
        }
        assertThat(exit).as("probes' exit codes (0 = found the peer)\n%s", diagnostics(dir))
                .isZero();
        assertThat(lines(dir.resolve("alpha.out"))).as(diagnostics(dir))
                .contains("FOUND " + beta + " 127.0.0.1:47102");
        assertThat(lines(dir.resolve("beta.out"))).as(diagnostics(dir))
                .contains("FOUND " + alpha + " 127.0.0.1:47101");
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static String diagnostics(Path dir) {
        List<String> parts = new ArrayList<>();
        for (String name : List.of("unshare.log", "alpha.out", "alpha.err", "beta.out", "beta.err")) {
            try {
                Path f = dir.resolve(name);
                parts.add("--- " + name + "\n" + (Files.exists(f) ? Files.readString(f) : "(missing)"));
            } catch (IOException e) {
                parts.add("--- " + name + ": " + e);
            }
        }
        return String.join("\n", parts);
    }
}
