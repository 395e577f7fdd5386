package io.tidemark.engine.model;

import java.util.UUID;

public record TagRecord(UUID uuid, long hlc, String name, String color) implements SharedRecord {
    @Override
    public ResourceType type() {
        return ResourceType.TAG;
    }
}
