package io.tidemark.engine.sync;

import io.tidemark.engine.model.ResourceType;
import java.util.Objects;
import java.util.UUID;

/** One (owner device, resource type): the unit that has a watermark, a checkpoint and a pull. */
public record SyncKey(UUID owner, ResourceType type) {
    public SyncKey {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(type, "type");
        if (!type.deviceOwned()) {
            throw new IllegalArgumentException(type.wireName() + " is not device-owned");
        }
    }
}
