package io.tidemark.installers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains Java 25's AOT cache for each launcher of a finished app image, so the packaged app and CLI
 * start with their classes already loaded and linked (JEP 483/514). Each cache is trained by one run
 * of what people do most: the CLI's by {@code status} against a running daemon, the app's by its
 * {@code --self-test} (open the main window on a real home, render it, quit). Each launcher's .cfg
 * then names its cache.
 *
 * <p>A cache only serves the runtime, class path and jar files it was trained on, byte for byte and
 * with the same file times: so it is trained on the image itself, and every installer is made from
 * that image. Where a cache cannot be used (a jar touched after installing), the JVM starts without
 * it and the launcher keeps it quiet about that ({@code -Xlog:aot*=off}); the smoke test runs every
 * launcher with {@code -XX:AOTMode=on}, which fails when the cache cannot be used, so a stale cache
 * never ships.
 */
final class AotTraining {
    private AotTraining() {
    }

    static String cacheName(String launcher) {
        return launcher + ".aot";
    }

    /** The options a launcher gets once its cache exists. */
    static List<String> launcherOptions(String launcher) {
        return List.of("-XX:AOTCache=$APPDIR/" + cacheName(launcher), "-Xlog:aot*=off");
    }

    /** Something to redo once the launchers' .cfg files changed. */
    interface ConfigChanged {
        void apply() throws IOException;
    }

    static void train(AppImage image, Display display, Path scratch, ConfigChanged configChanged)
            throws IOException, InterruptedException {
        Tools.deleteTree(scratch);
        Files.createDirectories(scratch);
        trainCli(image, scratch);
        trainApp(image, display, scratch);
        for (String launcher : List.of(PackagingConfig.CLI_LAUNCHER, image.appLauncher())) {
            LauncherConfig.addJavaOptions(image.cfg(launcher), launcherOptions(launcher));
        }
        configChanged.apply();
        verify(image, display, scratch);
    }

    private static void trainCli(AppImage image, Path scratch) throws IOException, InterruptedException {
        Path home = scratch.resolve("cli-home");
        Tools.run(List.of(image.cli().toString(), "--home", home.toString(), "init", "--name", "training"), null, Map.of(), 120);
        Path cache = image.appDir().resolve(cacheName(PackagingConfig.CLI_LAUNCHER));
        try (DaemonRun _ = DaemonRun.start(image.cli(), home, Map.of(), List.of())) {
            Tools.say("training the command line's AOT cache (status against a running daemon)");
            Tools.run(List.of(image.cli().toString(), "--home", home.toString(), "status"), null, training(cache), 300);
        }
        requireCache(cache);
    }

    private static void trainApp(AppImage image, Display display, Path scratch) throws IOException {
        Path cache = image.appDir().resolve(cacheName(image.appLauncher()));
        Map<String, String> env = new HashMap<>(display.env());
        env.putAll(training(cache));
        Tools.say("training the app's AOT cache (--self-test: main window opened and rendered)");
        Tools.run(List.of(image.app().toString(), "--self-test", "--home", scratch.resolve("app-home").toString(),
                "--discovery", "off", "--listen", "127.0.0.1:0"), null, env, 300);
        requireCache(cache);
    }

    /** Each launcher once with -XX:AOTMode=on: the JVM refuses to start if the cache cannot be used. */
    static void verify(AppImage image, Display display, Path scratch) throws IOException {
        Map<String, String> strict = Map.of("JAVA_TOOL_OPTIONS", "-XX:AOTMode=on");
        Tools.run(List.of(image.cli().toString(), "--version"), null, strict, 60);
        Map<String, String> env = new HashMap<>(display.env());
        env.putAll(strict);
        Tools.run(List.of(image.app().toString(), "--self-test", "--home", scratch.resolve("app-home").toString(),
                "--discovery", "off", "--listen", "127.0.0.1:0"), null, env, 120);
    }

    private static Map<String, String> training(Path cache) {
        return Map.of("JAVA_TOOL_OPTIONS", "-XX:AOTCacheOutput=" + cache);
    }

    private static void requireCache(Path cache) throws IOException {
        if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
            throw new IllegalStateException("the training run wrote no AOT cache at " + cache);
        }
        Tools.say(String.format("  %s: %.1f MB", cache.getFileName(), Files.size(cache) / 1e6));
    }
}
