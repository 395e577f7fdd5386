package io.tidemark.installers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Installs what the Linux build and its smoke test need (rpmbuild, Xvfb, the GUI libraries the
 * app's packages depend on) on a Debian or Ubuntu machine, as .ci/run installs the JDK: only as root
 * or with password-less sudo, and otherwise says exactly what to install.
 */
final class Apt {
    private Apt() {
    }

    /** The installed or installable package of each "a | b" alternative, first match wins; null when none is known. */
    static String choose(String alternatives) throws IOException {
        for (String candidate : alternatives.split("\\|")) {
            String name = candidate.strip();
            Tools.Result r = Tools.runAllowingFailure(List.of("apt-cache", "policy", name), null, Map.of("LC_ALL", "C"), 60);
            if (r.code() == 0 && r.output().contains("Candidate:") && !r.output().contains("Candidate: (none)")) {
                return name;
            }
        }
        return null;
    }

    /** Installs the packages (each an "a | b" alternative) that are not installed yet. */
    static void ensure(List<String> packages, String why) throws IOException {
        if (!Tools.onPath("apt-get")) {
            throw new IllegalStateException("cannot install " + packages + " (" + why + ") without apt-get: install them by hand");
        }
        List<String> missing = new ArrayList<>();
        for (String alternatives : packages) {
            String chosen = choose(alternatives);
            if (chosen == null) {
                throw new IllegalStateException("no package " + alternatives + " is known to apt (" + why + ")");
            }
            Tools.Result installed = Tools.runAllowingFailure(List.of("dpkg-query", "-W", "-f=${Status}", chosen), null, Map.of(), 30);
            if (installed.code() != 0 || !installed.output().contains("install ok installed")) {
                missing.add(chosen);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        List<String> asRoot = asRoot();
        if (asRoot == null) {
            throw new IllegalStateException(why + " needs " + String.join(" ", missing)
                    + ": install them (sudo apt-get install " + String.join(" ", missing) + ") and build again");
        }
        Tools.say("installing " + String.join(" ", missing) + " (" + why + ")");
        Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
        List<String> install = new ArrayList<>(asRoot);
        install.addAll(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends"));
        install.addAll(missing);
        Tools.Result r = Tools.runAllowingFailure(install, null, env, 1200);
        if (r.code() != 0) {
            List<String> update = new ArrayList<>(asRoot);
            update.addAll(List.of("apt-get", "update", "-qq"));
            Tools.run(update, null, env, 600);
            Tools.run(install, null, env, 1200);
        }
    }

    /** How to run a command as root here, or null when we may not. */
    private static List<String> asRoot() throws IOException {
        Tools.Result id = Tools.runAllowingFailure(List.of("id", "-u"), null, Map.of(), 10);
        if (id.code() == 0 && id.output().strip().equals("0")) {
            return List.of();
        }
        if (Tools.onPath("sudo") && Tools.runAllowingFailure(List.of("sudo", "-n", "true"), null, Map.of(), 10).code() == 0) {
            return List.of("sudo", "-n", "env", "DEBIAN_FRONTEND=noninteractive");
        }
        return null;
    }
}
