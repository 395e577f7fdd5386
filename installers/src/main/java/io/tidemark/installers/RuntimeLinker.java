package io.tidemark.installers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Links the runtime the installers ship: only the JDK modules the app's jars need (as jdeps reads
 * them), JavaFX's modules, and what the code reaches only by reflection or service lookup. Temurin
 * 25 has no jmods, so jlink links from the running JDK's own image.
 */
final class RuntimeLinker {
    /**
     * Modules no class refers to statically, so jdeps cannot see them:
     * jdk.localedata holds German number and date formats (the app speaks German);
     * jdk.crypto.cryptoki is not needed (keys are in software), nor jdk.charsets (every file we read is UTF-8).
     */
    static final List<String> REFLECTIVE_MODULES = List.of("jdk.localedata");
    /** The locales the app is translated to; jdk.localedata carries only these. */
    static final String LOCALES = "en,de";

    private RuntimeLinker() {
    }

    /** The modules the runtime holds, roots only (jlink adds what they require). */
    static List<String> modules(Libraries libs) {
        String modulePath = libs.javafx().stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        String classPath = libs.app().stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        List<String> args = new ArrayList<>(List.of("--multi-release", "25", "--ignore-missing-deps", "--print-module-deps",
                "--module-path", modulePath, "--class-path", classPath));
        libs.app().forEach(p -> args.add(p.toString()));
        String printed = Tools.jdk("jdeps", args).lines().filter(l -> !l.startsWith("Warning")).reduce("", (a, b) -> b).trim();
        TreeSet<String> modules = new TreeSet<>(Arrays.asList(printed.split(",")));
        modules.removeIf(String::isBlank);
        if (!modules.contains("java.base") || modules.stream().noneMatch(m -> m.startsWith("javafx."))) {
            throw new IllegalStateException("jdeps found no JavaFX or java.base module: " + printed);
        }
        modules.addAll(REFLECTIVE_MODULES);
        return List.copyOf(modules);
    }

    /**
     * Links {@code modules} into {@code output}. JavaFX's native libraries are left out of its
     * modules and copied next to the JDK's own instead, where JavaFX looks first for a linked runtime.
     */
    static void link(Libraries libs, List<String> modules, HostPlatform platform, Path output) throws IOException {
        Tools.deleteTree(output);
        String modulePath = libs.javafx().stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        Tools.jdk("jlink", List.of("--module-path", modulePath, "--add-modules", String.join(",", modules),
                "--include-locales=" + LOCALES, "--strip-debug", "--no-man-pages", "--no-header-files",
                "--exclude-resources=regex:/javafx\\.[a-z]+/[^/]+\\.(so|dll|dylib)", "--output", output.toString()));
        Path nativeDir = platform.runtimeNativeDir(output);
        for (Path jar : libs.javafx()) {
            copyRootNatives(jar, platform.nativeLibrarySuffix(), nativeDir);
        }
    }

    /** Copies the native libraries at the root of {@code jar} (where JavaFX keeps them) into {@code dir}. */
    static List<Path> copyRootNatives(Path jar, String suffix, Path dir) throws IOException {
        List<Path> copied = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(raw)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String name = e.getName();
                if (!e.isDirectory() && name.indexOf('/') < 0 && name.endsWith(suffix)) {
                    Path target = dir.resolve(name);
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                    copied.add(target);
                }
            }
        }
        return copied;
    }
}
