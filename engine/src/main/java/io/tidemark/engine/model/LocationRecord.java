package io.tidemark.engine.model;

import java.util.UUID;

/** A folder the user added to the library on the owner device. */
public record LocationRecord(UUID uuid, UUID owner, long stamp, UUID volumeUuid, String path, String name, long version)
        implements OwnedRecord {
    /** A record not yet committed: its owner's commit gives it a version. */
    public LocationRecord(UUID uuid, UUID owner, long stamp, UUID volumeUuid, String path, String name) {
        this(uuid, owner, stamp, volumeUuid, path, name, 0);
    }

    @Override
    public ResourceType type() {
        return ResourceType.LOCATION;
    }
}
