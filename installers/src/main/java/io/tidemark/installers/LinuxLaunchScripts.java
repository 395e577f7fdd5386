package io.tidemark.installers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import io.tidemark.engine.cli.TidemarkCli;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * On Linux, the launchers of the app image are small shell scripts written from each launcher's
 * .cfg, in place of jpackage's executables: those ask {@code rpm -qf} and {@code dpkg -S} which
 * package owns them, twice, on every start, to find out where they are installed, and dpkg
 * searches every file list of the system for it: 0.3 s or more of each {@code tidemark status}
 * (its target is 0.3 s in all) and of the app's window. The script starts the same JVM with the same
 * class path, options and properties; it finds the image from its own path, through the
 * /usr/bin/tidemark link too. macOS and Windows keep jpackage's launchers, which ask nobody.
 *
 * <p>The command line's script also picks the JIT compilers per command: a short call (status,
 * peers, tag ...) is over before the optimizing compiler pays back, so it runs with the quick one
 * alone ({@code status} against a daemon 289 to 224 ms, medians, paired); the commands that run long
 * ({@link TidemarkCli#longRunningCommands()}: a daemon's TLS, SQLite, hashing) keep both.
 */
final class LinuxLaunchScripts {
    private LinuxLaunchScripts() {
    }

    /** What a short command line call adds to its launcher's options; the later scaling overrides the .cfg's. */
    static final String QUICK_JIT = "-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=1";

    /** (Re)writes each launcher of {@code image} from its .cfg, e.g. after the AOT training added options. */
    static void write(AppImage image, List<String> launchers) throws IOException {
        for (String launcher : launchers) {
            boolean cli = launcher.equals(PackagingConfig.CLI_LAUNCHER);
            String jitChoice = !cli ? "" : """
                    # The quick compiler alone for a short call; both for a command that runs long.
                    jit="%s"
                    for arg in "$@"; do
                      case "$arg" in
                        %s) jit=; break ;;
                      esac
                    done
                    """.formatted(QUICK_JIT, String.join("|", new TreeSet<>(TidemarkCli.longRunningCommands())));
            Path cfg = image.cfg(launcher);
            String mainClass = single(cfg, "app.mainclass");
            String classPath = LauncherConfig.values(cfg, "app.classpath").stream().map(LinuxLaunchScripts::quoted)
                    .collect(Collectors.joining(":"));
            String options = LauncherConfig.values(cfg, "java-options").stream()
                    .map(o -> "  \"" + quoted(o) + "\" \\").collect(Collectors.joining("\n"));
            String script = """
                    #!/bin/sh
                    # %s, as jpackage's launcher would start it, without asking rpm and dpkg which package
                    # owns this file on every start (see LinuxLaunchScripts in the installers' sources).
                    self=$(readlink -f "$0")
                    image=$(cd "$(dirname "$self")/.." && pwd -P)
                    app="$image/lib/app"
                    %sexec "$image/lib/runtime/bin/java" \\
                    %s%s
                      -Djpackage.app-path="$self" \\
                      -cp "%s" \\
                      %s "$@"
                    """.formatted(launcher, jitChoice, options, cli ? "\n  $jit \\" : "", classPath, mainClass);
            Path exe = image.launcher(launcher);
            Files.deleteIfExists(exe);
            Files.writeString(exe, script, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /**
     * {@code value} for the inside of a double-quoted word: nothing in it is expanded but jpackage's
     * {@code $APPDIR}, which becomes the script's {@code $app}; so a path with spaces stays one word
     * and {@code -Xlog:aot*=off} is never a glob.
     */
    static String quoted(String value) {
        String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("`", "\\`").replace("$", "\\$");
        return escaped.replace("\\$APPDIR", "$app");
    }

    private static String single(Path cfg, String key) throws IOException {
        List<String> values = LauncherConfig.values(cfg, key);
        if (values.size() != 1) {
            throw new IllegalStateException(cfg + " has " + values.size() + " values of " + key);
        }
        return values.get(0);
    }
}
