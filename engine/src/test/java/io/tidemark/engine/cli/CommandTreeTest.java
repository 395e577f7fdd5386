package io.tidemark.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI builds only the subcommand a command line names, and still behaves as the whole tree. */
class CommandTreeTest {

    private static final List<String> ALL = List.copyOf(CommandTree.SUBCOMMANDS.sequencedKeySet());

    @Test
    void eachNameIsTheNameItsCommandDeclares() {
        for (Map.Entry<String, Class<?>> e : CommandTree.SUBCOMMANDS.entrySet()) {
            assertThat(e.getValue().getAnnotation(CommandLine.Command.class).name()).as(e.getValue().getName()).isEqualTo(e.getKey());
        }
    }

    @Test
    void theLongRunningCommandsAreSubcommands() {
        assertThat(CommandTree.SUBCOMMANDS.keySet()).containsAll(TidemarkCli.longRunningCommands());
        assertThat(TidemarkCli.longRunningCommands()).contains("daemon", "index", "generate").doesNotContain("status", "peers");
    }

    @Test
    void aNamedSubcommandIsBuiltAlone() {
        assertThat(CommandTree.needed(new String[] {"--home", "/h", "status", "--json"})).containsExactly("status");
        assertThat(CommandTree.needed(new String[] {"--home=/h", "status"})).containsExactly("status");
        assertThat(CommandTree.needed(new String[] {"status", "--home", "/h"})).containsExactly("status");
        assertThat(CommandTree.needed(new String[] {"tag", "list"})).containsExactly("tag");
        assertThat(CommandTree.needed(new String[] {"-V", "peers"})).containsExactly("peers");
    }

    @Test
    void theWholeTreeWhenTheLineNeedsIt() {
        assertThat(CommandTree.needed(new String[0])).as("the usage lists them all").isEqualTo(ALL);
        assertThat(CommandTree.needed(new String[] {"--help"})).isEqualTo(ALL);
        assertThat(CommandTree.needed(new String[] {"help", "status"})).as("help looks the others up").isEqualTo(ALL);
        assertThat(CommandTree.needed(new String[] {"stauts"})).isEqualTo(ALL);
        assertThat(CommandTree.needed(new String[] {"--bogus", "status"})).isEqualTo(ALL);
        assertThat(CommandTree.needed(new String[] {"--home"})).isEqualTo(ALL);
        assertThat(CommandTree.needed(new String[] {"--home", "status"})).as("a home folder named status").isEqualTo(ALL);
    }

    @Test
    void theUsageStillListsEverySubcommandInOrder() {
        StringWriter out = new StringWriter();
        assertThat(TidemarkCli.run(new String[] {"--help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true))).isZero();
        String usage = out.toString();
        int at = usage.indexOf("Commands:");
        assertThat(at).isPositive();
        for (String name : ALL) {
            int next = usage.indexOf("\n  " + name + " ", at);
            assertThat(next).as(name).isGreaterThan(at);
            at = next;
        }
    }

    @Test
    void versionAloneAndWithOtherOptionsPrintTheSameLine() {
        String alone = run("--version");
        assertThat(alone).startsWith("tidemark ").endsWith(System.lineSeparator());
        assertThat(run("-V")).isEqualTo(alone);
        assertThat(run("--home", "/nowhere", "--version")).as("through picocli").isEqualTo(alone);
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        assertThat(TidemarkCli.run(args, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true))).isZero();
        return out.toString();
    }
}
