package io.tidemark.engine.api;

import io.tidemark.engine.model.ResourceType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the engine looks like at one moment, for the app and {@code status}. Immutable: the engine
 * publishes a new one after each change, and readers sample it without locks.
 */
public record EngineSnapshot(Device device, Library library, List<Count> counts, List<Peer> peers, List<Nearby> nearby,
                             Instant takenAt) {

    public EngineSnapshot {
        counts = List.copyOf(counts);
        peers = List.copyOf(peers);
        nearby = List.copyOf(nearby);
    }

    /**
     * This device: {@code id} is the internal row-owner id, {@code deviceId} the grouped device id
     * (SHA-256 of its certificate) that people and peers see.
     */
    public record Device(UUID id, String name, String deviceId) {
        public Device(UUID id, String name) {
            this(id, name, null);
        }
    }

    public record Library(UUID id, String name) {
    }

    /**
     * Rows of {@code type} held for {@code owner} (null for shared types); {@code ownerName} and
     * {@code ownerDeviceId} (the grouped device id, null while unknown) for display.
     */
    public record Count(UUID owner, String ownerName, ResourceType type, long count, String ownerDeviceId) {
        public Count(UUID owner, String ownerName, ResourceType type, long count) {
            this(owner, ownerName, type, count, null);
        }
    }

    /**
     * A member device as this device sees it. {@code id} is the grouped device id (SHA-256 of its
     * certificate); {@code state} one of {@link PeerState}; {@code lastSeen}, {@code rttMs},
     * {@code clockOffsetMs} and {@code lastError} are null until known.
     */
    public record Peer(String id, String name, PeerState state, List<String> addresses, Instant lastSeen, Long rttMs,
                       Long clockOffsetMs, String lastError) {
        public Peer {
            addresses = List.copyOf(addresses);
        }
    }

    /** Connection states of a member. */
    public enum PeerState {
        CONNECTED, CONNECTING, OFFLINE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A device found on the LAN that is not a member: it can be invited. */
    public record Nearby(String id, List<String> addresses, Instant lastSeen) {
        public Nearby {
            addresses = List.copyOf(addresses);
        }
    }

    /** The count for (owner, type), 0 when there are no rows. */
    public long count(UUID owner, ResourceType type) {
        return counts.stream()
                .filter(c -> c.type() == type && java.util.Objects.equals(c.owner(), owner))
                .mapToLong(Count::count)
                .sum();
    }
}
