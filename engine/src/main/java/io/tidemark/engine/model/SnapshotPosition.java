package io.tidemark.engine.model;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a snapshot of the shared resources stands. A snapshot walks the shared types in sync order,
 * each type's rows by uuid, and ends with every shared delete in (stamp, uuid) order.
 *
 * @param type  the type whose rows come next, or null in the deletes section
 * @param stamp in the deletes section, the stamp of the last delete sent (0 for rows)
 * @param uuid  the last uuid sent in this section ({@link Ids#MIN} at its start)
 */
public record SnapshotPosition(ResourceType type, long stamp, UUID uuid) {

    private static final String DELETES = "deleted";

    /** Before the first row of the first shared type. */
    public static final SnapshotPosition START = new SnapshotPosition(SyncOrder.shared().get(0), 0, Ids.MIN);

    public SnapshotPosition {
        Objects.requireNonNull(uuid, "uuid");
        if (type != null && (type.deviceOwned() || stamp != 0)) {
            throw new IllegalArgumentException("a snapshot walks the rows of shared types by uuid only, not " + type);
        }
        if (stamp < 0) {
            throw new IllegalArgumentException("stamp must not be negative");
        }
    }

    public boolean inDeletes() {
        return type == null;
    }

    /** The start of the section after this one's. */
    public SnapshotPosition nextSection() {
        if (type == null) {
            throw new IllegalStateException("the deletes are the last section");
        }
        List<ResourceType> shared = SyncOrder.shared();
        int i = shared.indexOf(type);
        return i + 1 < shared.size() ? new SnapshotPosition(shared.get(i + 1), 0, Ids.MIN) : new SnapshotPosition(null, 0, Ids.MIN);
    }

    /** The text form for the wire: {@code tag:<uuid>} or {@code deleted:<stamp>:<uuid>}. */
    public String text() {
        return type == null ? DELETES + ":" + stamp + ":" + uuid : type.wireName() + ":" + uuid;
    }

    /**
     * Parses {@link #text()}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static SnapshotPosition parse(String text) {
        String[] parts = text.split(":", -1);
        try {
            if (parts.length == 3 && parts[0].equals(DELETES)) {
                return new SnapshotPosition(null, Long.parseLong(parts[1]), UUID.fromString(parts[2]));
            }
            if (parts.length == 2) {
                return new SnapshotPosition(ResourceType.fromWireName(parts[0]), 0, UUID.fromString(parts[1]));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a snapshot position: " + text + " (" + e.getMessage() + ")", e);
        }
        throw new IllegalArgumentException("not a snapshot position: " + text);
    }
}
