package io.tidemark.engine.model;

import java.util.UUID;

/** The content of a file, identified by its hash; its uuid derives from the hash so every device agrees on it. */
public record ContentIdentityRecord(UUID uuid, long hlc, byte[] hash, long size) implements SharedRecord {
    @Override
    public ResourceType type() {
        return ResourceType.CONTENT_IDENTITY;
    }
}
