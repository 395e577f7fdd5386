package io.tidemark.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.engine.api.control.ControlClient;
import io.tidemark.engine.model.Counted;
import io.tidemark.engine.model.ResourceType;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "recover", description = {"Surgical recovery with a member: for every owner and type whose counts or"
        + " digests differ from the member's, fetch exactly the records that are missing or out of date here, and remove"
        + " those the owner deleted long ago, leaving everything that matches untouched.",
        "Costs about the records that differ; a full resync ('tidemark resync') fetches everything again."})
final class RecoverCommand extends MemberCommand {
    @Option(names = "--resource", paramLabel = "TYPE", converter = ResyncCommand.TypeConverter.class,
            completionCandidates = ResyncCommand.Types.class,
            description = "Only this type: ${COMPLETION-CANDIDATES} (default: every type).")
    ResourceType resource;

    @Option(names = "--dry-run", description = "Only show what differs and what would move; change nothing.")
    boolean dryRun;

    @Override
    JsonNode send(ControlClient daemon) throws Exception {
        return daemon.recover(peer, resource == null ? null : resource.wireName(), dryRun);
    }

    @Override
    String done(String member) {
        return (dryRun ? "Nothing differs from " : "Nothing to recover from ") + member + ".";
    }

    @Override
    String done(String member, JsonNode answer) {
        JsonNode keys = answer.path("keys");
        if (!keys.isArray() || keys.isEmpty()) {
            return done(member) + " Every count and digest matches.";
        }
        StringBuilder out = new StringBuilder(dryRun ? "Would recover from " + member + ":" : "Recovered from " + member + ":");
        long totalBytes = 0;
        for (JsonNode k : keys) {
            ResourceType type = ResourceType.fromWireName(k.path("resource").asText());
            String whose = k.path("shared").asBoolean() ? "shared " + type.plural()
                    : type.plural() + " from " + (k.path("ownerName").isTextual() ? k.path("ownerName").asText()
                    : "device " + k.path("owner").asText().substring(0, 8));
            long fetch = k.path("fetch").asLong();
            long remove = k.path("remove").asLong();
            totalBytes += k.path("bytes").asLong();
            out.append(System.lineSeparator()).append(String.format(Locale.ROOT, "  %s: %,d here, %,d there; %s %s, %s %s",
                    whose, k.path("ours").asLong(), k.path("theirs").asLong(),
                    dryRun ? "would fetch" : "fetched", Counted.of(fetch, "record", "records"),
                    dryRun ? "would remove" : "removed", Counted.of(remove, "record", "records")));
            if (k.path("reclaim").asBoolean()) {
                out.append(" (this device's own records, back from the member)");
            }
            if (!dryRun) {
                out.append(String.format(Locale.ROOT, " in %s; now %,d here", Counted.of(k.path("roundTrips").asLong(),
                        "round trip", "round trips"), k.path("after").asLong()));
            }
        }
        out.append(System.lineSeparator()).append(dryRun ? "About " : "").append(Counted.bytes(totalBytes))
                .append(dryRun ? " would move." : " moved.");
        return out.toString();
    }
}
