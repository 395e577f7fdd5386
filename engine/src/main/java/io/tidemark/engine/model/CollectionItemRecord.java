package io.tidemark.engine.model;

import java.util.UUID;

/** Collection ↔ content identity. Its uuid derives from the pair. */
public record CollectionItemRecord(UUID uuid, long hlc, UUID collectionUuid, UUID contentUuid) implements SharedRecord {
    @Override
    public ResourceType type() {
        return ResourceType.COLLECTION_ITEM;
    }
}
