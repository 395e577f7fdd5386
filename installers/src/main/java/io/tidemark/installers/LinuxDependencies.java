package io.tidemark.installers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * What the Linux packages must depend on so the app starts on a minimal desktop: every shared
 * library that a native library of the app image needs (the JDK's, JavaFX's, and sqlite-jdbc's,
 * which sits inside its jar) and that the image does not bring itself.
 *
 * <p>rpm names a dependency by the library itself ({@code libgtk-3.so.0()(64bit)}), the same on
 * every rpm distribution. Debian names packages, so this table maps each library to its package,
 * with the {@code t64} name that Debian 13 and Ubuntu 24.04 gave some of them first. A library that
 * is not in the table stops the build: a new native dependency must be named here, not guessed.
 */
final class LinuxDependencies {
    private static final String GLIBC = "libc6";
    private static final String GTK = "libgtk-3-0t64 | libgtk-3-0";
    private static final String GLIB = "libglib2.0-0t64 | libglib2.0-0";

    static final Map<String, String> DEBIAN_PACKAGES = Map.ofEntries(
            Map.entry("libc.so.6", GLIBC), Map.entry("libm.so.6", GLIBC), Map.entry("libdl.so.2", GLIBC),
            Map.entry("libpthread.so.0", GLIBC), Map.entry("librt.so.1", GLIBC),
            Map.entry("ld-linux-x86-64.so.2", GLIBC), Map.entry("ld-linux-aarch64.so.1", GLIBC),
            Map.entry("libgcc_s.so.1", "libgcc-s1"), Map.entry("libstdc++.so.6", "libstdc++6"), Map.entry("libz.so.1", "zlib1g"),
            Map.entry("libX11.so.6", "libx11-6"), Map.entry("libXext.so.6", "libxext6"), Map.entry("libXi.so.6", "libxi6"),
            Map.entry("libXrender.so.1", "libxrender1"), Map.entry("libXtst.so.6", "libxtst6"),
            Map.entry("libXxf86vm.so.1", "libxxf86vm1"), Map.entry("libGL.so.1", "libgl1"),
            Map.entry("libgtk-3.so.0", GTK), Map.entry("libgdk-3.so.0", GTK),
            Map.entry("libglib-2.0.so.0", GLIB), Map.entry("libgobject-2.0.so.0", GLIB), Map.entry("libgthread-2.0.so.0", GLIB),
            Map.entry("libgio-2.0.so.0", GLIB), Map.entry("libgdk_pixbuf-2.0.so.0", "libgdk-pixbuf-2.0-0"),
            Map.entry("libpango-1.0.so.0", "libpango-1.0-0"), Map.entry("libpangoft2-1.0.so.0", "libpangoft2-1.0-0"),
            Map.entry("libpangocairo-1.0.so.0", "libpangocairo-1.0-0"), Map.entry("libcairo.so.2", "libcairo2"),
            Map.entry("libcairo-gobject.so.2", "libcairo-gobject2"), Map.entry("libatk-1.0.so.0", "libatk1.0-0t64 | libatk1.0-0"),
            Map.entry("libfontconfig.so.1", "libfontconfig1"), Map.entry("libfreetype.so.6", "libfreetype6"),
            Map.entry("libasound.so.2", "libasound2t64 | libasound2"));

    /** Not a library dependency: the package scripts put the menu entry in place with xdg-desktop-menu. */
    static final String MENU_TOOLS = "xdg-utils";

    private LinuxDependencies() {
    }

    /** The libraries the image's native code needs and does not bring, sorted. */
    static Set<String> externalLibraries(Path imageRoot) throws IOException {
        Map<String, ElfLibrary> libraries = new TreeMap<>();
        try (Stream<Path> files = Files.walk(imageRoot)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".jar")) {
                    readJar(p, libraries);
                } else if (name.endsWith(".so") || name.contains(".so.") || Files.isExecutable(p)) {
                    byte[] bytes = Files.readAllBytes(p);
                    if (ElfLibrary.isElf(bytes)) {
                        libraries.put(name, ElfLibrary.parse(bytes));
                    }
                }
            }
        }
        Set<String> provided = new TreeSet<>(libraries.keySet());
        libraries.values().forEach(l -> l.soname().ifPresent(provided::add));
        Set<String> external = new TreeSet<>();
        libraries.values().forEach(l -> l.needed().stream().filter(n -> !provided.contains(n)).forEach(external::add));
        return external;
    }

    private static void readJar(Path jar, Map<String, ElfLibrary> out) throws IOException {
        try (InputStream raw = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(raw)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (!e.isDirectory() && e.getName().endsWith(".so")) {
                    byte[] bytes = zip.readAllBytes();
                    if (ElfLibrary.isElf(bytes)) {
                        out.put(jar.getFileName() + "!" + e.getName(), ElfLibrary.parse(bytes));
                    }
                }
            }
        }
    }

    /** The deb's Depends: one package (or alternatives) per library, each once, then the menu tools. */
    static List<String> debian(Set<String> libraries) {
        Set<String> unknown = new TreeSet<>(libraries);
        unknown.removeAll(DEBIAN_PACKAGES.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("no Debian package is known for " + unknown
                    + ": name it in LinuxDependencies.DEBIAN_PACKAGES");
        }
        Set<String> packages = new TreeSet<>();
        libraries.forEach(l -> packages.add(DEBIAN_PACKAGES.get(l)));
        packages.add(MENU_TOOLS);
        return List.copyOf(packages);
    }

    /** The rpm's Requires: the libraries themselves, as rpm's automatic dependencies name them, then the menu tools. */
    static List<String> rpm(Set<String> libraries) {
        Set<String> requires = new TreeSet<>();
        libraries.forEach(l -> requires.add(l + "()(64bit)"));
        requires.add(MENU_TOOLS);
        return List.copyOf(requires);
    }
}
