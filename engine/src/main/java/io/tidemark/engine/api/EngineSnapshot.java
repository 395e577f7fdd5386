package io.tidemark.engine.api;

import io.tidemark.engine.model.ResourceType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the engine looks like at one moment, for the app and {@code status}. Immutable: the engine
 * publishes a new one after each change, and readers sample it without locks.
 */
public record EngineSnapshot(Device device, Library library, List<Count> counts, List<Peer> peers, Instant takenAt) {

    public EngineSnapshot {
        counts = List.copyOf(counts);
        peers = List.copyOf(peers);
    }

    public record Device(UUID id, String name) {
    }

    public record Library(UUID id, String name) {
    }

    /** Rows of {@code type} held for {@code owner} (null for shared types); {@code ownerName} for display. */
    public record Count(UUID owner, String ownerName, ResourceType type, long count) {
    }

    /** Filled by the peers issue. */
    public record Peer(String id, String name, String state) {
    }

    /** The count for (owner, type), 0 when there are no rows. */
    public long count(UUID owner, ResourceType type) {
        return counts.stream()
                .filter(c -> c.type() == type && java.util.Objects.equals(c.owner(), owner))
                .mapToLong(Count::count)
                .sum();
    }
}
