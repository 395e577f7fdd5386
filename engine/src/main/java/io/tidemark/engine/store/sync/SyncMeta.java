package io.tidemark.engine.store.sync;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The identity of a sync.db file: the library and the device whose sync state it holds.
 *
 * @param libraryId the library this file belongs to
 * @param deviceId  this device, as written when the file was created
 * @param createdAt when the file was created (millisecond precision)
 */
public record SyncMeta(UUID libraryId, UUID deviceId, Instant createdAt) {
    public SyncMeta {
        Objects.requireNonNull(libraryId, "libraryId");
        Objects.requireNonNull(deviceId, "deviceId");
        createdAt = SqlValues.requireMillis(createdAt, "createdAt");
    }
}
