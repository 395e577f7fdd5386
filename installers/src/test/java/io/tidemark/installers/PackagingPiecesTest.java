package io.tidemark.installers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installers' build steps that can be checked without building an installer. */
class PackagingPiecesTest {
    @TempDir
    Path dir;

    @Test
    void installersCarryThreeNumbersThatMsiRpmDebAndMacOsAccept() {
        assertThat(PackagingConfig.numericVersion("1.0.0-SNAPSHOT")).isEqualTo("1.0.0");
        assertThat(PackagingConfig.numericVersion("2.13.7")).isEqualTo("2.13.7");
        assertThat(PackagingConfig.numericVersion("3.1.4.RC1")).isEqualTo("3.1.4");
        assertThatThrownBy(() -> PackagingConfig.numericVersion("0.1.0")).hasMessageContaining("major");
        assertThatThrownBy(() -> PackagingConfig.numericVersion("256.0.0")).hasMessageContaining("major");
        assertThatThrownBy(() -> PackagingConfig.numericVersion("1.0")).hasMessageContaining("MAJOR.MINOR.PATCH");
    }

    @Test
    void theBuildsOwnVersionIsOneInstallersAccept() throws IOException {
        // The parent POM's version is what every installer carries.
        String pom = Files.readString(Path.of("..", "pom.xml"));
        String version = pom.substring(pom.indexOf("<version>") + "<version>".length(), pom.indexOf("</version>"));
        assertThat(PackagingConfig.numericVersion(version)).matches("\\d+\\.\\d+\\.\\d+");
    }

    @Test
    void aRepackedJarIsUnsignedStoredFilteredAndKeepsItsTimes() throws IOException {
        Path in = dir.resolve("signed.jar");
        FileTime entryTime = FileTime.fromMillis(1_700_000_000_000L);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        manifest.getMainAttributes().putValue("Implementation-Version", "1.87");
        manifest.getEntries().computeIfAbsent("a/A.class", k -> new java.util.jar.Attributes()).putValue("SHA-256-Digest", "xyz");
        try (OutputStream raw = Files.newOutputStream(in); JarOutputStream jar = new JarOutputStream(raw, manifest)) {
            for (String name : List.of("a/A.class", "META-INF/BC1024KE.SF", "META-INF/BC1024KE.DSA", "META-INF/services/x.Y",
                    "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so", "org/sqlite/native/Mac/aarch64/libsqlitejdbc.dylib")) {
                JarEntry e = new JarEntry(name);
                e.setLastModifiedTime(entryTime);
                jar.putNextEntry(e);
                jar.write(("contents of " + name).repeat(50).getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        FileTime jarTime = FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(in, jarTime);

        Path out = dir.resolve("out/repacked.jar");
        JarRepacker.repack(in, out, name -> !name.startsWith("org/sqlite/native/") || name.startsWith("org/sqlite/native/Linux/x86_64/"));

        try (ZipFile zip = new ZipFile(out.toFile())) {
            List<String> names = new ArrayList<>();
            zip.stream().forEach(e -> {
                names.add(e.getName());
                assertThat(e.getMethod()).as(e.getName()).isEqualTo(ZipEntry.STORED);
            });
            assertThat(names).containsExactlyInAnyOrder(JarFile.MANIFEST_NAME, "a/A.class", "META-INF/services/x.Y",
                    "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so");
            assertThat(zip.getEntry("a/A.class").getLastModifiedTime().toMillis()).isEqualTo(entryTime.toMillis());
            assertThat(new String(zip.getInputStream(zip.getEntry("a/A.class")).readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("contents of a/A.class".repeat(50));
        }
        try (JarFile jar = new JarFile(out.toFile())) {
            assertThat(jar.getManifest().getEntries()).isEmpty();
            assertThat(jar.getManifest().getMainAttributes().getValue("Implementation-Version")).isEqualTo("1.87");
        }
        assertThat(Files.getLastModifiedTime(out)).isEqualTo(jarTime);
    }

    @Test
    void picocliIsRaisedToClassFilesTheAotCacheHoldsAndTheVerifierAccepts() throws Exception {
        Path picocli = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(Path::of).filter(p -> p.getFileName().toString().matches("picocli-[0-9.]+\\.jar")).findFirst().orElseThrow();
        Path out = dir.resolve("picocli.jar");
        JarRepacker.repack(picocli, out, name -> true);

        List<String> classes = new ArrayList<>();
        int oldBefore = 0;
        try (ZipFile before = new ZipFile(picocli.toFile()); ZipFile after = new ZipFile(out.toFile())) {
            for (ZipEntry e : java.util.Collections.list(after.entries())) {
                if (!e.getName().endsWith(".class") || e.getName().contains("module-info")) {
                    continue;
                }
                classes.add(e.getName());
                assertThat(ClassFileUpgrade.isOld(after.getInputStream(e).readAllBytes())).as(e.getName()).isFalse();
                if (ClassFileUpgrade.isOld(before.getInputStream(before.getEntry(e.getName())).readAllBytes())) {
                    oldBefore++;
                }
            }
        }
        assertThat(oldBefore).as("picocli 4.7.7 is compiled for Java 5").isGreaterThan(100);
        // Loading and initialising every class runs the verifier over every raised method.
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {out.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            for (String c : classes) {
                Class.forName(c.substring(0, c.length() - ".class".length()).replace('/', '.'), true, loader);
            }
            Class<?> spec = Class.forName("picocli.CommandLine$Model$CommandSpec", true, loader);
            Object command = spec.getMethod("create").invoke(null);
            Object cli = Class.forName("picocli.CommandLine", true, loader).getConstructor(Object.class).newInstance(command);
            assertThat(cli.getClass().getMethod("getCommandName").invoke(cli)).isEqualTo("<main class>");
        }
    }

    @Test
    void signatureFilesAreOnlyThoseAtTheTopOfMetaInf() {
        assertThat(JarRepacker.isSignature("META-INF/BC2048KE.SF")).isTrue();
        assertThat(JarRepacker.isSignature("META-INF/bc2048ke.rsa")).isTrue();
        assertThat(JarRepacker.isSignature("META-INF/SIG-foo")).isTrue();
        assertThat(JarRepacker.isSignature("META-INF/versions/9/X.SF")).isFalse();
        assertThat(JarRepacker.isSignature("a/B.SF")).isFalse();
        assertThat(JarRepacker.isSignature("META-INF/MANIFEST.MF")).isFalse();
    }

    @Test
    void javaFxPlatformJarsAreLinkedAndEverythingElseIsTheClassPath() throws IOException {
        for (String n : List.of("javafx-base-25.0.4-linux.jar", "javafx-base-25.0.4.jar", "javafx-graphics-25.0.4-mac-aarch64.jar",
                "ikonli-javafx-12.4.0.jar", "sqlite-jdbc-3.54.1.0.jar", "tidemark-app-1.0.0-SNAPSHOT.jar", "notes.txt")) {
            Files.writeString(dir.resolve(n), "x");
        }
        Libraries libs = Libraries.in(dir);
        assertThat(libs.javafx()).extracting(p -> p.getFileName().toString())
                .containsExactly("javafx-base-25.0.4-linux.jar", "javafx-graphics-25.0.4-mac-aarch64.jar");
        assertThat(libs.app()).extracting(p -> p.getFileName().toString())
                .containsExactly("ikonli-javafx-12.4.0.jar", "sqlite-jdbc-3.54.1.0.jar", "tidemark-app-1.0.0-SNAPSHOT.jar");
    }

    @Test
    void theLinkedRuntimeHoldsWhatTheAppsJarsNeed() throws IOException {
        // The real jars of this build, as the installers profile copies them: jdeps must find
        // the modules the code uses, and the ones it reaches only by reflection are added.
        List<Path> jars = new ArrayList<>();
        for (String cp : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (cp.endsWith(".jar") && !cp.contains("junit") && !cp.contains("assertj") && !cp.contains("byte-buddy")
                    && !cp.contains("opentest4j") && !cp.contains("apiguardian") && !cp.contains("awaitility")
                    && !cp.contains("hamcrest") && !cp.contains("jspecify")) {
                Files.copy(Path.of(cp), dir.resolve(Path.of(cp).getFileName()));
            }
        }
        List<String> modules = RuntimeLinker.modules(Libraries.in(dir));
        assertThat(modules).contains("java.base", "java.sql", "jdk.httpserver", "javafx.controls",
                "jdk.localedata");
    }

    @Test
    void aLaunchersCfgGetsOptionsAtTheEndOfItsJavaOptions() throws IOException {
        Path cfg = dir.resolve("Tidemark.cfg");
        Files.writeString(cfg, "[Application]\napp.mainclass=io.tidemark.app.TidemarkApp\n\n[JavaOptions]\n"
                + "java-options=-Djpackage.app-version=1.0.0\njava-options=-XX:+UseSerialGC\n\n[ArgOptions]\n");
        LauncherConfig.addJavaOptions(cfg, AotTraining.launcherOptions("Tidemark"));
        assertThat(LauncherConfig.values(cfg, "java-options")).containsExactly("-Djpackage.app-version=1.0.0",
                "-XX:+UseSerialGC", "-XX:AOTCache=$APPDIR/Tidemark.aot", "-Xlog:aot*=off");
        assertThat(Files.readString(cfg)).contains("[ArgOptions]");
    }

    @Test
    void elfDependenciesOfTheJdksOwnLibrariesAreRead() throws IOException {
        Path libzip = Path.of(System.getProperty("java.home"), "lib", "libzip.so");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(libzip), "a Linux JDK");
        ElfLibrary lib = ElfLibrary.parse(Files.readAllBytes(libzip));
        assertThat(lib.needed()).contains("libc.so.6").doesNotHaveDuplicates();
        assertThat(lib.soname()).contains("libzip.so");
        assertThatThrownBy(() -> ElfLibrary.parse("#!/bin/sh\necho not elf\n".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("not an ELF");
    }

    @Test
    void everyLibraryTheJdkAndJavaFxNeedHasADebianPackage() throws IOException {
        Path lib = Path.of(System.getProperty("java.home"), "lib");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(lib.resolve("libjava.so")), "a Linux JDK");
        Path image = dir.resolve("image");
        Files.createDirectories(image);
        try (Stream<Path> files = Files.list(lib)) {
            for (Path so : files.filter(p -> p.getFileName().toString().endsWith(".so")).toList()) {
                Files.copy(so, image.resolve(so.getFileName()));
            }
        }
        Files.copy(lib.resolve("server").resolve("libjvm.so"), image.resolve("libjvm.so"));
        for (String cp : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (cp.matches(".*javafx-[a-z]+-[0-9.]+-linux(-aarch64)?\\.jar")) {
                RuntimeLinker.copyRootNatives(Path.of(cp), ".so", image);
            }
        }
        Set<String> external = LinuxDependencies.externalLibraries(image);
        assertThat(external).contains("libc.so.6", "libgtk-3.so.0", "libGL.so.1", "libX11.so.6")
                .doesNotContain("libjava.so", "libjvm.so", "libawt.so");
        List<String> deb = LinuxDependencies.debian(external);
        assertThat(deb).contains("libc6", "libgtk-3-0t64 | libgtk-3-0", "libgl1", LinuxDependencies.MENU_TOOLS).doesNotHaveDuplicates();
        assertThat(LinuxDependencies.rpm(external)).contains("libgtk-3.so.0()(64bit)", "libc.so.6()(64bit)", "xdg-utils");
    }

    @Test
    void aLibraryWithNoKnownPackageStopsTheBuild() {
        assertThatThrownBy(() -> LinuxDependencies.debian(Set.of("libc.so.6", "libwebkit2gtk-4.1.so.0")))
                .hasMessageContaining("libwebkit2gtk-4.1.so.0").hasMessageContaining("DEBIAN_PACKAGES");
    }

    @Test
    void packagingPropertiesNameEveryValueThePackagerReads() throws IOException {
        Path props = dir.resolve("packaging.properties");
        Files.writeString(props, Files.readString(Path.of("src/packaging/packaging.properties")));
        assertThatThrownBy(() -> PackagingConfig.load(props)).hasMessageContaining("run the build through Maven");
        String filled = Files.readString(props).replaceAll("\\$\\{[^}]+}", "1.0.0");
        Files.writeString(props, filled);
        PackagingConfig config = PackagingConfig.load(props);
        assertThat(config.jvmFlags()).contains("-XX:+UseSerialGC");
        assertThat(Map.of("name", config.name(), "appMainClass", config.appMainClass())).doesNotContainValue("");
    }
}
