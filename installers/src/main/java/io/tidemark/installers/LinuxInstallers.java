package io.tidemark.installers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Linux installers, all from one trained app image: a .deb and an .rpm that install into
 * /opt/tidemark with a menu entry and {@code /usr/bin/tidemark}, and a tarball of the app image for
 * any other distribution. Their dependencies are computed from the image's native libraries.
 */
final class LinuxInstallers {
    private LinuxInstallers() {
    }

    static List<Path> build(PackagingConfig config, AppImage image, Path templates, Path icon, Path work) throws IOException {
        Set<String> libraries = LinuxDependencies.externalLibraries(image.root());
        Tools.say("native libraries the packages depend on: " + String.join(", ", libraries));
        Path resources = work.resolve("linux-resources");
        Tools.deleteTree(resources);
        Files.createDirectories(resources);
        // jpackage's own placeholders would add what the build machine has installed: ours name only what the image needs.
        fill(templates.resolve("control"), resources.resolve("control"), LinuxDependencies.debian(libraries));
        fill(templates.resolve("tidemark.spec"), resources.resolve(config.packageName() + ".spec"), LinuxDependencies.rpm(libraries));
        // Their menu-entry commands must not fail an install where there is no menu (see the scripts).
        Files.copy(templates.resolve("postinst"), resources.resolve("postinst"));
        Files.copy(templates.resolve("prerm"), resources.resolve("prerm"));
        // The menu entry's icon: jpackage looks for <launcher>.png in the resource folder.
        Files.copy(icon, resources.resolve(config.name() + ".png"));
        // The menu entry: desktops match the running window to it by its WM_CLASS, which JavaFX sets
        // to the main class, so the dock shows one Tidemark, not a second, nameless window.
        Files.writeString(resources.resolve(config.name() + ".desktop"), Files.readString(templates.resolve("Tidemark.desktop"))
                .replace("TIDEMARK_WM_CLASS", config.appMainClass()));
        // jpackage 25 gives the command line an entry too, whatever its properties say; this one stays out of menus.
        Files.copy(templates.resolve(PackagingConfig.CLI_LAUNCHER + ".desktop"), resources.resolve(PackagingConfig.CLI_LAUNCHER + ".desktop"));

        Path dist = config.dist();
        Files.createDirectories(dist);
        List<Path> built = new ArrayList<>();
        Path debDir = work.resolve("deb");
        Tools.deleteTree(debDir);
        // jpackage's .deb is unpacked again at once to add /usr/bin/tidemark: no use compressing it twice.
        Tools.jdkProcess("jpackage", packageArgs(config, image, "deb", resources, debDir), Map.of("DPKG_DEB_COMPRESSOR_TYPE", "none"));
        built.add(withCommandLink(single(debDir, ".deb"), config, work, dist));
        Path rpmDir = work.resolve("rpm");
        Tools.deleteTree(rpmDir);
        Tools.jdk("jpackage", packageArgs(config, image, "rpm", resources, rpmDir));
        built.add(move(single(rpmDir, ".rpm"), dist));
        built.add(tarball(config, image, dist));
        return built;
    }

    private static void fill(Path template, Path out, List<String> dependencies) throws IOException {
        String text = Files.readString(template);
        if (!text.contains("TIDEMARK_DEPENDENCIES")) {
            throw new IllegalStateException(template + " has no TIDEMARK_DEPENDENCIES to fill in");
        }
        Files.writeString(out, text.replace("TIDEMARK_DEPENDENCIES", String.join(", ", dependencies)));
    }

    private static List<String> packageArgs(PackagingConfig config, AppImage image, String type, Path resources, Path dest) {
        List<String> args = new ArrayList<>(AppImage.common(config));
        args.addAll(List.of("--type", type, "--app-image", image.root().toString(), "--dest", dest.toString(),
                "--resource-dir", resources.toString(), "--linux-package-name", config.packageName(),
                "--linux-deb-maintainer", config.maintainerEmail(), "--linux-menu-group", "Utility;",
                "--linux-app-category", type.equals("deb") ? "utils" : "Applications/System",
                "--linux-rpm-license-type", "Proprietary", "--linux-shortcut", "--about-url", config.homepage()));
        return args;
    }

    /**
     * Re-packs the .deb with {@code /usr/bin/tidemark}, a relative link to the CLI launcher that the
     * package owns (jpackage can only place files under /opt). xz, as every dpkg reads it.
     */
    private static Path withCommandLink(Path deb, PackagingConfig config, Path work, Path dist) throws IOException {
        Path tree = work.resolve("deb-tree");
        Tools.deleteTree(tree);
        Tools.run(List.of("dpkg-deb", "-R", deb.toString(), tree.toString()), null, Map.of(), 300);
        Path bin = tree.resolve("usr").resolve("bin");
        Files.createDirectories(bin);
        Files.createSymbolicLink(bin.resolve(PackagingConfig.CLI_COMMAND),
                Path.of("../../opt/" + config.packageName() + "/bin/" + PackagingConfig.CLI_LAUNCHER));
        Path out = dist.resolve(deb.getFileName());
        Files.deleteIfExists(out);
        Tools.run(List.of("fakeroot", "dpkg-deb", "--root-owner-group", "-Zxz", "--build", tree.toString(), out.toString()),
                null, Map.of(), 900);
        Tools.deleteTree(tree);
        return out;
    }

    /**
     * The app image as a tarball, for distributions without dpkg or rpm: unpack anywhere and run
     * bin/Tidemark. xz, like the packages (gzip would make it a third larger); tar keeps the file
     * times the AOT caches depend on.
     */
    private static Path tarball(PackagingConfig config, AppImage image, Path dist) throws IOException {
        Path out = dist.resolve(config.name() + "-" + config.numericVersion() + "-linux-" + HostPlatform.arch() + ".tar.xz");
        Files.deleteIfExists(out);
        Tools.run(List.of("tar", "-C", image.root().getParent().toString(), "-cJf", out.toString(),
                image.root().getFileName().toString()), null, Map.of("XZ_OPT", "-6 -T0"), 900);
        return out;
    }

    static Path single(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
            if (found.size() != 1) {
                throw new IllegalStateException("expected one " + suffix + " in " + dir + ", found " + found);
            }
            return found.get(0);
        }
    }

    static Path move(Path file, Path dir) throws IOException {
        return Files.move(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
}
