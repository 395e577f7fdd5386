package io.tidemark.engine.model;

import java.util.Objects;
import java.util.UUID;

/**
 * One version a library holds of a shared record, without its data: the row or the delete of
 * {@code uuid}, written at {@code hlc} by {@code origin}. A shared type's summary is the count and
 * {@link KeyDigest} of these; reconciliation compares them to find exactly what differs.
 */
public record SharedItem(UUID uuid, long hlc, UUID origin, boolean deleted) {
    public SharedItem {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(origin, "origin");
    }

    public long digest() {
        return KeyDigest.sharedItem(uuid, hlc, origin, deleted);
    }

    /**
     * Whether this version replaces {@code other} of the same uuid and kind under last writer wins
     * (greater HLC, then greater origin as unsigned bytes); {@code other} null: we lack it altogether.
     */
    public boolean beats(SharedItem other) {
        if (other == null) {
            return true;
        }
        return hlc != other.hlc ? hlc > other.hlc : Cursor.compareIds(origin, other.origin) > 0;
    }

    /**
     * The bucket of {@code uuid} among {@code 2^bits}, by a hash of the whole uuid: ids made by
     * {@link Ids#newId} begin with their time, so their leading bits would put a day's records in
     * one bucket.
     */
    public static int bucket(UUID uuid, int bits) {
        return bits == 0 ? 0 : (int) (KeyDigest.item(uuid, 0, false) >>> (64 - bits));
    }
}
