package io.tidemark.installers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The macOS installer: a .dmg per architecture (the build machine's), holding Tidemark.app.
 * Signed with a Developer ID when TIDEMARK_MAC_SIGNING_IDENTITY names one (and
 * TIDEMARK_MAC_KEYCHAIN, optionally, the keychain holding it); otherwise the app is signed ad hoc,
 * which an Apple-silicon Mac needs to run it at all, and the build warns that it is unsigned.
 * Notarization follows in the release workflow, where Apple's credentials are.
 */
final class MacInstaller {
    static final String IDENTITY = "TIDEMARK_MAC_SIGNING_IDENTITY";
    static final String KEYCHAIN = "TIDEMARK_MAC_KEYCHAIN";

    private MacInstaller() {
    }

    static Path build(PackagingConfig config, AppImage image, Path work) throws IOException {
        List<String> signing = signing();
        if (signing.isEmpty()) {
            Tools.warn("macOS: " + IDENTITY + " is not set, so Tidemark.app is signed ad hoc only: Gatekeeper will warn"
                    + " people who download it. Set it (and " + KEYCHAIN + ") to sign with a Developer ID.");
            // The training added the caches and edited the launchers' .cfg, which broke jpackage's own seal.
            Tools.run(List.of("codesign", "--force", "--deep", "--sign", "-", image.root().toString()), null, Map.of(), 600);
        } else {
            List<String> sign = new ArrayList<>(List.of("--type", "app-image", "--app-image", image.root().toString()));
            sign.addAll(signing);
            Tools.jdk("jpackage", sign);
        }
        Path dest = work.resolve("dmg");
        Tools.deleteTree(dest);
        List<String> args = new ArrayList<>(AppImage.common(config));
        args.addAll(List.of("--type", "dmg", "--app-image", image.root().toString(), "--dest", dest.toString(),
                "--mac-package-identifier", config.appId(), "--about-url", config.homepage()));
        // The .dmg itself stays unsigned: notarizing and stapling it (release workflow) covers the signed app inside.
        Tools.jdk("jpackage", args);
        Path dmg = LinuxInstallers.single(dest, ".dmg");
        Files.createDirectories(config.dist());
        return Files.move(dmg, config.dist().resolve(config.name() + "-" + config.numericVersion() + "-macos-"
                + HostPlatform.arch() + ".dmg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<String> signing() {
        String identity = System.getenv(IDENTITY);
        if (identity == null || identity.isBlank()) {
            return List.of();
        }
        // The whole identity ("Developer ID Application: Name (TEAMID)"), as the keychain names it.
        List<String> args = new ArrayList<>(List.of("--mac-sign", "--mac-app-image-sign-identity", identity));
        String keychain = System.getenv(KEYCHAIN);
        if (keychain != null && !keychain.isBlank()) {
            args.addAll(List.of("--mac-signing-keychain", keychain));
        }
        return args;
    }
}
