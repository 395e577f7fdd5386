package io.tidemark.engine.model;

import java.util.UUID;

/** A file system (disk, partition, share) of the owner device. */
public record VolumeRecord(UUID uuid, UUID owner, long stamp, String name, String mountPoint, String fsType,
                           long totalBytes) implements OwnedRecord {
    @Override
    public ResourceType type() {
        return ResourceType.VOLUME;
    }
}
