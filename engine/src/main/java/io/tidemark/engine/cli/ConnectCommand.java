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

@Command(name = "connect", description = {"Tell this device where a member can be reached (HOST:PORT) and dial it.",
        "For networks where discovery cannot see the member (other subnets, VPNs, discovery off)."})
final class ConnectCommand implements Callable<Integer> {
    @ParentCommand
    TidemarkCli cli;

    @Parameters(index = "0", paramLabel = "PEER", description = "The member: its device id, the first group of it, or its device name.")
    String peer;

    @Parameters(index = "1", paramLabel = "HOST:PORT", description = "Where it listens.")
    String address;

    @Override
    public Integer call() throws Exception {
        NetworkArgs.parse(address);
        Optional<ControlClient> daemon = ControlClient.find(cli.home());
        if (daemon.isPresent()) {
            daemon.get().post("/v1/address", Json.object().put("peer", peer).put("address", address));
        } else {
            try (Engine engine = Engine.open(cli.home())) {
                engine.addAddress(PeerResolver.resolve(peer, PeerResolver.members(engine.snapshot())).id(), address);
            }
        }
        cli.spec.commandLine().getOut().printf("Will reach %s at %s.%n", peer, address);
        return 0;
    }
}
