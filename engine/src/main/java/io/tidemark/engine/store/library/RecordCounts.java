package io.tidemark.engine.store.library;

import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.ResourceType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * The record_count table: rows per (owner, type), adjusted by the writers in the same transaction
 * as the rows themselves. Shared types are counted under the empty owner.
 */
final class RecordCounts {
    private static final String ADD = "INSERT INTO record_count (owner, type, n) VALUES (?, ?, ?)"
            + " ON CONFLICT (owner, type) DO UPDATE SET n = n + excluded.n";

    private RecordCounts() {
    }

    static void add(Connection c, ResourceType type, UUID owner, long delta) throws SQLException {
        if (delta == 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(ADD)) {
            ps.setBytes(1, owner == null ? LibrarySchema.SHARED_OWNER : Ids.toBytes(owner));
            ps.setString(2, type.wireName());
            ps.setLong(3, delta);
            ps.executeUpdate();
        }
    }

    static void addAll(Connection c, ResourceType type, Map<UUID, Integer> deltas) throws SQLException {
        for (Map.Entry<UUID, Integer> d : deltas.entrySet()) {
            add(c, type, d.getKey(), d.getValue());
        }
    }
}
