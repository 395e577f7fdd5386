package io.tidemark.installers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;

/**
 * Runs the JDK's tools (jlink, jdeps, jpackage) in this JVM and other programs as processes, and
 * turns every failure into one exception that carries the command and what it printed.
 */
final class Tools {
    private Tools() {
    }

    /** Runs a JDK tool such as jlink; returns what it printed on stdout. */
    static String jdk(String tool, List<String> args) {
        ToolProvider provider = ToolProvider.findFirst(tool)
                .orElseThrow(() -> new IllegalStateException("this JDK has no " + tool + " (build with a full JDK 25)"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = provider.run(o, e, args.toArray(String[]::new));
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        if (code != 0) {
            throw new IllegalStateException(tool + " failed (exit " + code + "): " + String.join(" ", args) + "\n" + printed
                    + err.toString(StandardCharsets.UTF_8));
        }
        return printed;
    }

    /** Runs a JDK tool as a process of its own, for the environment {@code env} it passes on to what it runs. */
    static String jdkProcess(String tool, List<String> args, Map<String, String> env) throws IOException {
        Path exe = Path.of(System.getProperty("java.home"), "bin", tool);
        List<String> command = new ArrayList<>();
        command.add(exe.toString());
        command.addAll(args);
        return run(command, null, env, 1800);
    }

    /** Runs a program to completion within {@code timeoutSeconds}; returns its output (stdout and stderr). */
    static String run(List<String> command, Path dir, Map<String, String> env, long timeoutSeconds) throws IOException {
        return runForResult(command, dir, env, timeoutSeconds).output();
    }

    /** Like {@link #run}, with stdout apart. */
    static Result runForResult(List<String> command, Path dir, Map<String, String> env, long timeoutSeconds) throws IOException {
        Result r = runAllowingFailure(command, dir, env, timeoutSeconds);
        if (r.code() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + r.code() + "):\n" + r.output());
        }
        return r;
    }

    /** How a program ended: its exit code, what it printed on stdout, and on stdout and stderr together. */
    record Result(int code, String stdout, String output) {
    }

    /** Like {@link #run} but hands back a non-zero exit code instead of throwing. */
    static Result runAllowingFailure(List<String> command, Path dir, Map<String, String> env, long timeoutSeconds)
            throws IOException {
        Path log = Files.createTempFile("tidemark-installers", ".log");
        Path err = Files.createTempFile("tidemark-installers", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(log.toFile()).redirectError(err.toFile());
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            pb.environment().putAll(env);
            Process p = pb.start();
            boolean finished;
            try {
                finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                finished = false;
            }
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s:\n"
                        + Files.readString(log, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
            }
            String stdout = Files.readString(log, StandardCharsets.UTF_8);
            return new Result(p.exitValue(), stdout, stdout + Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
            Files.deleteIfExists(err);
        }
    }

    /** Whether {@code program} is on the PATH. */
    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    static List<String> list(Object... parts) {
        List<String> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof List<?> l) {
                l.forEach(x -> out.add(String.valueOf(x)));
            } else {
                out.add(String.valueOf(p));
            }
        }
        return out;
    }

    /** Deletes a folder tree if it exists. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Progress for the person watching the build. */
    static void say(String message) {
        System.out.printf(java.util.Locale.ROOT, "[installers %5.1f s] %s%n", (System.nanoTime() - STARTED) / 1e9, message);
    }

    private static final long STARTED = System.nanoTime();

    /** A warning that a CI run shows as such (GitHub Actions reads ::warning:: lines). */
    static void warn(String message) {
        System.out.println(System.getenv("GITHUB_ACTIONS") != null ? "::warning::" + message : "[installers] WARNING: " + message);
    }
}
