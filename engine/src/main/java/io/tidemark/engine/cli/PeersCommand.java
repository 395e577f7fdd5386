package io.tidemark.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.engine.api.Json;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "peers", description = "List the library's member devices and their connection state, and nearby devices.")
final class PeersCommand implements Callable<Integer> {
    @ParentCommand
    TidemarkCli cli;

    @Option(names = "--json", description = "Print machine-readable JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        JsonNode status = StatusCommand.read(cli);
        PrintWriter out = cli.spec.commandLine().getOut();
        if (json) {
            out.println(Json.pretty(Json.object().<com.fasterxml.jackson.databind.node.ObjectNode>set("peers",
                    status.get("peers")).set("nearby", status.get("nearby"))));
            return 0;
        }
        if (status.get("peers").isEmpty()) {
            out.println("No other member devices yet. Invite one with 'tidemark invite'.");
        }
        for (JsonNode p : status.get("peers")) {
            out.printf("%-24s %s  %s%s%n", p.get("name").asText(), p.get("id").asText(), connection(p, ZoneId.systemDefault()),
                    p.get("lastError").isNull() ? "" : "  (last error: " + p.get("lastError").asText() + ")");
        }
        for (JsonNode n : status.get("nearby")) {
            out.printf("nearby                   %s  %s%n", n.get("id").asText(), n.get("addresses"));
        }
        return 0;
    }

    /** A member's connection as a phrase: "connected, RTT 3 ms", "connecting", "offline since ...". */
    static String connection(JsonNode p, ZoneId zone) {
        return switch (p.get("state").asText()) {
            case "connected" -> p.get("rttMs").isNull() ? "connected" : "connected, RTT " + p.get("rttMs").asLong() + " ms";
            case "connecting" -> "connecting";
            default -> p.get("lastSeen").isNull() ? "offline, never seen" : "offline since " + Moments.readable(p.get("lastSeen").asText(), zone);
        };
    }
}
