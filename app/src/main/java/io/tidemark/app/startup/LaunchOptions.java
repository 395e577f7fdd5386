package io.tidemark.app.startup;

import java.util.List;

/**
 * The app's command line: {@code --home DIR} or {@code --home=DIR}, as for the CLI. Anything else
 * is left alone (launchers may add their own arguments).
 *
 * @param home the explicit home folder, or null to resolve it from TIDEMARK_HOME or the OS default
 */
public record LaunchOptions(String home) {

    /** Thrown for a {@code --home} with no folder after it. */
    public static final class MissingHomeValueException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        MissingHomeValueException() {
            super("--home needs a folder");
        }
    }

    public static LaunchOptions parse(List<String> args) {
        String home = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--home")) {
                if (i + 1 >= args.size() || args.get(i + 1).isBlank() || args.get(i + 1).startsWith("--")) {
                    throw new MissingHomeValueException();
                }
                home = args.get(++i);
            } else if (arg.startsWith("--home=")) {
                home = arg.substring("--home=".length());
                if (home.isBlank()) {
                    throw new MissingHomeValueException();
                }
            }
        }
        return new LaunchOptions(home);
    }
}
