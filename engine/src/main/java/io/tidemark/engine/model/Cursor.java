package io.tidemark.engine.model;

import io.tidemark.engine.clock.HlcTimestamp;
import java.util.Comparator;
import java.util.UUID;

/**
 * A position in one owner's stream of one resource type: every row ordered by {@code (stamp, uuid)}
 * at or before this position has been seen. Ties on the stamp (a whole commit shares one stamp) are
 * broken by the uuid, so paging visits every row exactly once.
 */
public record Cursor(long stamp, UUID uuid) implements Comparable<Cursor> {

    /** Before every row. */
    public static final Cursor START = new Cursor(0, Ids.MIN);

    private static final Comparator<Cursor> ORDER =
            Comparator.comparingLong(Cursor::stamp).thenComparing(c -> c.uuid, Cursor::compareIds);

    public Cursor {
        if (stamp < 0) {
            throw new IllegalArgumentException("stamp must not be negative");
        }
        if (uuid == null) {
            throw new IllegalArgumentException("uuid must not be null");
        }
    }

    public boolean isStart() {
        return stamp == 0 && uuid.equals(Ids.MIN);
    }

    public HlcTimestamp hlc() {
        return HlcTimestamp.fromPacked(stamp);
    }

    /** Order as SQLite orders the 16-byte BLOBs: unsigned, byte by byte (java.util.UUID compares signed). */
    public static int compareIds(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    @Override
    public int compareTo(Cursor other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return hlc() + "/" + uuid;
    }
}
