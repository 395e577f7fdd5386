package io.tidemark.installers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds this OS's installers ({@code ./mvnw -Pinstallers -DskipTests package}), the same steps on
 * every OS:
 * <ol>
 * <li>re-pack the app's jars (unsigned, stored, only this platform's sqlite-jdbc native library);</li>
 * <li>link a runtime with only the modules they need, JavaFX's among them;</li>
 * <li>make the icons from the one source image;</li>
 * <li>build the app image: the app and the command line, two launchers on that runtime;</li>
 * <li>train each launcher's AOT cache on the finished image;</li>
 * <li>make the installers from that image: .deb, .rpm and a tarball on Linux, .msi on Windows,
 *     .dmg on macOS, into {@code installers/target/dist/}.</li>
 * </ol>
 */
public final class Packager {
    private Packager() {
    }

    public static void main(String... args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Packager <packaging.properties>");
            System.exit(2);
        }
        try {
            List<Path> built = build(PackagingConfig.load(Path.of(args[0])));
            Tools.say("built:");
            for (Path p : built) {
                Tools.say(String.format(Locale.ROOT, "  %-44s %6.1f MB", p.getFileName(), Files.size(p) / 1e6));
            }
        } catch (IllegalStateException | IllegalArgumentException | IOException e) {
            System.err.println("[installers] " + e.getMessage());
            System.exit(1);
        }
    }

    static List<Path> build(PackagingConfig config) throws IOException, InterruptedException {
        HostPlatform platform = HostPlatform.current();
        Path work = config.work();
        Tools.say("building the " + platform.label() + " " + HostPlatform.arch() + " installers of " + config.name() + " "
                + config.numericVersion());
        Libraries libs = Libraries.in(config.libs());
        Path input = repackJars(libs, platform, work.resolve("input"));

        List<String> modules = RuntimeLinker.modules(libs);
        Tools.say("linking a runtime of " + String.join(", ", modules));
        Path runtime = work.resolve("runtime");
        RuntimeLinker.link(libs, modules, platform, runtime);

        Path icons = work.resolve("icons");
        IconSet.write(config.iconSource(), icons);
        Path icon = icons.resolve(switch (platform) {
            case LINUX -> "tidemark.png";
            case WINDOWS -> "tidemark.ico";
            case MAC -> "tidemark.icns";
        });

        Tools.say("building the app image");
        AppImage image = AppImage.build(config, platform, input, runtime, icon, work.resolve("image"));
        if (platform == HostPlatform.LINUX) {
            Set<String> libraries = LinuxDependencies.externalLibraries(image.root());
            // Training opens the window, so the GUI libraries the packages will depend on must be here.
            List<String> needed = new ArrayList<>(LinuxDependencies.debian(libraries));
            needed.addAll(List.of("fakeroot", "rpm"));
            if (System.getenv("DISPLAY") == null || System.getenv("DISPLAY").isBlank()) {
                needed.add("xvfb");
            }
            Apt.ensure(needed, "building and training the Linux installers");
        }
        List<String> launchers = List.of(image.appLauncher(), PackagingConfig.CLI_LAUNCHER);
        if (platform == HostPlatform.LINUX) {
            LinuxLaunchScripts.write(image, launchers);
        }
        try (Display display = Display.open(platform)) {
            // The caches are trained through the launchers people will run; the scripts then take the new options.
            AotTraining.train(image, display, work.resolve("training"), platform == HostPlatform.LINUX
                    ? () -> LinuxLaunchScripts.write(image, launchers) : () -> { });
        }

        Tools.deleteTree(config.dist());
        Files.createDirectories(config.dist());
        return switch (platform) {
            case LINUX -> LinuxInstallers.build(config, image, config.templates().resolve("linux"), icon, work);
            case WINDOWS -> List.of(WindowsInstaller.build(config, image, work));
            case MAC -> List.of(MacInstaller.build(config, image, work));
        };
    }

    /** The jars for the app image: unsigned and stored (see JarRepacker), sqlite-jdbc with this platform's library only. */
    static Path repackJars(Libraries libs, HostPlatform platform, Path input) throws IOException {
        Tools.deleteTree(input);
        Files.createDirectories(input);
        String sqliteNatives = "org/sqlite/native/";
        String ours = platform.sqliteNativeDir();
        for (Path jar : libs.app()) {
            JarRepacker.repack(jar, input.resolve(jar.getFileName()),
                    name -> !name.startsWith(sqliteNatives) || name.startsWith(ours) || name.endsWith("/"));
        }
        return input;
    }
}
