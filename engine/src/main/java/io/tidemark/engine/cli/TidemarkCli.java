package io.tidemark.engine.cli;

import io.tidemark.engine.api.Home;
import io.tidemark.engine.store.StoreException;
import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tidemark}: the command-line face of the engine. Every failure a person can cause (missing
 * home, locked or corrupt file, unknown flag) ends in one line on stderr and a non-zero exit code,
 * never a stack trace. Its subcommands are in {@link CommandTree}, which builds only those a command
 * line needs; so this class names no engine type in its fields or methods, or picocli's reflection
 * over it would load the engine for every call.
 */
// The help and version options reach every subcommand (INHERIT), so "tidemark status --help",
// which every usage error suggests, works.
@Command(name = "tidemark", mixinStandardHelpOptions = true, versionProvider = TidemarkCli.Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = "Watch and control how your library stays in sync across your devices.")
public final class TidemarkCli implements Callable<Integer> {

    /** Exit code for a problem found (doctor) or an operation that failed. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code for wrong usage. */
    public static final int EXIT_USAGE = 2;

    @Option(names = "--home", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "The device's home folder (default: $TIDEMARK_HOME, else the OS application-data folder).")
    String home;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Home home() {
        return Home.resolve(home);
    }

    /** The running daemon; without one, a usage error saying to start it ({@code what} needs it). */
    io.tidemark.engine.api.control.ControlClient daemon(String what) {
        return io.tidemark.engine.api.control.ControlClient.find(home()).orElseThrow(() -> new UsageException(
                "No daemon runs for " + home().dir() + ". Start 'tidemark daemon' first: " + what + "."));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** The subcommands that run long: see {@link CommandTree#LONG_RUNNING}. */
    public static Set<String> longRunningCommands() {
        return CommandTree.LONG_RUNNING;
    }

    public static void main(String[] args) {
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        // System.exit costs a short call ~100 ms: since Java 21 it first asks a System.Logger whether to
        // log the exit, and finding that logger scans every jar on the class path. Returning ends the JVM
        // the same way (shutdown hooks run, status 0) once no other thread keeps it alive.
        if (code != 0 || otherThreadsKeepTheJvm()) {
            System.exit(code);
        }
    }

    private static boolean otherThreadsKeepTheJvm() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            if (threads[i] != Thread.currentThread() && !threads[i].isDaemon()) {
                return true;
            }
        }
        return false;
    }

    /** Runs the CLI with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // Answered before picocli starts: loading it and reading even the top command's annotations
            // takes a few times as long as the rest of the call. The same line picocli prints.
            for (String line : new Version().getVersion()) {
                out.println(line);
            }
            out.flush();
            return 0;
        }
        // Picocli gives these settings to the subcommands present when they are made: the tree comes first.
        CommandLine cli = CommandTree.forArgs(args);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("tidemark: " + ex.getMessage());
            err.println("Try 'tidemark " + (ex.getCommandLine().getCommandName().equals("tidemark") ? "" : ex.getCommandLine().getCommandName() + " ") + "--help'.");
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("tidemark: " + oneLine(ex));
            return ex instanceof UsageException ? EXIT_USAGE : EXIT_FAILURE;
        });
        return cli.execute(args);
    }

    private static String oneLine(Throwable ex) {
        Throwable t = ex;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof StoreException || t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || t instanceof UserException) {
            return t.getMessage();
        }
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** A failure whose message is meant for the user as is. */
    static class UserException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UserException(String message) {
            super(message);
        }
    }

    /** Wrong usage found while running (an unknown member, no daemon): exit code {@link #EXIT_USAGE}. */
    static final class UsageException extends UserException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tidemark " + io.tidemark.engine.api.AppInfo.current().version()};
        }
    }
}
