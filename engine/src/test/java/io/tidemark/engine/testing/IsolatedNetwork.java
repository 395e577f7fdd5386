package io.tidemark.engine.testing;

import io.tidemark.engine.api.JavaCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a shell script inside a private network namespace that has only loopback, with multicast
 * on, set up exactly like shared/tools/isolated: mDNS inside it can never reach a real interface.
 * Tests that use it are skipped, with the reason, where namespaces are unavailable.
 */
public final class IsolatedNetwork {

    /** The loopback set-up of shared/tools/isolated, verbatim. */
    public static final String LOOPBACK_SETUP =
            "ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo";

    private IsolatedNetwork() {
    }

    /** {@code -n} as root, else {@code -rn} (a user namespace as well, which needs no privileges). */
    public static String unshareFlag() throws InterruptedException {
        try {
            Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return id.waitFor() == 0 && uid.equals("0") ? "-n" : "-rn";
        } catch (IOException e) {
            return "-rn";
        }
    }

    /** Skips the calling test with the reason unless a namespace with multicast loopback can be made. */
    public static void assumeAvailable(Path dir) throws InterruptedException {
        String flag = unshareFlag();
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

    /**
     * Runs {@code script} (after the loopback set-up) in a new namespace, with {@code args} as $1...;
     * its output goes to {@code log}. Returns the exit code, or -1 after killing it on timeout.
     */
    public static int run(String script, List<String> args, Path log, long timeoutSeconds) throws Exception {
        List<String> command = new ArrayList<>(List.of("unshare", unshareFlag(), "sh", "-c",
                "set -u\n" + LOOPBACK_SETUP + " || exit 97\n" + script, "sh"));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /** This JVM, to start others with the same classpath inside the namespace (passed to scripts as $1). */
    public static String java() {
        return JavaCommand.java();
    }

    /** How a script starts that JVM ({@code $1}) with the flags every Tidemark JVM gets. */
    public static final String SCRIPT_JAVA = "\"$1\" " + String.join(" ", JavaCommand.FLAGS);
}
