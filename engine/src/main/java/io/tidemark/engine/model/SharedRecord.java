package io.tidemark.engine.model;

import java.util.UUID;

/** A row of a shared resource type: any device may write it, the write with the larger HLC wins. */
public sealed interface SharedRecord
        permits ContentIdentityRecord, TagRecord, CollectionRecord, TagAssignmentRecord, CollectionItemRecord {
    UUID uuid();

    long hlc();

    ResourceType type();
}
