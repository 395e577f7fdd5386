package io.tidemark.engine.cli;

import io.tidemark.engine.api.Home;
import io.tidemark.engine.api.JavaCommand;
import io.tidemark.engine.api.control.ControlClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code tidemark daemon} as a child process of this JVM, on this JVM's own Java and class path:
 * a separate heap (benchmarks give it {@code -Xmx}), and a process that can be killed for real.
 * Its output goes to a log file, to read when something went wrong.
 */
final class DaemonProcess implements AutoCloseable {
    private final Home home;
    private final Process process;
    private final Path log;

    private DaemonProcess(Home home, Process process, Path log) {
        this.home = home;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the daemon of {@code home} and returns once its control API answers.
     *
     * @param jvmArgs e.g. {@code -Xmx512m}
     * @param daemonArgs after {@code daemon}, e.g. {@code --listen 127.0.0.1:0 --discovery off}
     * @throws IOException if it exits or does not come up within {@code timeout} (the message ends with its log)
     */
    static DaemonProcess start(Home home, Path log, List<String> jvmArgs, List<String> daemonArgs, Duration timeout)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--home", home.dir().toString(), "daemon"));
        args.addAll(daemonArgs);
        List<String> command = JavaCommand.of(jvmArgs, TidemarkCli.class, args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        DaemonProcess daemon = new DaemonProcess(home, process, log);
        long deadline = System.nanoTime() + timeout.toNanos();
        // The control file names the pid: a file left by an earlier (killed) daemon of this home never counts.
        while (daemon.findControl().isEmpty()) {
            boolean exited = !process.isAlive();
            if (exited || System.nanoTime() > deadline) {
                daemon.kill();
                throw new IOException("the daemon of " + home.dir() + (exited ? " exited (code " + process.exitValue() + ")"
                        : " did not start within " + timeout.toSeconds() + " s") + "; its log:\n" + daemon.log());
            }
            Thread.sleep(20);
        }
        return daemon;
    }

    private Optional<ControlClient> findControl() {
        return ControlClient.find(home).filter(c -> c.pid() == process.pid());
    }

    /** Its control API (valid while it runs). */
    ControlClient control() {
        return findControl().orElseThrow(() -> new IllegalStateException("the daemon of " + home.dir() + " is not running"));
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, nothing is closed. Returns once the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** What it printed so far. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM and wait for a clean stop; SIGKILL if it takes longer than 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
