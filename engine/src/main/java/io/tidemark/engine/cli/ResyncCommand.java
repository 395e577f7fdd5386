package io.tidemark.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.engine.api.control.ControlClient;
import io.tidemark.engine.model.ResourceType;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "resync", description = {"Fetch everything a member serves again: this device forgets its watermarks and"
        + " checkpoints for the owners that member serves, then backfills them from it.",
        "Rows already here stay, and applying a row twice changes nothing, so this is safe; it costs time and traffic."})
final class ResyncCommand extends MemberCommand {
    @Option(names = "--resource", paramLabel = "TYPE", converter = TypeConverter.class, completionCandidates = Types.class,
            description = "Only this type: ${COMPLETION-CANDIDATES} (default: every type).")
    ResourceType resource;

    @Override
    JsonNode send(ControlClient daemon) throws Exception {
        return daemon.resync(peer, resource == null ? null : resource.wireName());
    }

    @Override
    String done(String member) {
        return "Resyncing " + (resource == null ? "everything" : resource.wireName()) + " from " + member
                + ". Follow it with 'tidemark status' or 'tidemark wait-for-sync --peer " + peer + "'.";
    }

    /** The wire names, as the CLI and JSON show types. */
    static final class Types implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(ResourceType.values()).map(ResourceType::wireName).iterator();
        }
    }

    static final class TypeConverter implements CommandLine.ITypeConverter<ResourceType> {
        @Override
        public ResourceType convert(String value) {
            try {
                return ResourceType.fromWireName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is no resource type; one of "
                        + String.join(", ", new Types()));
            }
        }
    }
}
