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
import org.junit.jupiter.api.Assumptions;
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

    /** The loopback set-up of shared/tools/isolated, verbatim. */
    private static final String LOOPBACK_SETUP =
            "ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo";
    private static final long TIMEOUT_SECONDS = 60;
    private static final int PROBE_SECONDS = 40;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void twoDevicesFindEachOtherOnLoopbackInAPrivateNamespace(@TempDir Path dir) throws Exception {
        String unshare = unshareFlag();
        assumeNamespacesWork(unshare, dir);

        String alpha = "a" + UUID.randomUUID();
        String beta = "b" + UUID.randomUUID();
        String probe = DiscoveryProbeMain.class.getName();
        // $1 java, $2 classpath, $3 working dir; the probes' output goes to files so no pipe can fill up.
        String script = "set -u\n"
                + LOOPBACK_SETUP + " || exit 97\n"
                + "\"$1\" -cp \"$2\" " + probe + " " + alpha + " 47101 lo " + PROBE_SECONDS + " " + beta
                + " \"$3\" >\"$3/alpha.out\" 2>\"$3/alpha.err\" & a=$!\n"
                + "\"$1\" -cp \"$2\" " + probe + " " + beta + " 47102 lo " + PROBE_SECONDS + " " + alpha
                + " \"$3\" >\"$3/beta.out\" 2>\"$3/beta.err\" & b=$!\n"
                + "wait $a; ra=$?; wait $b; rb=$?\n"
                + "echo \"alpha=$ra beta=$rb\"\n"
                + "[ $ra -eq 0 ] && [ $rb -eq 0 ]\n";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("unshare.log");
        Process process = new ProcessBuilder("unshare", unshare, "sh", "-c", script, "sh",
                java, System.getProperty("java.class.path"), dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("namespace run did not finish within " + TIMEOUT_SECONDS + " s\n" + diagnostics(dir));
        }
        assertThat(process.exitValue()).as("probes' exit codes (0 = found the peer)\n%s", diagnostics(dir))
                .isZero();
        assertThat(lines(dir.resolve("alpha.out"))).as(diagnostics(dir))
                .contains("FOUND " + beta + " 127.0.0.1:47102");
        assertThat(lines(dir.resolve("beta.out"))).as(diagnostics(dir))
                .contains("FOUND " + alpha + " 127.0.0.1:47101");
    }

    private static String unshareFlag() throws InterruptedException {
        try {
            Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return id.waitFor() == 0 && uid.equals("0") ? "-n" : "-rn";
        } catch (IOException e) {
            return "-rn";
        }
    }

    /** Aborts (skips) the test with the reason unless a namespace with multicast loopback can be made. */
    private static void assumeNamespacesWork(String flag, Path dir) throws InterruptedException {
        String reason;
        try {
            Process check = new ProcessBuilder("sh", "-c",
                    "command -v unshare >/dev/null || { echo 'unshare not found'; exit 1; }\n"
                            + "command -v ip >/dev/null || { echo 'ip not found (iproute2)'; exit 1; }\n"
                            + "unshare " + flag + " true || exit 1\n"
                            + "unshare " + flag + " sh -c '" + LOOPBACK_SETUP + "'")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("check.log").toFile()).start();
            if (!check.waitFor(15, TimeUnit.SECONDS)) {
                check.descendants().forEach(ProcessHandle::destroyForcibly);
                check.destroyForcibly();
                reason = "namespace check timed out";
            } else {
                reason = check.exitValue() == 0 ? null
                        : Files.readString(dir.resolve("check.log")).trim() + " (exit " + check.exitValue() + ")";
            }
        } catch (IOException e) {
            reason = e.toString();
        }
        Assumptions.assumeTrue(reason == null,
                "network namespaces unavailable: `unshare " + flag + "` with loopback multicast failed: " + reason);
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
