package io.tidemark.engine.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.Set;
import picocli.CommandLine;

/**
 * The {@code tidemark} command's subcommands, and the part of that tree one command line needs.
 *
 * <p>Picocli builds each command's model by reflection over its class, which loads every class its
 * fields and methods name, and it does so for all subcommands before parsing. For {@code tidemark
 * status} against a daemon that was a large part of the call and loaded the engine and its stores
 * for nothing. So the tree holds only the subcommand the command line names; it is built whole when
 * the line needs all of it: no subcommand (the usage lists them), {@code help}, or a word that names
 * none of them (picocli then reports it as it always has).
 */
final class CommandTree {
    /** Name to command class, in the order the usage lists them. Each name is its class's {@code @Command} name. */
    static final SequencedMap<String, Class<?>> SUBCOMMANDS = subcommands();

    /**
     * The commands that run long enough (seconds to days of TLS, SQLite and hashing) for the
     * optimizing JIT compiler to pay back. Every other one is over in a fraction of a second, before
     * it would: the packaged Linux launcher starts those with the quick compiler alone.
     */
    static final Set<String> LONG_RUNNING = Set.of("index", "remove", "generate", "doctor", "daemon", "bench");

    private static final String HELP = "help";

    private CommandTree() {
    }

    private static SequencedMap<String, Class<?>> subcommands() {
        SequencedMap<String, Class<?>> all = new LinkedHashMap<>();
        all.put("init", InitCommand.class);
        all.put("index", IndexCommand.class);
        all.put("remove", RemoveCommand.class);
        all.put("generate", GenerateCommand.class);
        all.put("status", StatusCommand.class);
        all.put("doctor", DoctorCommand.class);
        all.put("daemon", DaemonCommand.class);
        all.put("peers", PeersCommand.class);
        all.put("invite", InviteCommand.class);
        all.put("join", JoinCommand.class);
        all.put("forget", ForgetCommand.class);
        all.put("connect", ConnectCommand.class);
        all.put("catch-up", CatchUpCommand.class);
        all.put("resync", ResyncCommand.class);
        all.put("recover", RecoverCommand.class);
        all.put("pause", PauseCommand.class);
        all.put("resume", ResumeCommand.class);
        all.put("wait-for-sync", WaitForSyncCommand.class);
        all.put("tag", TagCommand.class);
        all.put("bench", BenchCommand.class);
        all.put(HELP, CommandLine.HelpCommand.class);
        return Collections.unmodifiableSequencedMap(all);
    }

    /** The {@code tidemark} command with the subcommands {@code args} needs. */
    static CommandLine forArgs(String[] args) {
        CommandLine cli = new CommandLine(new TidemarkCli());
        for (String name : needed(args)) {
            cli.addSubcommand(name, SUBCOMMANDS.get(name));
        }
        return cli;
    }

    /**
     * The subcommands to build for {@code args}. Picocli itself reads the top-level options here, on
     * the top command alone, and stops at the first word it does not know: that word is the
     * subcommand, or an unknown option, or a typo.
     */
    static List<String> needed(String[] args) {
        CommandLine top = new CommandLine(new TidemarkCli());
        top.setStopAtUnmatched(true);
        try {
            top.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return all(); // the full tree reports it, as it always has
        }
        List<String> rest = top.getUnmatchedArguments();
        String name = rest.isEmpty() ? null : rest.getFirst();
        return SUBCOMMANDS.containsKey(name) && !name.equals(HELP) ? List.of(name) : all();
    }

    private static List<String> all() {
        return List.copyOf(SUBCOMMANDS.sequencedKeySet());
    }
}
