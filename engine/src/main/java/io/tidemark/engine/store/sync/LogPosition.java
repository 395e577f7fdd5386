package io.tidemark.engine.store.sync;

import io.tidemark.engine.model.Ids;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

/**
 * A position in the shared change log, which is ordered by {@code (hlc, origin, record)}. Two
 * origins may issue the same HLC value and one commit may log several records under one HLC, so a
 * page may end in the middle of an HLC; paging by this full position still visits every entry
 * exactly once.
 */
public record LogPosition(long hlc, UUID origin, UUID record) implements Comparable<LogPosition> {

    /** Before every entry (entries have {@code hlc > 0}). */
    public static final LogPosition START = new LogPosition(0, Ids.MIN, Ids.MIN);

    private static final UUID MAX = new UUID(-1L, -1L);
    private static final Comparator<LogPosition> ORDER = Comparator.comparingLong(LogPosition::hlc)
            .thenComparing(LogPosition::origin, LogPosition::compareUnsigned)
            .thenComparing(LogPosition::record, LogPosition::compareUnsigned);

    public LogPosition {
        if (hlc < 0) {
            throw new IllegalArgumentException("hlc must not be negative: " + hlc);
        }
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(record, "record");
    }

    /** After every entry whose HLC is {@code <= hlc}, before every later one. */
    public static LogPosition afterHlc(long hlc) {
        return new LogPosition(hlc, MAX, MAX);
    }

    /** Order as SQLite orders 16-byte BLOBs: unsigned, byte by byte. */
    private static int compareUnsigned(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    @Override
    public int compareTo(LogPosition other) {
        return ORDER.compare(this, other);
    }
}
