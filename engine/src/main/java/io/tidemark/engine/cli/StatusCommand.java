package io.tidemark.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.EngineSnapshot;
import java.io.PrintWriter;
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
        EngineSnapshot s;
        try (Engine engine = cli.openEngine()) {
            s = engine.snapshot();
        }
        PrintWriter out = cli.spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(s)));
        } else {
            out.printf("Device:  %s (%s)%nLibrary: %s (%s)%n%n", s.device().name(), s.device().id(), s.library().name(),
                    s.library().id());
            out.printf("%-18s %-24s %12s%n", "TYPE", "OWNER", "COUNT");
            for (EngineSnapshot.Count c : s.counts()) {
                out.printf("%-18s %-24s %,12d%n", c.type().wireName(), c.owner() == null ? "(shared)" : c.ownerName(), c.count());
            }
            out.printf("%nPeers: %s%n", s.peers().isEmpty() ? "none yet" : s.peers().size());
        }
        return 0;
    }

    /** The stable JSON shape; later versions add fields but never rename these. */
    static ObjectNode toJson(EngineSnapshot s) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.putObject("device").put("id", s.device().id().toString()).put("name", s.device().name());
        root.putObject("library").put("id", s.library().id().toString()).put("name", s.library().name());
        ArrayNode counts = root.putArray("counts");
        for (EngineSnapshot.Count c : s.counts()) {
            ObjectNode n = counts.addObject();
            if (c.owner() == null) {
                n.putNull("owner");
                n.putNull("ownerName");
            } else {
                n.put("owner", c.owner().toString());
                n.put("ownerName", c.ownerName());
            }
            n.put("type", c.type().wireName());
            n.put("count", c.count());
        }
        ArrayNode peers = root.putArray("peers");
        for (EngineSnapshot.Peer p : s.peers()) {
            peers.addObject().put("id", p.id()).put("name", p.name()).put("state", p.state());
        }
        return root;
    }
}
