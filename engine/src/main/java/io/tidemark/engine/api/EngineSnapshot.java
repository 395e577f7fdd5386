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
                             Instant takenAt, List<EventLine> events) {

    public EngineSnapshot {
        counts = List.copyOf(counts);
        peers = List.copyOf(peers);
        nearby = List.copyOf(nearby);
        events = List.copyOf(events);
    }

    public EngineSnapshot(Device device, Library library, List<Count> counts, List<Peer> peers, List<Nearby> nearby,
                          Instant takenAt) {
        this(device, library, counts, peers, nearby, takenAt, List.of());
    }

    /** A recorded event, newest last; {@code peerId} is the grouped device id it concerns, or null. */
    public record EventLine(long id, Instant at, String kind, String peerId, String message) {
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
                       Long clockOffsetMs, String lastError, SyncState sync, String syncReason, Instant syncSince,
                       List<Resource> resources) {
        public Peer {
            addresses = List.copyOf(addresses);
            resources = List.copyOf(resources);
            java.util.Objects.requireNonNull(sync, "sync");
        }

        /** A peer without sync details: offline when not connected, else connecting. */
        public Peer(String id, String name, PeerState state, List<String> addresses, Instant lastSeen, Long rttMs,
                    Long clockOffsetMs, String lastError) {
            this(id, name, state, addresses, lastSeen, rttMs, clockOffsetMs, lastError,
                    state == PeerState.CONNECTED ? SyncState.CONNECTING : SyncState.OFFLINE, null, null, List.of());
        }

        /** Backfill progress summed over every resource: what an overall progress bar shows. */
        public Backfill overall() {
            return Backfill.sum(resources.stream().map(Resource::backfill).toList());
        }
    }

    /**
     * Where sync with a member stands. {@code READY} only when the last watermark exchange showed
     * nothing behind on either side's view of this device.
     */
    /**
     * How one (owner, type) compares with the member's copy: {@code gap} = the member's records (rows
     * and deletes) minus ours, {@code digestMatch} whether both hold the same versions, and the
     * surgical recovery's state (null when none ran or runs).
     */
    public record Gap(long gap, boolean digestMatch, io.tidemark.engine.sync.RecoveryView recovery) {
    }

    public enum SyncState {
        CONNECTING, BACKFILLING, CATCHING_UP, RECOVERING, READY, PAUSED, OFFLINE, ERROR;

        /** As shown in JSON and the CLI: {@code catching-up}. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One (owner, type) as synced with one peer. {@code owner} null for shared types. {@code peerCount}
     * null until an exchange told it; {@code watermark} the packed HLC stamp this device holds
     * contiguously (for shared types, the newest HLC applied), null if none; {@code lastAdvanced}
     * when it last moved; {@code checkpoint} the stamp an unfinished backfill resumes from, null if none.
     */
    public record Resource(UUID owner, String ownerName, String ownerDeviceId, ResourceType type, long localCount,
                           Long peerCount, Long watermark, Instant lastAdvanced, Backfill backfill, Long checkpoint, Gap gap) {
        public Resource {
            java.util.Objects.requireNonNull(type, "type");
            java.util.Objects.requireNonNull(backfill, "backfill");
        }

        /** Without gap figures (shared types, or no exchange yet). */
        public Resource(UUID owner, String ownerName, String ownerDeviceId, ResourceType type, long localCount,
                        Long peerCount, Long watermark, Instant lastAdvanced, Backfill backfill, Long checkpoint) {
            this(owner, ownerName, ownerDeviceId, type, localCount, peerCount, watermark, lastAdvanced, backfill, checkpoint, null);
        }

        /** Without a checkpoint (none is kept once a backfill finished). */
        public Resource(UUID owner, String ownerName, String ownerDeviceId, ResourceType type, long localCount,
                        Long peerCount, Long watermark, Instant lastAdvanced, Backfill backfill) {
            this(owner, ownerName, ownerDeviceId, type, localCount, peerCount, watermark, lastAdvanced, backfill, null);
        }

        /** Whether the peer reported more rows than this device holds. */
        public boolean behind() {
            return peerCount != null && peerCount > localCount;
        }
    }

    /**
     * Backfill or catch-up progress: {@code done} of {@code total} records (the total as the serving
     * peer reported it), the recent rate, and the estimated seconds left (null when unknown).
     */
    public record Backfill(long done, long total, double ratePerSecond, Long etaSeconds, boolean active) {
        public static final Backfill NONE = new Backfill(0, 0, 0, null, false);

        public double fraction() {
            return total <= 0 ? (active ? 0 : 1) : Math.min(1.0, (double) done / total);
        }

        static Backfill sum(List<Backfill> parts) {
            long done = 0;
            long total = 0;
            double rate = 0;
            boolean active = false;
            for (Backfill b : parts) {
                done += b.done();
                total += b.total();
                rate += b.active() ? b.ratePerSecond() : 0;
                active |= b.active();
            }
            Long eta = active && rate > 0 ? (long) Math.ceil(Math.max(0, total - done) / rate) : null;
            return new Backfill(done, total, rate, eta, active);
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
