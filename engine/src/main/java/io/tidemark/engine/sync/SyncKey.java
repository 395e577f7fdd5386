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

    /**
     * From the uuid and the type's position, not the enum's identity hash: maps keyed by SyncKey then
     * iterate in the same order in every JVM, which the simulator's replay of a seed relies on.
     */
    @Override
    public int hashCode() {
        return owner.hashCode() * 31 + type.ordinal();
    }
}
