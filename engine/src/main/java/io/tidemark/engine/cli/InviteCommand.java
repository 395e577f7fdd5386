package io.tidemark.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.engine.api.Json;
import io.tidemark.engine.api.control.ControlClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "invite", description = {"Make a one-time invite code, valid for 10 minutes, for another device to join this library.",
        "This device must stay online (a running daemon) until the other device has joined."})
final class InviteCommand implements Callable<Integer> {
    @ParentCommand
    TidemarkCli cli;

    @Override
    public Integer call() throws Exception {
        ControlClient daemon = ControlClient.find(cli.home()).orElseThrow(() -> new TidemarkCli.UserException(
                "No daemon runs for " + cli.home().dir() + ". Start 'tidemark daemon' first: this device must be online"
                        + " to accept the join."));
        JsonNode invite = daemon.post("/v1/invite", Json.object());
        PrintWriter out = cli.spec.commandLine().getOut();
        out.println(invite.get("code").asText());
        cli.spec.commandLine().getErr().printf("Valid until %s. On the other device: tidemark join <code>%n",
                invite.get("expiresAt").asText());
        return 0;
    }
}
