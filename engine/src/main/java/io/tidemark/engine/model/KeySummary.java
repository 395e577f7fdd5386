package io.tidemark.engine.model;

import java.util.UUID;

/**
 * What a library holds of one owner's records of one type: how many rows and how many deletes, the
 * {@link KeyDigest} over both, and the highest version it has seen. For the owner itself
 * {@code maxVersion} is its version counter: its next commit continues after it.
 */
public record KeySummary(UUID owner, ResourceType type, long rows, long deleted, long digest, long maxVersion) {
    public static KeySummary empty(UUID owner, ResourceType type) {
        return new KeySummary(owner, type, 0, 0, 0, 0);
    }

    /** Rows and deletes: what a summary counts on both sides. */
    public long items() {
        return rows + deleted;
    }

    /** Whether {@code other} holds exactly the same versions (as far as count and digest can tell). */
    public boolean sameAs(KeySummary other) {
        return rows == other.rows && deleted == other.deleted && digest == other.digest;
    }
}
