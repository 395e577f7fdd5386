package io.tidemark.engine.model;

import java.util.UUID;

/** A folder the user added to the library on the owner device. */
public record LocationRecord(UUID uuid, UUID owner, long stamp, UUID volumeUuid, String path, String name)
        implements OwnedRecord {
    @Override
    public ResourceType type() {
        return ResourceType.LOCATION;
    }
}
