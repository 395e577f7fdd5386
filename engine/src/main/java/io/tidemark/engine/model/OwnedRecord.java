package io.tidemark.engine.model;

import java.util.UUID;

/**
 * A row of a device-owned resource type. {@code owner} is the only device that writes it;
 * {@code stamp} is the owner's HLC at the commit that wrote this version (packed, see HlcTimestamp).
 */
public sealed interface OwnedRecord permits DeviceRecord, VolumeRecord, LocationRecord, EntryRecord {
    UUID uuid();

    UUID owner();

    long stamp();

    ResourceType type();

    default Cursor cursor() {
        return new Cursor(stamp(), uuid());
    }
}
