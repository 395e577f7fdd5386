package io.tidemark.installers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The jars Maven copied for the installers, sorted by where they go: JavaFX's platform jars are
 * linked into the runtime (as modules, so JavaFX runs as it supports and loads its native
 * libraries from the runtime instead of unpacking them into the user's home); everything else is
 * the app's class path.
 */
record Libraries(List<Path> javafx, List<Path> app) {
    /** javafx-graphics-25.0.4-linux.jar and the like; the classifier-less javafx-*.jar are empty parents. */
    private static final Pattern JAVAFX_PLATFORM = Pattern.compile("javafx-[a-z]+-[0-9][^/]*-(linux|win|mac)(-[a-z0-9]+)?\\.jar");
    private static final Pattern JAVAFX_EMPTY = Pattern.compile("javafx-[a-z]+-[0-9][0-9.]*\\.jar");

    static Libraries in(Path dir) throws IOException {
        List<Path> all;
        try (Stream<Path> files = Files.list(dir)) {
            all = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        List<Path> javafx = all.stream().filter(p -> JAVAFX_PLATFORM.matcher(p.getFileName().toString()).matches()).toList();
        List<Path> app = all.stream().filter(p -> !javafx.contains(p))
                .filter(p -> !JAVAFX_EMPTY.matcher(p.getFileName().toString()).matches()).toList();
        if (javafx.isEmpty()) {
            throw new IllegalStateException("no JavaFX platform jars in " + dir);
        }
        return new Libraries(javafx, app);
    }
}
