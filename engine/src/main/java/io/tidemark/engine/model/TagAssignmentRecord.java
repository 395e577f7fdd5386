package io.tidemark.engine.model;

import java.util.UUID;

/** Tag ↔ content identity. Its uuid derives from the pair, so two devices tagging the same content agree. */
public record TagAssignmentRecord(UUID uuid, long hlc, UUID tagUuid, UUID contentUuid) implements SharedRecord {
    @Override
    public ResourceType type() {
        return ResourceType.TAG_ASSIGNMENT;
    }
}
