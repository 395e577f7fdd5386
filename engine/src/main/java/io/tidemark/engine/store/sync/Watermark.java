package io.tidemark.engine.store.sync;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.ResourceType;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * How far this device has applied one owner's rows of one resource type.
 *
 * @param owner     the device that owns (writes) the rows
 * @param type      the resource type
 * @param cursor    every row at or before this {@code (stamp, uuid)} position has been applied
 * @param updatedAt when the watermark last moved (millisecond precision)
 */
public record Watermark(UUID owner, ResourceType type, Cursor cursor, Instant updatedAt) {
    public Watermark {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(cursor, "cursor");
        updatedAt = SqlValues.requireMillis(updatedAt, "updatedAt");
    }
}
