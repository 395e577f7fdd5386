package io.tidemark.engine.model;

import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

/**
 * One version of a shared record as last-writer-wins sees it: the row, or its delete, with the HLC
 * and the device ({@code origin}) that wrote it. Versions are ordered by {@code (hlc, origin)},
 * origins compared as unsigned bytes (as SQLite compares the BLOBs); the greater one wins, and a
 * delete beats a row of the same HLC. Every device applies the same rule, so all converge.
 *
 * @param record the row, or null for a delete
 */
public record SharedVersion(ResourceType type, UUID uuid, long hlc, UUID origin, SharedRecord record) {

    /** The winner order: HLC, then origin as unsigned bytes. */
    public static final Comparator<SharedVersion> ORDER = Comparator.comparingLong(SharedVersion::hlc)
            .thenComparing(SharedVersion::origin, Cursor::compareIds);

    public SharedVersion {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(origin, "origin");
        if (type.deviceOwned()) {
            throw new IllegalArgumentException(type.wireName() + " is not a shared type");
        }
        if (hlc <= 0) {
            throw new IllegalArgumentException("a shared version's HLC must be positive, got " + hlc);
        }
        if (record != null && (record.type() != type || !record.uuid().equals(uuid) || record.hlc() != hlc)) {
            throw new IllegalArgumentException("the record " + record.uuid() + " (" + record.type().wireName() + ", hlc "
                    + record.hlc() + ") does not match its version " + uuid + " (" + type.wireName() + ", hlc " + hlc + ")");
        }
    }

    public static SharedVersion put(SharedRecord record, UUID origin) {
        return new SharedVersion(record.type(), record.uuid(), record.hlc(), origin, record);
    }

    public static SharedVersion delete(ResourceType type, UUID uuid, long hlc, UUID origin) {
        return new SharedVersion(type, uuid, hlc, origin, null);
    }

    public boolean isDelete() {
        return record == null;
    }
}
