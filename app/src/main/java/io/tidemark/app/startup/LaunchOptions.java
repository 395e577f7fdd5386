package io.tidemark.app.startup;

import java.util.List;

/**
 * The app's command line: {@code --home DIR} (or {@code --home=DIR}), {@code --listen HOST:PORT},
 * {@code --discovery on|off} and {@code --discovery-interface IF}, as for {@code tidemark daemon}.
 * Anything else is left alone (launchers may add their own arguments), {@code --self-test} included:
 * it decides how the app runs before anything is parsed ({@link #asksForSelfTest}).
 *
 * @param home                 the explicit home folder, or null to resolve it from TIDEMARK_HOME or the OS default
 * @param listen               where to accept peers, default all interfaces on the standard port
 * @param discovery            whether to find devices on the LAN by mDNS
 * @param discoveryInterfaces  interfaces to run discovery on; empty means every suitable one
 */
public record LaunchOptions(String home, String listen, boolean discovery, List<String> discoveryInterfaces) {

    public static final String DEFAULT_LISTEN = "0.0.0.0:22100";
    /** Runs the app as a check of itself and exits: see {@link SelfTest}. */
    public static final String SELF_TEST = "--self-test";

    public LaunchOptions {
        discoveryInterfaces = List.copyOf(discoveryInterfaces);
    }

    public LaunchOptions(String home) {
        this(home, DEFAULT_LISTEN, true, List.of());
    }

    /** Thrown for a {@code --home} with no folder after it. */
    public static final class MissingHomeValueException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        MissingHomeValueException() {
            super("--home needs a folder");
        }
    }

    /** Whether the command line asks for the app to run as its self-test. */
    public static boolean asksForSelfTest(List<String> args) {
        return args.contains(SELF_TEST);
    }

    public static LaunchOptions parse(List<String> args) {
        String home = null;
        String listen = DEFAULT_LISTEN;
        boolean discovery = true;
        List<String> interfaces = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--listen") && i + 1 < args.size()) {
                listen = args.get(++i);
            } else if (arg.equals("--discovery") && i + 1 < args.size()) {
                discovery = !args.get(++i).equalsIgnoreCase("off");
            } else if (arg.equals("--discovery-interface") && i + 1 < args.size()) {
                interfaces.add(args.get(++i));
            } else if (arg.equals("--home")) {
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
        return new LaunchOptions(home, listen, discovery, interfaces);
    }
}
