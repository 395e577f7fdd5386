package io.tidemark.engine.model;

import java.util.UUID;

/**
 * A file, directory or symlink inside a location. {@code parentUuid} is null for the location's root
 * directory; {@code contentUuid} links files to their shared content identity (null for directories,
 * symlinks and empty files).
 */
public record EntryRecord(UUID uuid, UUID owner, long stamp, UUID locationUuid, UUID parentUuid, String name,
                          EntryKind kind, long size, long modifiedAtMillis, UUID contentUuid) implements OwnedRecord {
    @Override
    public ResourceType type() {
        return ResourceType.ENTRY;
    }
}
