package io.tidemark.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Json;
import io.tidemark.engine.api.SnapshotJson;
import io.tidemark.engine.api.control.ControlClient;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.Locale;
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
            out.println(Json.pretty(status));
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
        printPeers(out, status, ZoneId.systemDefault());
        return 0;
    }

    /**
     * Per member: its connection and sync state with the reason, then one line per (owner, type)
     * with the counts on both sides and the backfill's progress.
     */
    static void printPeers(PrintWriter out, JsonNode status, ZoneId zone) {
        for (JsonNode p : status.get("peers")) {
            String id = p.get("id").asText();
            out.printf("%n%s (%s): %s; sync %s%s%s%n", p.get("name").asText(), id.substring(0, Math.min(7, id.length())),
                    PeersCommand.connection(p, zone), p.path("sync").asText("offline"),
                    p.path("syncSince").isTextual() ? " since " + Moments.readable(p.get("syncSince").asText(), zone) : "",
                    p.path("syncReason").isTextual() ? ": " + p.get("syncReason").asText() : "");
            for (JsonNode r : p.path("resources")) {
                out.printf("  %-16s %-20s %,12d here %12s there  %s%n", r.get("type").asText(),
                        r.get("owner").isNull() ? "(shared)" : r.get("ownerName").asText(), r.get("localCount").asLong(),
                        r.get("peerCount").isNull() ? "?" : String.format(Locale.ROOT, "%,d", r.get("peerCount").asLong()),
                        progress(r));
            }
        }
    }

    private static String progress(JsonNode r) {
        JsonNode b = r.get("backfill");
        if (b.path("active").asBoolean(false)) {
            long done = b.get("done").asLong();
            long total = b.get("total").asLong();
            String eta = b.get("etaSeconds").isNull() ? "" : ", about " + b.get("etaSeconds").asLong() + " s left";
            return String.format(Locale.ROOT, "backfill %.1f%% (%,d of %,d, %,.0f/s%s)",
                    total <= 0 ? 0.0 : Math.min(100.0, 100.0 * done / total), done, total, b.get("rate").asDouble(), eta);
        }
        if (r.get("peerCount").isNull()) {
            return "";
        }
        long behind = r.get("peerCount").asLong() - r.get("localCount").asLong();
        return behind > 0 ? String.format(Locale.ROOT, "%,d behind", behind) : "in step";
    }

    /** From the running daemon when there is one (it holds live peer state), else from the stores. */
    static JsonNode read(TidemarkCli cli) throws Exception {
        Optional<ControlClient> daemon = ControlClient.find(cli.home());
        if (daemon.isPresent()) {
            return daemon.get().status();
        }
        try (Engine engine = Engine.open(cli.home())) {
            return SnapshotJson.toJson(engine.snapshot());
        }
    }
}
