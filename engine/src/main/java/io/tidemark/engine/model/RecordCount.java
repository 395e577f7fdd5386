package io.tidemark.engine.model;

import java.util.UUID;

/** How many rows of a type a library holds for one owner ({@code owner} is null for shared types). */
public record RecordCount(UUID owner, ResourceType type, long count) {
}
