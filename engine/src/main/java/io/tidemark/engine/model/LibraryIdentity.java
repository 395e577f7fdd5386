package io.tidemark.engine.model;

import java.util.UUID;

/** Which library a home belongs to, and which device this home is. */
public record LibraryIdentity(UUID libraryId, String libraryName, UUID deviceId) {
}
