package io.tidemark.engine.api;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where a device keeps its library: {@code library.db}, {@code sync.db} and (later) its keys.
 * Resolved the same way by the app, the daemon and the CLI: an explicit {@code --home}, else
 * {@code TIDEMARK_HOME}, else the operating system's application-data folder.
 */
public record Home(Path dir) {

    public static final String ENV = "TIDEMARK_HOME";

    public Path libraryDb() {
        return dir.resolve("library.db");
    }

    public Path syncDb() {
        return dir.resolve("sync.db");
    }

    public static Home resolve(String explicit) {
        return resolve(explicit, System.getenv(), System.getProperty("os.name"), System.getProperty("user.home"));
    }

    /** Pure form for tests: every input explicit. */
    public static Home resolve(String explicit, Map<String, String> env, String osName, String userHome) {
        if (explicit != null && !explicit.isBlank()) {
            return new Home(Path.of(explicit).toAbsolutePath().normalize());
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Home(Path.of(fromEnv).toAbsolutePath().normalize());
        }
        return new Home(defaultDir(env, osName, userHome));
    }

    static Path defaultDir(Map<String, String> env, String osName, String userHome) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return Path.of(userHome, "Library", "Application Support", "Tidemark");
        }
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            return appData != null && !appData.isBlank()
                    ? Path.of(appData, "Tidemark")
                    : Path.of(userHome, "AppData", "Roaming", "Tidemark");
        }
        String xdg = env.get("XDG_DATA_HOME");
        return xdg != null && !xdg.isBlank()
                ? Path.of(xdg, "tidemark")
                : Path.of(userHome, ".local", "share", "tidemark");
    }
}
