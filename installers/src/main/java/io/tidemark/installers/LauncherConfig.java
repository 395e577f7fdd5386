package io.tidemark.installers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A jpackage launcher's {@code .cfg} file, which names the class path and the JVM options the
 * launcher starts the JVM with. The AOT cache is added to it after the app image is built, because
 * the cache can only be trained on the finished image.
 */
final class LauncherConfig {
    private LauncherConfig() {
    }

    /** Adds {@code options} at the end of the file's [JavaOptions] section (creating it if needed). */
    static void addJavaOptions(Path cfg, List<String> options) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(cfg, StandardCharsets.UTF_8));
        int section = lines.indexOf("[JavaOptions]");
        if (section < 0) {
            lines.add("[JavaOptions]");
            section = lines.size() - 1;
        }
        int end = section + 1;
        while (end < lines.size() && !lines.get(end).startsWith("[")) {
            end++;
        }
        while (end > section + 1 && lines.get(end - 1).isBlank()) {
            end--;
        }
        List<String> added = options.stream().map(o -> "java-options=" + o).toList();
        lines.addAll(end, added);
        Files.write(cfg, lines, StandardCharsets.UTF_8);
    }

    /** The values of {@code key} in the file, in order (e.g. every java-options line). */
    static List<String> values(Path cfg, String key) throws IOException {
        return Files.readAllLines(cfg, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1)).toList();
    }
}
