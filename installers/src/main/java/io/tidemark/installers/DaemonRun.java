package io.tidemark.installers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code tidemark daemon} started through a launcher of a built image, on loopback with discovery
 * off, for training the CLI's AOT cache and for the smoke test; stopped (SIGTERM, then waited for)
 * when closed.
 */
final class DaemonRun implements AutoCloseable {
    private static final Pattern PID = Pattern.compile("\"pid\"\\s*:\\s*(\\d+)");

    private final Process process;
    private final Path log;

    private DaemonRun(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts it and returns once its control API is up (its daemon.json names this process). */
    static DaemonRun start(Path cli, Path home, Map<String, String> env, List<String> extraArgs) throws IOException, InterruptedException {
        Path log = home.resolveSibling(home.getFileName() + "-daemon.log");
        List<String> command = new ArrayList<>(List.of(cli.toString(), "--home", home.toString(), "daemon",
                "--discovery", "off", "--listen", "127.0.0.1:0"));
        command.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        DaemonRun run = new DaemonRun(p, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Path daemonFile = home.resolve("daemon.json");
        while (true) {
            if (!p.isAlive()) {
                throw new IOException("the daemon exited (code " + p.exitValue() + "):\n" + run.log());
            }
            if (System.nanoTime() > deadline) {
                run.close();
                throw new IOException("the daemon did not come up within 60 s:\n" + run.log());
            }
            if (Files.isRegularFile(daemonFile)) {
                Matcher m = PID.matcher(Files.readString(daemonFile, StandardCharsets.UTF_8));
                if (m.find() && Long.parseLong(m.group(1)) == p.pid()) {
                    return run;
                }
            }
            Thread.sleep(50);
        }
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM and wait for the clean stop; SIGKILL after 20 s (or at once when interrupted). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
