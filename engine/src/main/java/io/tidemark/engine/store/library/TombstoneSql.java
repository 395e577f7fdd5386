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

    /** {@link #UPSERT} for many uuids of one type, owner and stamp; the SELECT needs a WHERE to parse with ON CONFLICT. */
    private static final String UPSERT_MANY_PREFIX = "INSERT INTO tombstone (uuid, type, owner, stamp) SELECT column1, ?, ?, ? FROM (VALUES ";
    private static final String UPSERT_MANY_SUFFIX = ") WHERE true"
            + " ON CONFLICT (uuid) DO UPDATE SET stamp = excluded.stamp WHERE excluded.stamp > tombstone.stamp";

    /** The owner's deletes of one type after a cursor: the same owner filter as the rows they delete. */
    static final String PAGE = "SELECT uuid, stamp FROM tombstone WHERE " + OwnedTable.OWNER_FILTER
            + " AND type = ? AND (stamp, uuid) > (?, ?) ORDER BY stamp, uuid LIMIT ?";
    private static final String COUNT_AFTER = "SELECT count(*) FROM tombstone WHERE " + OwnedTable.OWNER_FILTER
            + " AND type = ? AND (stamp, uuid) > (?, ?)";
    private static final String NEWEST = "SELECT stamp, uuid FROM tombstone WHERE " + OwnedTable.OWNER_FILTER
            + " AND type = ? ORDER BY stamp DESC, uuid DESC LIMIT 1";

    private TombstoneSql() {
    }

    static java.util.List<io.tidemark.engine.model.Tombstone> page(java.sql.Connection c, ResourceType type, UUID owner,
                                                                   io.tidemark.engine.model.Cursor after, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PAGE)) {
            bindOwnerTypeCursor(ps, type, owner, after);
            ps.setInt(5, limit);
            java.util.List<io.tidemark.engine.model.Tombstone> rows = new java.util.ArrayList<>();
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new io.tidemark.engine.model.Tombstone(type, Sql.getId(rs, 1), owner, rs.getLong(2)));
                }
            }
            return rows;
        }
    }

    static long countAfter(java.sql.Connection c, ResourceType type, UUID owner, io.tidemark.engine.model.Cursor after)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COUNT_AFTER)) {
            bindOwnerTypeCursor(ps, type, owner, after);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static io.tidemark.engine.model.Cursor newest(java.sql.Connection c, ResourceType type, UUID owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(NEWEST)) {
            Sql.setId(ps, 1, owner);
            ps.setString(2, type.wireName());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new io.tidemark.engine.model.Cursor(rs.getLong(1), Sql.getId(rs, 2))
                        : io.tidemark.engine.model.Cursor.START;
            }
        }
    }

    private static void bindOwnerTypeCursor(PreparedStatement ps, ResourceType type, UUID owner,
                                            io.tidemark.engine.model.Cursor after) throws SQLException {
        Sql.setId(ps, 1, owner);
        ps.setString(2, type.wireName());
        ps.setLong(3, after.stamp());
        Sql.setId(ps, 4, after.uuid());
    }

    /** Leaves one tombstone per uuid ({@code owner} null for shared types), {@value IdChunks#CHUNK} per statement. */
    static void upsertAll(java.sql.Connection c, ResourceType type, UUID owner, long stamp, java.util.List<UUID> uuids)
            throws SQLException {
        IdChunks.update(c, uuids, n -> UPSERT_MANY_PREFIX + IdChunks.placeholders(n, "(?)") + UPSERT_MANY_SUFFIX, ps -> {
            ps.setString(1, type.wireName());
            Sql.setId(ps, 2, owner);
            ps.setLong(3, stamp);
            return 4;
        });
    }

    static void bind(PreparedStatement ps, ResourceType type, UUID uuid, UUID owner, long stamp) throws SQLException {
        Sql.setId(ps, 1, uuid);
        ps.setString(2, type.wireName());
        Sql.setId(ps, 3, owner);
        ps.setLong(4, stamp);
    }
}
