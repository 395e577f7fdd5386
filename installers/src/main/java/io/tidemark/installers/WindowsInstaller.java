package io.tidemark.installers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Windows installer: an .msi that installs for the current user (no administrator needed) into
 * %LOCALAPPDATA%\Tidemark, with a Start-menu entry and a desktop shortcut, and an upgrade code that
 * never changes, so installing a newer version replaces the older one. jpackage builds it with the
 * WiX toolset (v4 or v5, with its Util and UI extensions), which must be on the PATH.
 */
final class WindowsInstaller {
    private WindowsInstaller() {
    }

    static Path build(PackagingConfig config, AppImage image, Path work) throws IOException {
        Path dest = work.resolve("msi");
        Tools.deleteTree(dest);
        List<String> args = new ArrayList<>(AppImage.common(config));
        args.addAll(List.of("--type", "msi", "--app-image", image.root().toString(), "--dest", dest.toString(),
                "--win-per-user-install", "--win-menu", "--win-menu-group", config.name(), "--win-shortcut",
                "--win-upgrade-uuid", config.winUpgradeUuid(), "--about-url", config.homepage()));
        Tools.jdk("jpackage", args);
        Path msi = LinuxInstallers.single(dest, ".msi");
        Files.createDirectories(config.dist());
        return Files.move(msi, config.dist().resolve(config.name() + "-" + config.numericVersion() + "-windows-"
                + HostPlatform.arch() + ".msi"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
