package io.tidemark.engine.model;

import java.util.UUID;

/** A deleted record: it keeps an older copy of {@code uuid} from coming back. {@code owner} is null for shared types. */
public record Tombstone(ResourceType type, UUID uuid, UUID owner, long stamp) {
    /** Where this delete sits in its owner's (stamp, uuid) order, among the rows of its type. */
    public Cursor cursor() {
        return new Cursor(stamp, uuid);
    }
}
