package io.tidemark.engine.cli;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Json;
import io.tidemark.engine.api.PeerResolver;
import io.tidemark.engine.api.control.ControlClient;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "forget", description = "Remove a member on this device: its connections close and it is refused from now on.")
final class ForgetCommand implements Callable<Integer> {
    @ParentCommand
    TidemarkCli cli;

    @Parameters(paramLabel = "PEER", description = "The member: its device id, the first group of it (as 'tidemark peers' shows it), or its device name.")
    String peer;

    @Override
    public Integer call() throws Exception {
        Optional<ControlClient> daemon = ControlClient.find(cli.home());
        String forgotten;
        if (daemon.isPresent()) {
            forgotten = daemon.get().post("/v1/forget", Json.object().put("peer", peer)).path("forgotten").asText(peer);
        } else {
            try (Engine engine = Engine.open(cli.home())) {
                forgotten = PeerResolver.resolve(peer, PeerResolver.members(engine.snapshot())).id();
                engine.forget(forgotten);
            }
        }
        cli.spec.commandLine().getOut().printf("Forgot %s. It is refused from now on.%n", forgotten);
        return 0;
    }
}
