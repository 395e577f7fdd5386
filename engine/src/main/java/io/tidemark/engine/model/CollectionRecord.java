package io.tidemark.engine.model;

import java.util.UUID;

public record CollectionRecord(UUID uuid, long hlc, String name) implements SharedRecord {
    @Override
    public ResourceType type() {
        return ResourceType.COLLECTION;
    }
}
