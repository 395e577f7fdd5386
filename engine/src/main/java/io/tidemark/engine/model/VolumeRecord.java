package io.tidemark.engine.model;

import java.util.UUID;

/** A file system (disk, partition, share) of the owner device. */
public record VolumeRecord(UUID uuid, UUID owner, long stamp, String name, String mountPoint, String fsType,
                           long totalBytes, long version) implements OwnedRecord {
    /** A record not yet committed: its owner's commit gives it a version. */
    public VolumeRecord(UUID uuid, UUID owner, long stamp, String name, String mountPoint, String fsType, long totalBytes) {
        this(uuid, owner, stamp, name, mountPoint, fsType, totalBytes, 0);
    }

    @Override
    public ResourceType type() {
        return ResourceType.VOLUME;
    }
}
