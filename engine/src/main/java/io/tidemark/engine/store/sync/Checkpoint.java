package io.tidemark.engine.store.sync;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.ResourceType;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * Progress of one backfill of one owner's rows of one type, fetched from one source peer, saved as
 * it goes so that a crash or a lost peer resumes instead of starting over.
 *
 * @param owner        the device whose rows are being backfilled
 * @param type         the resource type being backfilled
 * @param sourcePeer   the peer the rows are fetched from (length-agnostic device id)
 * @param cursor       every row of (owner, type) at or before this position has been applied
 * @param recordsDone  rows applied so far in this backfill
 * @param recordsTotal rows the source reported for the whole backfill; an estimate, so
 *                     {@code recordsDone} may exceed it when rows arrive meanwhile
 * @param startedAt    when this backfill began (millisecond precision)
 * @param updatedAt    when this checkpoint was last saved (millisecond precision)
 */
public record Checkpoint(UUID owner, ResourceType type, byte[] sourcePeer, Cursor cursor,
        long recordsDone, long recordsTotal, Instant startedAt, Instant updatedAt) {

    public Checkpoint {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(type, "type");
        sourcePeer = SqlValues.peerId(sourcePeer, "sourcePeer");
        Objects.requireNonNull(cursor, "cursor");
        if (recordsDone < 0 || recordsTotal < 0) {
            throw new IllegalArgumentException("record counts must not be negative: done=" + recordsDone
                    + ", total=" + recordsTotal);
        }
        startedAt = SqlValues.requireMillis(startedAt, "startedAt");
        updatedAt = SqlValues.requireMillis(updatedAt, "updatedAt");
    }

    /** A backfill that has just begun at {@code from}. */
    public static Checkpoint start(UUID owner, ResourceType type, byte[] sourcePeer, Cursor from,
            long recordsTotal, Instant now) {
        return new Checkpoint(owner, type, sourcePeer, from, 0, recordsTotal, now, now);
    }

    /** The same backfill moved on to {@code to} with {@code done} rows applied in total. */
    public Checkpoint progress(Cursor to, long done, Instant now) {
        return new Checkpoint(owner, type, sourcePeer, to, done, recordsTotal, startedAt, now);
    }

    /** A copy of the source peer's id (the record keeps its own array immutable). */
    @Override
    public byte[] sourcePeer() {
        return sourcePeer.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c
                && owner.equals(c.owner) && type == c.type && Arrays.equals(sourcePeer, c.sourcePeer)
                && cursor.equals(c.cursor) && recordsDone == c.recordsDone && recordsTotal == c.recordsTotal
                && startedAt.equals(c.startedAt) && updatedAt.equals(c.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(owner, type, Arrays.hashCode(sourcePeer), cursor, recordsDone, recordsTotal,
                startedAt, updatedAt);
    }

    @Override
    public String toString() {
        return "Checkpoint[owner=" + owner + ", type=" + type.wireName() + ", sourcePeer="
                + SqlValues.hex(sourcePeer) + ", cursor=" + cursor + ", recordsDone=" + recordsDone
                + ", recordsTotal=" + recordsTotal + ", startedAt=" + startedAt + ", updatedAt=" + updatedAt + "]";
    }
}
