package io.tidemark.installers;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The OS and architecture the installers are built on and for (jpackage builds only for its own
 * OS), and where jpackage puts things in an app image there.
 */
enum HostPlatform {
    LINUX("linux"), WINDOWS("windows"), MAC("macos");

    private final String label;

    HostPlatform(String label) {
        this.label = label;
    }

    static HostPlatform current() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return WINDOWS;
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return MAC;
        }
        if (os.startsWith("linux")) {
            return LINUX;
        }
        throw new IllegalStateException("no installers for " + System.getProperty("os.name"));
    }

    /** x64 or arm64, the names people see in file names. */
    static String arch() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x64";
            case "aarch64", "arm64" -> "arm64";
            default -> throw new IllegalStateException("no installers for the " + arch + " architecture");
        };
    }

    /** The folder name sqlite-jdbc keeps this platform's native library under. */
    String sqliteNativeDir() {
        String os = switch (this) {
            case LINUX -> "Linux";
            case WINDOWS -> "Windows";
            case MAC -> "Mac";
        };
        return "org/sqlite/native/" + os + "/" + (arch().equals("x64") ? "x86_64" : "aarch64") + "/";
    }

    /** The suffix of native libraries here. */
    String nativeLibrarySuffix() {
        return switch (this) {
            case LINUX -> ".so";
            case WINDOWS -> ".dll";
            case MAC -> ".dylib";
        };
    }

    /** Where a linked runtime keeps its native libraries (and where JavaFX looks for its own). */
    Path runtimeNativeDir(Path runtime) {
        return this == WINDOWS ? runtime.resolve("bin") : runtime.resolve("lib");
    }

    /** The app image's top folder, as jpackage names it. */
    Path imageRoot(Path dest, String name) {
        return this == MAC ? dest.resolve(name + ".app") : dest.resolve(name);
    }

    /** Where jpackage puts the jars and each launcher's .cfg in an app image. */
    Path appDir(Path imageRoot) {
        return switch (this) {
            case LINUX -> imageRoot.resolve("lib").resolve("app");
            case WINDOWS -> imageRoot.resolve("app");
            case MAC -> imageRoot.resolve("Contents").resolve("app");
        };
    }

    /** A launcher's executable in an app image. */
    Path launcher(Path imageRoot, String launcherName) {
        return switch (this) {
            case LINUX -> imageRoot.resolve("bin").resolve(launcherName);
            case WINDOWS -> imageRoot.resolve(launcherName + ".exe");
            case MAC -> imageRoot.resolve("Contents").resolve("MacOS").resolve(launcherName);
        };
    }

    String label() {
        return label;
    }
}
