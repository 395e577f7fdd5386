package io.tidemark.installers;

import java.io.File;
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
import java.util.stream.Stream;

/**
 * A {@code tidemark daemon} started through a launcher, on loopback with discovery off, for training
 * the CLI's AOT cache, the smoke test and the start-up bench; stopped (SIGTERM, then waited for) when
 * closed, and by a shutdown hook should the JVM that started it be stopped first (Ctrl-C on the
 * bench), so it never outlives its caller.
 */
final class DaemonRun implements AutoCloseable {
    private static final Pattern PID = Pattern.compile("\"pid\"\\s*:\\s*(\\d+)");
    private static final long START_TIMEOUT_S = 120;
    private static final long STOP_TIMEOUT_S = 20;

    private final Process process;
    private final Path log;
    private final Thread hook;

    private DaemonRun(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.hook = new Thread(this::stop, "tidemark-stop-daemon");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts it and returns once its control API is up (its daemon.json names this process). */
    static DaemonRun start(Path cli, Path home, Map<String, String> env, List<String> extraArgs) throws IOException, InterruptedException {
        Path log = home.resolveSibling(home.getFileName() + "-daemon.log");
        List<String> command = new ArrayList<>(List.of(cli.toString(), "--home", home.toString(), "daemon",
                "--discovery", "off", "--listen", "127.0.0.1:0"));
        command.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        DaemonRun run = new DaemonRun(p, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
        Path daemonFile = home.resolve("daemon.json");
        while (true) {
            try {
                run.checkAlive();
            } catch (IOException e) {
                run.close();
                throw e;
            }
            if (System.nanoTime() > deadline) {
                run.close();
                throw new IOException("the daemon did not come up within " + START_TIMEOUT_S + " s:\n" + run.log());
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

    /** Throws, with the daemon's log, if it has exited. */
    void checkAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IOException("the daemon exited (code " + process.exitValue() + "):\n" + log());
        }
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM to it (and to a launcher's child, should the launcher not exec the JVM), then wait; SIGKILL if it hangs. */
    private void stop() {
        List<ProcessHandle> all = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(STOP_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs stop() too, which is harmless twice.
        }
    }
}
