package io.tidemark.installers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The app image: the linked runtime, the app's jars and two launchers, the app ({@code Tidemark})
 * and the command line ({@code tidemark-cli}), both on the same runtime and class path, so the
 * packaged CLI is the same engine as the app, with the same home folder rules. Every OS's
 * installer is made from it.
 */
record AppImage(HostPlatform platform, Path root, String appLauncher) {

    /** The app's executable. */
    Path app() {
        return platform.launcher(root, appLauncher);
    }

    /** The command line's executable. */
    Path cli() {
        return platform.launcher(root, PackagingConfig.CLI_LAUNCHER);
    }

    /** A launcher's executable by name. */
    Path launcher(String name) {
        return platform.launcher(root, name);
    }

    Path appDir() {
        return platform.appDir(root);
    }

    Path cfg(String launcher) {
        return appDir().resolve(launcher + ".cfg");
    }

    static AppImage build(PackagingConfig config, HostPlatform platform, Path input, Path runtime, Path icon, Path dest)
            throws IOException {
        Tools.deleteTree(dest);
        Path cliProperties = dest.getParent().resolve("cli-launcher.properties");
        Files.createDirectories(dest);
        // A console program on Windows (so its output reaches the terminal), with no Start-menu entry
        // or shortcut of its own (it is typed, not clicked; on Linux see tidemark-cli.desktop); the
        // same JVM flags as the app.
        Files.writeString(cliProperties, "main-class=" + config.cliMainClass() + "\n"
                + "java-options=" + String.join(" ", config.jvmFlags()) + "\n"
                + "win-console=true\nwin-menu=false\nwin-shortcut=false\nlinux-shortcut=false\n", StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(common(config));
        args.addAll(List.of("--type", "app-image", "--dest", dest.toString(), "--input", input.toString(),
                "--main-jar", config.appJar(), "--main-class", config.appMainClass(), "--runtime-image", runtime.toString(),
                "--icon", icon.toString(), "--add-launcher", PackagingConfig.CLI_LAUNCHER + "=" + cliProperties));
        config.jvmFlags().forEach(f -> args.addAll(List.of("--java-options", f)));
        if (platform == HostPlatform.MAC) {
            args.addAll(List.of("--mac-package-identifier", config.appId(), "--mac-package-name", config.name()));
        }
        Tools.jdk("jpackage", args);
        AppImage image = new AppImage(platform, platform.imageRoot(dest, config.name()), config.name());
        if (!Files.isExecutable(image.app()) || !Files.isExecutable(image.cli())) {
            throw new IllegalStateException("jpackage made no launchers at " + image.app() + " and " + image.cli());
        }
        return image;
    }

    /** What every jpackage call names the same way. */
    static List<String> common(PackagingConfig config) {
        return List.of("--name", config.name(), "--app-version", config.numericVersion(), "--vendor", config.vendor(),
                "--description", config.description(), "--copyright", config.copyright());
    }
}
