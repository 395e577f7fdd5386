package io.tidemark.engine.store.library;

import io.tidemark.engine.model.ResourceType;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** The tombstone table's SQL, shared by local deletes and applied remote deletes. */
final class TombstoneSql {
    /** Keeps the newest stamp per uuid. */
    static final String UPSERT = "INSERT INTO tombstone (uuid, type, owner, stamp) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (uuid) DO UPDATE SET stamp = excluded.stamp WHERE excluded.stamp > tombstone.stamp";

    private TombstoneSql() {
    }

    static void bind(PreparedStatement ps, ResourceType type, UUID uuid, UUID owner, long stamp) throws SQLException {
        Sql.setId(ps, 1, uuid);
        ps.setString(2, type.wireName());
        Sql.setId(ps, 3, owner);
        ps.setLong(4, stamp);
    }
}
