package io.tidemark.engine.model;

import java.util.UUID;

/**
 * A file, directory or symlink inside a location. {@code parentUuid} is null for the location's root
 * directory; {@code contentUuid} links files to their shared content identity (null for directories,
 * symlinks and empty files).
 */
public record EntryRecord(UUID uuid, UUID owner, long stamp, UUID locationUuid, UUID parentUuid, String name,
                          EntryKind kind, long size, long modifiedAtMillis, UUID contentUuid, long version)
        implements OwnedRecord {
    /** A record not yet committed: its owner's commit gives it a version. */
    public EntryRecord(UUID uuid, UUID owner, long stamp, UUID locationUuid, UUID parentUuid, String name, EntryKind kind,
                       long size, long modifiedAtMillis, UUID contentUuid) {
        this(uuid, owner, stamp, locationUuid, parentUuid, name, kind, size, modifiedAtMillis, contentUuid, 0);
    }

    @Override
    public ResourceType type() {
        return ResourceType.ENTRY;
    }
}
