package io.tidemark.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.engine.api.control.ControlClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * A verb on one member that the running daemon carries out (catch-up, resync, pause, resume): it
 * holds the connections, so these need it. A member nobody has (or a wrong spelling) is a usage
 * error, exit code 2; the engine refusing in its current state is exit code 1.
 */
abstract class MemberCommand implements Callable<Integer> {
    @ParentCommand
    TidemarkCli cli;

    @Parameters(index = "0", paramLabel = "PEER",
            description = "The member: its device id, the first group of it (as 'tidemark peers' shows it), or its device name.")
    String peer;

    /** Asks the daemon; returns its answer ({@code {"peer": full id, "name": ...}}). */
    abstract JsonNode send(ControlClient daemon) throws Exception;

    /** The line printed once the daemon accepted, about the member shown as {@code member}. */
    abstract String done(String member);

    /** What is printed once the daemon answered: {@link #done(String)} unless a verb says more. */
    String done(String member, JsonNode answer) {
        return done(member);
    }

    @Override
    public Integer call() throws Exception {
        ControlClient daemon = cli.daemon("it holds the connections to the members");
        JsonNode answer;
        try {
            answer = send(daemon);
        } catch (IllegalArgumentException e) {
            throw new TidemarkCli.UsageException(e.getMessage());
        }
        String id = answer.path("peer").asText(peer);
        String shortForm = id.length() > 7 ? id.substring(0, 7) : id;
        String member = answer.path("name").isTextual() && !answer.get("name").asText().isEmpty()
                ? answer.get("name").asText() + " (" + shortForm + ")" : shortForm;
        cli.spec.commandLine().getOut().println(done(member, answer));
        return 0;
    }
}
