package io.tidemark.installers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
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

    /** The first package of an "a | b" alternative that apt can install (or has), or null. */
    static String choose(String alternatives, Set<String> known) {
        for (String candidate : alternatives.split("\\|")) {
            if (known.contains(candidate.strip())) {
                return candidate.strip();
            }
        }
        return null;
    }

    /** Of {@code names}, those apt has a candidate for (one apt-cache call for all). */
    static Set<String> installable(Collection<String> names) throws IOException {
        List<String> command = new ArrayList<>(List.of("apt-cache", "policy"));
        command.addAll(names);
        String out = Tools.runAllowingFailure(command, null, Map.of("LC_ALL", "C"), 120).stdout();
        Set<String> found = new HashSet<>();
        String current = null;
        for (String line : out.lines().toList()) {
            if (!line.startsWith(" ") && line.endsWith(":")) {
                current = line.substring(0, line.length() - 1);
            } else if (current != null && line.strip().startsWith("Candidate:") && !line.contains("(none)")) {
                found.add(current);
            }
        }
        return found;
    }

    /** Of {@code names}, those dpkg has installed (one dpkg-query call for all). */
    static Set<String> installed(Collection<String> names) throws IOException {
        List<String> command = new ArrayList<>(List.of("dpkg-query", "-W", "-f=${Package} ${Status}\\n"));
        command.addAll(names);
        Set<String> found = new HashSet<>();
        for (String line : Tools.runAllowingFailure(command, null, Map.of("LC_ALL", "C"), 60).stdout().lines().toList()) {
            if (line.endsWith(" install ok installed")) {
                found.add(line.substring(0, line.indexOf(' ')).replaceAll(":.*", ""));
            }
        }
        return found;
    }

    /** Installs the packages (each an "a | b" alternative) that are not installed yet. */
    static void ensure(List<String> packages, String why) throws IOException {
        if (!Tools.onPath("apt-get")) {
            throw new IllegalStateException("cannot install " + packages + " (" + why + ") without apt-get: install them by hand");
        }
        List<String> asRoot = asRoot();
        Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
        List<String> missing = missing(packages);
        if (missing.contains(null) && asRoot != null) {
            // A bare machine has no package lists yet.
            Tools.run(concat(asRoot, List.of("apt-get", "update", "-qq")), null, env, 600);
            missing = missing(packages);
        }
        if (missing.contains(null)) {
            throw new IllegalStateException("apt knows no package for some of " + packages + " (" + why + ")");
        }
        if (missing.isEmpty()) {
            return;
        }
        if (asRoot == null) {
            throw new IllegalStateException(why + " needs " + String.join(" ", missing)
                    + ": install them (sudo apt-get install " + String.join(" ", missing) + ") and build again");
        }
        Tools.say("installing " + String.join(" ", missing) + " (" + why + ")");
        List<String> install = concat(asRoot, List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends"));
        install.addAll(missing);
        if (Tools.runAllowingFailure(install, null, env, 1200).code() != 0) {
            Tools.run(concat(asRoot, List.of("apt-get", "update", "-qq")), null, env, 600);
            Tools.run(install, null, env, 1200);
        }
    }

    /** The package to install for each alternative none of whose packages is installed; null where apt knows none. */
    private static List<String> missing(List<String> packages) throws IOException {
        Set<String> names = new TreeSet<>();
        packages.forEach(a -> Stream.of(a.split("\\|")).map(String::strip).forEach(names::add));
        Set<String> installable = installable(names);
        Set<String> installed = installed(names);
        List<String> missing = new ArrayList<>();
        for (String alternatives : packages) {
            // An alternative already installed satisfies it, whichever comes first.
            if (Stream.of(alternatives.split("\\|")).map(String::strip).noneMatch(installed::contains)) {
                missing.add(choose(alternatives, installable));
            }
        }
        return missing;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
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
