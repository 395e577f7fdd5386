package io.tidemark.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.SnapshotJson;
import io.tidemark.engine.api.control.ControlClient;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", description = "Show this device, its library and the record counts per owner and type.")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    TidemarkCli cli;

    @Option(names = "--json", description = "Print machine-readable JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        JsonNode status = read(cli);
        PrintWriter out = cli.spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(status));
            return 0;
        }
        out.printf("Device:  %s (%s)%nLibrary: %s (%s)%n%n", status.at("/device/name").asText(), status.at("/device/id").asText(),
                status.at("/library/name").asText(), status.at("/library/id").asText());
        out.printf("%-18s %-24s %12s%n", "TYPE", "OWNER", "COUNT");
        for (JsonNode c : status.get("counts")) {
            out.printf("%-18s %-24s %,12d%n", c.get("type").asText(), c.get("owner").isNull() ? "(shared)" : c.get("ownerName").asText(),
                    c.get("count").asLong());
        }
        out.printf("%nPeers: %s%n", status.get("peers").isEmpty() ? "none yet" : status.get("peers").size());
        return 0;
    }

    /** From the running daemon when there is one (it holds live peer state), else from the stores. */
    static JsonNode read(TidemarkCli cli) throws Exception {
        Optional<ControlClient> daemon = ControlClient.find(cli.home());
        if (daemon.isPresent()) {
            return daemon.get().status();
        }
        try (Engine engine = cli.openEngine()) {
            return SnapshotJson.toJson(engine.snapshot());
        }
    }
}
