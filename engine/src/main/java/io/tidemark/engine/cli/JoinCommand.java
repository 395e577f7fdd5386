package io.tidemark.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Json;
import io.tidemark.engine.api.PeerActions;
import io.tidemark.engine.api.control.ControlClient;
import io.tidemark.engine.model.Counted;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "join", description = {"Join the library of the device that made CODE (see 'tidemark invite').",
        "A home without a library is set up for it; a home holding another library's data is refused."})
final class JoinCommand implements Callable<Integer> {
    @ParentCommand
    TidemarkCli cli;

    @Parameters(paramLabel = "CODE", description = "The invite code.")
    String code;

    @Option(names = "--address", paramLabel = "HOST:PORT", description = "Where to reach the inviting device (default: the addresses in the code).")
    String address;

    @Option(names = "--name", paramLabel = "NAME", description = "This device's name, when the home is new (default: the host name).")
    String name;

    @Override
    public Integer call() throws Exception {
        if (address != null) {
            NetworkArgs.parse(address);
        }
        Optional<ControlClient> daemon = ControlClient.find(cli.home());
        String libraryName;
        int members;
        if (daemon.isPresent()) {
            ObjectNode body = Json.object().put("code", code);
            if (address != null) {
                body.put("address", address);
            }
            JsonNode joined = daemon.get().post("/v1/join", body);
            libraryName = joined.get("libraryName").asText();
            members = joined.get("members").size();
        } else {
            boolean fresh = !Files.exists(cli.home().libraryDb());
            String device = name != null && !name.isBlank() ? name.strip() : InitCommand.hostName();
            try (Engine engine = fresh ? Engine.init(cli.home(), device, device + "'s library") : Engine.open(cli.home())) {
                PeerActions.Joined joined = engine.join(code, address).join();
                libraryName = joined.libraryName();
                members = joined.memberIds().size();
            }
        }
        cli.spec.commandLine().getOut().printf("Joined the library \"%s\" (%s known). Run 'tidemark daemon' to stay in sync.%n",
                libraryName, Counted.of(members, "member device", "member devices"));
        return 0;
    }
}
