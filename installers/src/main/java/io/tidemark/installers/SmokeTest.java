package io.tidemark.installers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Linux installers' smoke test ({@code installers/smoke-test [PACKAGE|DIR]...}, and the last
 * step of {@code -Pinstallers}): each .deb, .rpm and app-image tarball is unpacked into a throwaway
 * root (as dpkg -x, rpm2cpio and tar do, no installing) and driven from outside, as a person would:
 * <ul>
 * <li>its dependencies name packages (deb) or libraries (rpm) this distribution has, and once they
 *     are installed nothing the image needs is missing;</li>
 * <li>{@code tidemark --version}, {@code init}, {@code status --json} (valid JSON naming the device)
 *     and {@code doctor} work from {@code /usr/bin/tidemark}, printing no warning;</li>
 * <li>two devices pair and sync over loopback through two daemons of the package, so TLS, the
 *     control API and SQLite all work in the linked runtime, with every record arriving;</li>
 * <li>the app's {@code --self-test} opens the main window on a real home and renders it;</li>
 * <li>both launchers' AOT caches are used ({@code -XX:AOTMode=on} refuses to start otherwise);</li>
 * <li>the menu entry names the launcher and the icon.</li>
 * </ul>
 * The first failure ends it with a non-zero exit and the reason.
 */
public final class SmokeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ENTRIES = 2_000;

    private SmokeTest() {
    }

    public static void main(String... args) throws Exception {
        if (HostPlatform.current() != HostPlatform.LINUX) {
            System.out.println("[smoke test] Linux packages only; nothing to do on " + System.getProperty("os.name"));
            return;
        }
        List<Path> packages = packages(args);
        if (packages.isEmpty()) {
            fail("no .deb, .rpm or .tar.xz to test in " + String.join(" ", args));
        }
        Path scratch = Files.createTempDirectory("tidemark-smoke");
        try {
            // What unpacking and a headless window need; each package's own dependencies come below.
            List<String> tools = new ArrayList<>(List.of("dpkg", "rpm2cpio", "cpio", "rpm"));
            if (System.getenv("DISPLAY") == null || System.getenv("DISPLAY").isBlank()) {
                tools.add("xvfb");
            }
            Apt.ensure(tools, "the smoke test");
        } catch (IOException | IllegalStateException e) {
            fail(e.getMessage());
        }
        try (Display display = Display.open(HostPlatform.LINUX)) {
            for (Path p : packages) {
                test(p, scratch.resolve(p.getFileName().toString().replaceAll("[^A-Za-z0-9.-]", "_")), display);
            }
        } catch (IOException | IllegalStateException | AssertionError e) {
            fail(e.getMessage());
        } finally {
            Tools.deleteTree(scratch);
        }
        System.out.println("[smoke test] passed: " + packages.stream().map(p -> p.getFileName().toString()).toList());
    }

    private static void fail(String why) {
        System.err.println("[smoke test] FAILED: " + why);
        System.exit(1);
    }

    static List<Path> packages(String... args) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String a : args.length == 0 ? new String[] {"installers/target/dist"} : args) {
            Path p = Path.of(a);
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.list(p)) {
                    files.filter(SmokeTest::isPackage).sorted().forEach(out::add);
                }
            } else if (isPackage(p)) {
                out.add(p);
            } else {
                throw new IllegalArgumentException(a + " is no .deb, .rpm, .tar.xz or folder of them");
            }
        }
        return out;
    }

    private static boolean isPackage(Path p) {
        String n = p.getFileName().toString();
        return Files.isRegularFile(p) && (n.endsWith(".deb") || n.endsWith(".rpm") || n.endsWith(".tar.xz"));
    }

    /** Where the launchers are once the package is unpacked into {@code root}. */
    record Unpacked(Path root, Path cli, Path app, Path desktopFile) {
    }

    static void test(Path pkg, Path dir, Display display) throws Exception {
        String name = pkg.getFileName().toString();
        say(name + ": unpacking into " + dir);
        Path root = dir.resolve("root");
        Files.createDirectories(root);
        Unpacked u;
        if (name.endsWith(".deb")) {
            Tools.run(List.of("dpkg-deb", "-x", pkg.toString(), root.toString()), null, Map.of(), 300);
            String depends = Tools.run(List.of("dpkg-deb", "-f", pkg.toString(), "Depends"), null, Map.of(), 60).strip();
            say(name + ": Depends: " + depends);
            Apt.ensure(List.of(depends.split(",\\s*")), "the smoke test of " + name + " (its Depends)");
            u = installedLayout(root);
        } else if (name.endsWith(".rpm")) {
            Tools.run(List.of("sh", "-c", "rpm2cpio \"$1\" | cpio -idm --quiet", "sh", pkg.toAbsolutePath().toString()), root, Map.of(), 300);
            String requires = Tools.run(List.of("rpm", "-qp", "--requires", pkg.toString()), null, Map.of(), 60);
            say(name + ": Requires: " + requires.strip().replace('\n', ' '));
            requireLibrariesPresent(requires);
            u = installedLayout(root);
        } else {
            Tools.run(List.of("tar", "-xJf", pkg.toAbsolutePath().toString()), root, Map.of(), 300);
            Path image = root.resolve("Tidemark");
            u = new Unpacked(root, image.resolve("bin").resolve(PackagingConfig.CLI_LAUNCHER), image.resolve("bin").resolve("Tidemark"), null);
        }
        requireNothingMissing(root);
        cli(u, dir, name);
        sync(u, dir, name);
        app(u, dir, display, name);
        if (u.desktopFile() != null) {
            String desktop = Files.readString(u.desktopFile());
            check(desktop.contains("Exec=/opt/tidemark/bin/Tidemark") && desktop.contains("Icon=/opt/tidemark/lib/Tidemark.png"),
                    name + ": the menu entry does not name the launcher and its icon:\n" + desktop);
            check(Files.isRegularFile(root.resolve("opt/tidemark/lib/Tidemark.png")), name + ": no menu icon");
            // The menu shows one entry, the app's: any other is hidden (NoDisplay).
            try (Stream<Path> entries = Files.list(u.desktopFile().getParent())) {
                for (Path other : entries.filter(p -> p.getFileName().toString().endsWith(".desktop"))
                        .filter(p -> !p.equals(u.desktopFile())).toList()) {
                    check(Files.readString(other).contains("\nNoDisplay=true"), name + ": " + other.getFileName()
                            + " would show in the menu beside the app");
                }
            }
        }
        say(name + ": passed");
    }

    private static Unpacked installedLayout(Path root) {
        Path link = root.resolve("usr/bin").resolve(PackagingConfig.CLI_COMMAND);
        check(Files.isSymbolicLink(link), "no /usr/bin/" + PackagingConfig.CLI_COMMAND + " link in the package");
        return new Unpacked(root, link, root.resolve("opt/tidemark/bin/Tidemark"),
                root.resolve("opt/tidemark/lib/tidemark-Tidemark.desktop"));
    }

    /** Every rpm Requires of the form lib…()(64bit) is a library this machine has. */
    private static void requireLibrariesPresent(String requires) throws IOException {
        String known = Tools.run(List.of("ldconfig", "-p"), null, Map.of("LC_ALL", "C"), 60);
        for (String line : requires.lines().map(String::strip).toList()) {
            if (line.endsWith("()(64bit)")) {
                String lib = line.substring(0, line.length() - "()(64bit)".length());
                check(known.contains(lib + " ") || known.contains(lib + "\t"), "the rpm requires " + line
                        + ", which no library on this machine provides (is its name right?)");
            }
        }
    }

    /** ldd on every native library of the unpacked image: nothing "not found". */
    private static void requireNothingMissing(Path root) throws IOException {
        List<Path> natives;
        try (Stream<Path> files = Files.walk(root)) {
            natives = files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".so")).toList();
        }
        // The JDK's own libraries find each other (libjvm.so among them) as the JVM arranges: by folder.
        String ownFolders = String.join(":", natives.stream().map(p -> p.getParent().toString()).distinct().toList());
        Map<String, String> env = Map.of("LD_LIBRARY_PATH", ownFolders);
        for (Path lib : natives) {
            String ldd = Tools.runAllowingFailure(List.of("ldd", lib.toString()), null, env, 60).output();
            check(!ldd.contains("not found"), lib + " needs a library the dependencies did not bring:\n" + ldd);
        }
    }

    private static void cli(Unpacked u, Path dir, String name) throws IOException {
        Path home = dir.resolve("home-cli");
        String version = run(u.cli(), List.of("--version"), Map.of());
        check(version.startsWith("tidemark "), name + ": --version printed " + version);
        run(u.cli(), List.of("--home", home.toString(), "init", "--name", "smoke"), Map.of());
        JsonNode status = JSON.readTree(run(u.cli(), List.of("--home", home.toString(), "status", "--json"), Map.of()));
        check(status.at("/device/name").asText().equals("smoke"), name + ": status --json names device " + status.at("/device/name"));
        run(u.cli(), List.of("--home", home.toString(), "doctor"), Map.of());
        // The cache is used (AOTMode=on refuses to start without it), by a short call (the quick
        // compiler alone) and by a long-running command (both compilers) alike.
        Tools.run(List.of(u.cli().toString(), "--version"), null, Map.of("JAVA_TOOL_OPTIONS", "-XX:AOTMode=on"), 60);
        Tools.run(List.of(u.cli().toString(), "--home", home.toString(), "doctor"), null,
                Map.of("JAVA_TOOL_OPTIONS", "-XX:AOTMode=on"), 60);
        say(name + ": " + version.strip() + "; init, status --json, doctor; the command line's AOT cache is used");
    }

    private static void sync(Unpacked u, Path dir, String name) throws Exception {
        Path alpha = dir.resolve("home-alpha");
        Path bravo = dir.resolve("home-bravo");
        run(u.cli(), List.of("--home", alpha.toString(), "init", "--name", "alpha"), Map.of());
        run(u.cli(), List.of("--home", alpha.toString(), "generate", "--entries", "" + ENTRIES, "--locations", "2",
                "--tags", "3", "--seed", "7"), Map.of());
        run(u.cli(), List.of("--home", bravo.toString(), "init", "--name", "bravo"), Map.of());
        try (DaemonRun a = DaemonRun.start(u.cli(), alpha, Map.of(), List.of());
             DaemonRun b = DaemonRun.start(u.cli(), bravo, Map.of(), List.of())) {
            String code = run(u.cli(), List.of("--home", alpha.toString(), "invite"), Map.of()).strip();
            run(u.cli(), List.of("--home", bravo.toString(), "join", code), Map.of());
            long here = entriesOf("alpha", JSON.readTree(run(u.cli(), List.of("--home", alpha.toString(), "status", "--json"), Map.of())));
            check(here >= ENTRIES, name + ": alpha holds " + here + " of its own entries after generating " + ENTRIES);
            // Every entry must arrive; the status call goes through bravo's control API, as a person's would.
            long deadline = System.nanoTime() + 120_000_000_000L;
            long there = 0;
            while (there != here && System.nanoTime() < deadline) {
                Thread.sleep(250);
                there = entriesOf("alpha", JSON.readTree(run(u.cli(), List.of("--home", bravo.toString(), "status", "--json"), Map.of())));
            }
            check(there == here, name + ": after 120 s bravo holds " + there + " of alpha's " + here + " entries\nalpha's daemon:\n"
                    + a.log() + "\nbravo's daemon:\n" + b.log());
            say(name + ": two devices paired over TLS and synced all " + there + " of alpha's entries");
        }
    }

    private static long entriesOf(String owner, JsonNode status) {
        for (JsonNode c : status.get("counts")) {
            if (c.get("type").asText().equals("entry") && owner.equals(c.path("ownerName").asText())) {
                return c.get("count").asLong();
            }
        }
        return 0;
    }

    private static void app(Unpacked u, Path dir, Display display, String name) throws IOException {
        Map<String, String> env = new HashMap<>(display.env());
        env.put("JAVA_TOOL_OPTIONS", "-XX:AOTMode=on");
        Tools.Result r = Tools.runAllowingFailure(List.of(u.app().toString(), "--self-test", "--home", dir.resolve("home-app").toString(),
                "--discovery", "off", "--listen", "127.0.0.1:0"), null, env, 180);
        check(r.code() == 0 && r.output().contains("Self-test passed"), name + ": the app's self-test failed (exit " + r.code() + "):\n"
                + r.output());
        String warnings = r.output().lines().filter(l -> l.contains("WARNING") || l.contains("[warning]") || l.contains("[error]"))
                .reduce("", (x, y) -> x + y + "\n");
        check(warnings.isEmpty(), name + ": the app printed warnings at start:\n" + warnings);
        say(name + ": " + r.output().lines().filter(l -> l.contains("Self-test passed")).findFirst().orElse("").strip()
                + "; the app's AOT cache is used");
    }

    /** Runs a launcher; fails on a non-zero exit or any warning it prints. Returns what it printed on stdout. */
    private static String run(Path launcher, List<String> args, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(args);
        Tools.Result r = Tools.runForResult(command, null, env, 300);
        check(!r.output().contains("WARNING") && !r.output().contains("[warning]") && !r.output().contains("[error]"),
                String.join(" ", command) + " printed a warning:\n" + r.output());
        return r.stdout();
    }

    private static void check(boolean ok, String failure) {
        if (!ok) {
            throw new AssertionError(failure);
        }
    }

    private static void say(String message) {
        Tools.say("smoke test: " + message);
    }
}
