package io.tidemark.installers;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the installers are made of, as the build states it once ({@code packaging.properties},
 * filled in from the parent POM): the product's names and ids, its version, the launchers' main
 * classes and JVM flags, and where the inputs and outputs live.
 */
record PackagingConfig(String name, String vendor, String description, String appId, String version, String copyright,
                       String maintainerEmail, String homepage, String winUpgradeUuid, String appMainClass, String appJar,
                       String cliMainClass, List<String> jvmFlags, Path libs, Path iconSource, Path templates, Path work,
                       Path dist) {

    /** The CLI's launcher: {@code tidemark-cli}, since {@code tidemark} and {@code Tidemark} are one file on macOS and Windows. */
    static final String CLI_LAUNCHER = "tidemark-cli";
    /** The command people type on Linux (a link to the CLI launcher in /usr/bin). */
    static final String CLI_COMMAND = "tidemark";

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(?:[-.].*)?");

    static PackagingConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return new PackagingConfig(get(p, "name"), get(p, "vendor"), get(p, "description"), get(p, "appId"),
                get(p, "version"), get(p, "copyright"), get(p, "maintainerEmail"), get(p, "homepage"), get(p, "winUpgradeUuid"),
                get(p, "appMainClass"), get(p, "appJar"), get(p, "cliMainClass"),
                List.of(get(p, "jvmFlags").trim().split("\\s+")), Path.of(get(p, "libs")), Path.of(get(p, "iconSource")),
                Path.of(get(p, "templates")), Path.of(get(p, "work")), Path.of(get(p, "dist")));
    }

    private static String get(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank() || value.contains("${")) {
            throw new IllegalArgumentException("packaging.properties has no value for " + key
                    + " (run the build through Maven so it is filled in)");
        }
        return value.trim();
    }

    /**
     * The version installers carry: three numbers, as MSI, rpm, deb and macOS bundles all accept
     * ({@code 1.0.0-SNAPSHOT} becomes {@code 1.0.0}). macOS refuses a major version of 0.
     */
    String numericVersion() {
        return numericVersion(version);
    }

    static String numericVersion(String version) {
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            throw new IllegalArgumentException("version " + version + " is not MAJOR.MINOR.PATCH[-QUALIFIER]");
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        int patch = Integer.parseInt(m.group(3));
        if (major < 1 || major > 255 || minor > 255 || patch > 65535) {
            // MSI's ProductVersion limits, and macOS's CFBundleVersion needs a major of at least 1.
            throw new IllegalArgumentException("version " + version + " must have 1 <= major <= 255, minor <= 255, patch <= 65535");
        }
        return major + "." + minor + "." + patch;
    }

    /** The Linux package name: lower case, as deb and rpm expect. */
    String packageName() {
        return name.toLowerCase(java.util.Locale.ROOT);
    }
}
