package io.tidemark.app.startup;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;

/** This computer's name, for naming the device on first launch. */
public final class HostName {
    private HostName() {
    }

    /** The host name without its domain, or empty if the system will not say. May look up the network: call off the FX thread. */
    public static Optional<String> local() {
        Optional<String> fromEnv = fromEnvironment(System.getenv());
        if (fromEnv.isPresent()) {
            return fromEnv;
        }
        try {
            return clean(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }

    static Optional<String> fromEnvironment(Map<String, String> env) {
        Optional<String> windows = clean(env.get("COMPUTERNAME"));
        return windows.isPresent() ? windows : clean(env.get("HOSTNAME"));
    }

    /** Trims, drops the domain ({@code laptop.local} → {@code laptop}), keeps addresses whole; empty for nothing useful. */
    static Optional<String> clean(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String n = name.strip();
        boolean address = n.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':');
        if (!address && n.indexOf('.') > 0) {
            n = n.substring(0, n.indexOf('.'));
        }
        if (n.equalsIgnoreCase("localhost")) {
            return Optional.empty();
        }
        return Optional.of(n);
    }
}
