package io.tidemark.engine.model;

import java.util.UUID;

/**
 * A row of a device-owned resource type. {@code owner} is the only device that writes it;
 * {@code stamp} is the owner's HLC at the commit that wrote this version (packed, see HlcTimestamp);
 * the HLC orders versions, {@link #version()} names them.
 */
public sealed interface OwnedRecord permits DeviceRecord, VolumeRecord, LocationRecord, EntryRecord {
    UUID uuid();

    UUID owner();

    long stamp();

    /**
     * The owner's version number of this record: per (owner, type), every row and delete the owner
     * commits takes the next one (1, 2, 3, ...), so "which versions does a device hold" is a dense
     * set that a compressed bitmap describes in a few bytes per run. 0: not committed yet (a record
     * built locally before its commit), or read from a library written before versions existed.
     */
    long version();

    ResourceType type();

    default Cursor cursor() {
        return new Cursor(stamp(), uuid());
    }
}
