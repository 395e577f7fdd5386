package io.tidemark.engine.model;

import java.util.UUID;

/**
 * A deleted record: it keeps an older copy of {@code uuid} from coming back. {@code owner} is null for
 * shared types. A device-owned delete takes its owner's next {@code version} like a row does.
 */
public record Tombstone(ResourceType type, UUID uuid, UUID owner, long stamp, long version) {
    /** A delete without a version: shared deletes, and device-owned ones before their owner commits them. */
    public Tombstone(ResourceType type, UUID uuid, UUID owner, long stamp) {
        this(type, uuid, owner, stamp, 0);
    }

    /** Where this delete sits in its owner's (stamp, uuid) order, among the rows of its type. */
    public Cursor cursor() {
        return new Cursor(stamp, uuid);
    }
}
