package io.tidemark.installers;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Start-up figures of the {@code tidemark} command line and of the app, as a person meets them: the
 * wall time of whole processes, each run's own JVM. A benchmark, not a test: it prints min, median
 * and max next to the targets and exits 0 whether they are met or not; non-zero only when a command
 * fails outright. Run it with {@code installers/bench-startup}, which says how.
 *
 * <p>It makes a scratch home, starts a daemon there (loopback only, no discovery), waits until
 * {@code status --json} answers from it, then times {@code status}, {@code status --json} and
 * {@code --version}; with an app launcher and a display, also the app's {@code --self-test}: the
 * window's own "shown after" figure and the time until the app exits.
 */
public final class StartupBench {
    private static final long STATUS_TARGET_MS = 300;
    private static final long VERSION_TARGET_MS = 150;
    private static final long WINDOW_TARGET_MS = 1500;
    private static final int CLI_RUNS = 20;
    private static final int GUI_RUNS = 5;
    private static final int CLI_WARMUPS = 2;
    private static final int GUI_WARMUPS = 1;
    /** The longest a timed command may take before it counts as hung. */
    private static final long COMMAND_TIMEOUT_S = 120;
    private static final Pattern SHOWN = Pattern.compile("shown (\\d+) ms after launch");
    private static final ProcessBuilder.Redirect NOTHING = ProcessBuilder.Redirect.from(new File("/dev/null"));
    private static final String USAGE = "Usage: installers/bench-startup [--runs N] CLI_LAUNCHER [GUI_LAUNCHER]";

    private StartupBench() {
    }

    /** A command that did not do its job; the bench stops with this message and a non-zero status. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    public static void main(String[] args) {
        Integer runs = null;
        List<String> launchers = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                case "--runs" -> runs = i + 1 < args.length ? positive(args[++i]) : -1;
                default -> launchers.add(args[i]);
            }
        }
        if (launchers.isEmpty() || launchers.size() > 2 || (runs != null && runs <= 0)) {
            System.err.println(USAGE);
            System.exit(2);
        }
        try {
            run(launcher(launchers.get(0)), launchers.size() > 1 ? launcher(launchers.get(1)) : null, runs);
        } catch (Failure | IOException e) {
            System.err.println("bench-startup: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            System.err.println("bench-startup: interrupted");
            System.exit(130);
        }
    }

    private static int positive(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code tidemark daemon} of the scratch home, in the background until closed. */
    private static DaemonRun daemon(String cli, Path home) throws Failure, InterruptedException {
        try {
            return DaemonRun.start(Path.of(cli), home, Map.of(), List.of());
        } catch (IOException e) {
            throw new Failure("the daemon did not start: " + e.getMessage());
        }
    }

    /** The figures of a daemon that died while they were taken would be of error messages. */
    private static void alive(DaemonRun daemon) throws Failure {
        try {
            daemon.checkAlive();
        } catch (IOException e) {
            throw new Failure(e.getMessage());
        }
    }

    /** A path as given becomes absolute; a bare name is left for the PATH. */
    private static String launcher(String given) {
        return given.contains("/") ? Path.of(given).toAbsolutePath().normalize().toString() : given;
    }

    private static void run(String cli, String gui, Integer runs) throws Failure, IOException, InterruptedException {
        Path scratch = Files.createTempDirectory("tidemark-bench-startup");
        try {
            Path home = scratch.resolve("home");
            runOnce(List.of(cli, "--home", home.toString(), "init", "--name", "bench"), "init");
            List<Figure> figures = new ArrayList<>();
            int cliRuns = runs == null ? CLI_RUNS : runs;
            try (DaemonRun daemon = daemon(cli, home)) {
                figures.add(time("tidemark status", List.of(cli, "--home", home.toString(), "status"), cliRuns, STATUS_TARGET_MS));
                figures.add(time("tidemark status --json", List.of(cli, "--home", home.toString(), "status", "--json"), cliRuns,
                        STATUS_TARGET_MS));
                alive(daemon);
            }
            figures.add(time("tidemark --version", List.of(cli, "--version"), cliRuns, VERSION_TARGET_MS));
            String guiNote = null;
            if (gui == null) {
                guiNote = "No app launcher given: no window figures.";
            } else if (System.getenv("DISPLAY") == null || System.getenv("DISPLAY").isBlank()) {
                guiNote = "No DISPLAY: no window figures.";
            } else {
                figures.addAll(window(gui, scratch.resolve("gui-home"), runs == null ? GUI_RUNS : runs));
            }
            print(cli, gui, figures, guiNote);
        } finally {
            deleteTree(scratch);
        }
    }

    /** Min, median and max of one figure's runs, in milliseconds; {@code target} null when it has none. */
    record Figure(String name, String runs, List<Long> millis, Long target) {
        long min() {
            return sorted().getFirst();
        }

        long max() {
            return sorted().getLast();
        }

        /** The middle run; of an even count, the mean of the two middle ones. */
        long median() {
            List<Long> s = sorted();
            int n = s.size();
            return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        }

        private List<Long> sorted() {
            return millis.stream().sorted().toList();
        }
    }

    private static Figure time(String name, List<String> command, int runs, long target)
            throws Failure, IOException, InterruptedException {
        for (int i = 0; i < CLI_WARMUPS; i++) {
            runOnce(command, name);
        }
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            millis.add(runOnce(command, name).millis());
        }
        return new Figure(name, runs + " runs after " + CLI_WARMUPS + " warm-ups", millis, target);
    }

    /** The app's self-test: its own figure for the window, and the wall time until it exited. */
    private static List<Figure> window(String gui, Path home, int runs) throws Failure, IOException, InterruptedException {
        List<String> command = List.of(gui, "--self-test", "--home", home.toString(), "--discovery", "off", "--listen", "127.0.0.1:0");
        List<Long> shown = new ArrayList<>();
        List<Long> exited = new ArrayList<>();
        for (int i = 0; i < GUI_WARMUPS + runs; i++) {
            Run run = runOnce(command, "the app's --self-test");
            Matcher m = SHOWN.matcher(run.out());
            if (!m.find()) {
                throw new Failure("the app's --self-test printed no \"shown N ms after launch\": " + run.out().strip());
            }
            if (i >= GUI_WARMUPS) {
                shown.add(Long.parseLong(m.group(1)));
                exited.add(run.millis());
            }
        }
        String label = runs + " runs after " + GUI_WARMUPS + " warm-up";
        return List.of(new Figure("app window shown (its own figure)", label, shown, WINDOW_TARGET_MS),
                new Figure("app --self-test until exit", label, exited, null));
    }

    /** What a finished command printed on stdout, and its wall time from start to exit. */
    record Run(String out, long millis) {
    }

    /**
     * Runs {@code command} to its end, stdin empty and its output in files (so a command that hangs
     * cannot stall the bench on a full pipe); a Failure with its stderr when it exits non-zero.
     */
    static Run runOnce(List<String> command, String what) throws Failure, IOException, InterruptedException {
        Path out = Files.createTempFile("bench-startup", ".out");
        Path err = Files.createTempFile("bench-startup", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectInput(NOTHING)
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            long t0 = System.nanoTime();
            Process process = start(builder);
            try {
                if (!process.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
                    throw new Failure(what + " did not finish within " + COMMAND_TIMEOUT_S + " s: " + String.join(" ", command));
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                if (process.exitValue() != 0) {
                    String stderr = Files.readString(err).strip();
                    throw new Failure(what + " failed (exit " + process.exitValue() + "): " + String.join(" ", command)
                            + (stderr.isEmpty() ? "" : System.lineSeparator() + stderr));
                }
                return new Run(Files.readString(out), millis);
            } finally {
                process.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Process start(ProcessBuilder builder) throws Failure {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new Failure("cannot start " + builder.command().getFirst() + ": " + e.getMessage());
        }
    }

    private static void print(String cli, String gui, List<Figure> figures, String guiNote) {
        System.out.printf("Tidemark start-up: %s%s, %d cores, %s %s, Java %s (of this bench)%n", cli, gui == null ? "" : " and " + gui,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "%-36s %8s %8s %8s   %-14s %s%n", "ms, whole process", "min", "median", "max", "target", "runs");
        for (Figure f : figures) {
            String target = f.target() == null ? "" : "<= " + f.target() + (f.median() <= f.target() ? " met" : " missed");
            System.out.printf(Locale.ROOT, "%-36s %8d %8d %8d   %-14s %s%n", f.name(), f.min(), f.median(), f.max(), target, f.runs());
        }
        if (guiNote != null) {
            System.out.println(guiNote);
        }
        System.out.println("Targets are for the packaged launchers; the median is the figure to quote.");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
