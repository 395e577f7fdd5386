package io.tidemark.engine.store.library;

import io.tidemark.engine.model.ResourceType;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** The tombstone table's SQL, shared by local deletes and applied remote deletes. */
final class TombstoneSql {
    /**
     * Keeps the newest stamp per shared uuid; of equal stamps the greater origin, so every device
     * keeps the same delete (device-owned deletes have no origin: their owner made them).
     */
    private static final String UPSERT = "INSERT INTO tombstone (uuid, type, owner, stamp, origin) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (uuid) DO UPDATE SET stamp = excluded.stamp, origin = excluded.origin"
            + " WHERE excluded.stamp > tombstone.stamp"
            // No origin (a delete from before origins were kept) is the least, as Ids.MIN, which the digest counts it as.
            + " OR (excluded.stamp = tombstone.stamp AND coalesce(excluded.origin, zeroblob(16)) > coalesce(tombstone.origin, zeroblob(16)))";

    /** The owner's deletes of one type after a cursor: the same owner filter as the rows they delete. */
    static final String PAGE = "SELECT uuid, stamp, version FROM tombstone WHERE " + OwnedTable.OWNER_FILTER
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
                    rows.add(new io.tidemark.engine.model.Tombstone(type, Sql.getId(rs, 1), owner, rs.getLong(2), rs.getLong(3)));
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

    private static final String OWNED_UPSERT = "INSERT INTO tombstone (uuid, type, owner, stamp, origin, version)"
            + " VALUES (?, ?, ?, ?, NULL, ?) ON CONFLICT (uuid) DO UPDATE SET stamp = excluded.stamp,"
            + " version = excluded.version WHERE excluded.stamp > tombstone.stamp";

    /**
     * Keeps device-owned deletes, made here or received: of two deletes of a uuid the newer stamp
     * wins. The summaries lose the delete each one replaces and gain the new one, so the existing
     * tombstones of each chunk are read first ({@value IdChunks#CHUNK} uuids per query).
     */
    static void keepOwned(java.sql.Connection c, java.util.List<io.tidemark.engine.model.Tombstone> deletes,
                          KeySummaries.Delta delta) throws SQLException {
        if (deletes.isEmpty()) {
            return;
        }
        java.util.Map<UUID, long[]> existing = new java.util.HashMap<>();
        java.util.List<UUID> uuids = new java.util.ArrayList<>(deletes.size());
        deletes.forEach(t -> uuids.add(t.uuid()));
        IdChunks.query(c, uuids, n -> "SELECT uuid, stamp, version FROM tombstone WHERE uuid IN ("
                + IdChunks.placeholders(n, "?") + ")", ps -> 1,
                rs -> existing.put(Sql.getId(rs, 1), new long[] {rs.getLong(2), rs.getLong(3)}));
        try (PreparedStatement ps = c.prepareStatement(OWNED_UPSERT)) {
            for (io.tidemark.engine.model.Tombstone t : deletes) {
                long[] held = existing.get(t.uuid());
                if (held != null && held[0] >= t.stamp()) {
                    continue; // ours is as new or newer
                }
                Sql.setId(ps, 1, t.uuid());
                ps.setString(2, t.type().wireName());
                Sql.setId(ps, 3, t.owner());
                ps.setLong(4, t.stamp());
                ps.setLong(5, t.version());
                ps.addBatch();
                if (held != null) {
                    delta.deleted(t.owner(), t.type(), t.uuid(), held[1], -1);
                }
                delta.deleted(t.owner(), t.type(), t.uuid(), t.version(), 1);
                existing.put(t.uuid(), new long[] {t.stamp(), t.version()});
            }
            ps.executeBatch();
        }
    }

    /** Removes the device-owned deletes of {@code uuids}, which newer rows replaced (their summaries already have). */
    static void dropSuperseded(java.sql.Connection c, java.util.List<UUID> uuids) throws SQLException {
        if (!uuids.isEmpty()) {
            IdChunks.update(c, uuids, n -> "DELETE FROM tombstone WHERE owner IS NOT NULL AND uuid IN ("
                    + IdChunks.placeholders(n, "?") + ")", ps -> 1);
        }
    }

    /** The owner of the device-owned delete of {@code uuid}, or null if there is none (or it is a shared delete). */
    static UUID ownerOf(java.sql.Connection c, UUID uuid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT owner FROM tombstone WHERE uuid = ? AND owner IS NOT NULL")) {
            Sql.setId(ps, 1, uuid);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Sql.getId(rs, 1) : null;
            }
        }
    }

    /**
     * Drops {@code owner}'s delete of {@code uuid} if it still holds {@code version}: a recovery
     * removing a delete the authority does not have.
     */
    static boolean dropVersion(java.sql.Connection c, ResourceType type, UUID uuid, UUID owner, long version,
                               KeySummaries.Delta delta) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM tombstone WHERE uuid = ? AND "
                + OwnedTable.OWNER_FILTER + " AND type = ? AND version = ?")) {
            Sql.setId(ps, 1, uuid);
            Sql.setId(ps, 2, owner);
            ps.setString(3, type.wireName());
            ps.setLong(4, version);
            if (ps.executeUpdate() == 0) {
                return false;
            }
            delta.deleted(owner, type, uuid, version, -1);
            return true;
        }
    }

    /**
     * Removes {@code owner}'s deletes of {@code type} at or before {@code through}: the owner forgets
     * deletes every member has had long enough to apply. A member that still holds such a row is
     * told by recovery (the owner's summary says through where it pruned).
     *
     * @return deletes removed
     */
    static int prune(java.sql.Connection c, ResourceType type, UUID owner, io.tidemark.engine.model.Cursor through,
                     KeySummaries.Delta delta) throws SQLException {
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM tombstone WHERE " + OwnedTable.OWNER_FILTER
                + " AND type = ? AND (stamp, uuid) <= (?, ?) RETURNING uuid, version")) {
            Sql.setId(ps, 1, owner);
            ps.setString(2, type.wireName());
            ps.setLong(3, through.stamp());
            Sql.setId(ps, 4, through.uuid());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    delta.deleted(owner, type, Sql.getId(rs, 1), rs.getLong(2), -1);
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Keeps shared deletes, made here or received: of two deletes of a uuid the newer stamp wins, of
     * equal stamps the greater origin ({@link #UPSERT} decides). The summaries lose the delete each
     * one replaces and gain the new one, so the existing deletes are read first
     * ({@value IdChunks#CHUNK} uuids per query), and each upsert says whether it wrote.
     */
    static void keepShared(java.sql.Connection c, java.util.List<io.tidemark.engine.model.SharedVersion> deletes,
                           KeySummaries.Delta delta) throws SQLException {
        if (deletes.isEmpty()) {
            return;
        }
        java.util.Map<UUID, io.tidemark.engine.model.SharedItem> existing = new java.util.HashMap<>();
        java.util.List<UUID> uuids = new java.util.ArrayList<>(deletes.size());
        deletes.forEach(d -> uuids.add(d.uuid()));
        IdChunks.query(c, uuids, n -> "SELECT uuid, stamp, origin FROM tombstone WHERE owner IS NULL AND uuid IN ("
                + IdChunks.placeholders(n, "?") + ")", ps -> 1,
                rs -> existing.put(Sql.getId(rs, 1), SharedItems.item(Sql.getId(rs, 1), rs.getLong(2), Sql.getId(rs, 3), true)));
        try (PreparedStatement ps = c.prepareStatement(UPSERT + " RETURNING stamp")) {
            for (io.tidemark.engine.model.SharedVersion d : deletes) {
                // Ids.MIN is how a delete read without an origin travels: it is kept as none, as it came.
                UUID origin = io.tidemark.engine.model.Ids.MIN.equals(d.origin()) ? null : d.origin();
                bind(ps, d.type(), d.uuid(), null, d.hlc(), origin);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        continue; // ours is as new or newer
                    }
                }
                io.tidemark.engine.model.SharedItem kept = SharedItems.item(d.uuid(), d.hlc(), origin, true);
                io.tidemark.engine.model.SharedItem replaced = existing.put(d.uuid(), kept);
                if (replaced != null) {
                    delta.shared(d.type(), replaced, -1);
                }
                delta.shared(d.type(), kept, 1);
            }
        }
    }

    /** Binds {@link #UPSERT} for a device-owned delete (its owner is its origin) or a shared one ({@code owner} null). */
    static void bind(PreparedStatement ps, ResourceType type, UUID uuid, UUID owner, long stamp, UUID origin)
            throws SQLException {
        Sql.setId(ps, 1, uuid);
        ps.setString(2, type.wireName());
        Sql.setId(ps, 3, owner);
        ps.setLong(4, stamp);
        Sql.setId(ps, 5, origin);
    }

    // ---- shared deletes (owner NULL), along the (owner, stamp, uuid) index ----

    private static final String SHARED_BY_ORIGIN = "SELECT type, uuid, stamp, origin FROM tombstone"
            + " WHERE owner IS NULL AND origin = ? AND (stamp, uuid) > (?, ?) ORDER BY stamp, uuid LIMIT ?";
    private static final String SHARED_PAGE = "SELECT type, uuid, stamp, origin FROM tombstone"
            + " WHERE owner IS NULL AND (stamp, uuid) > (?, ?) ORDER BY stamp, uuid LIMIT ?";
    private static final String SHARED_COUNT_AFTER = "SELECT count(*) FROM tombstone WHERE owner IS NULL AND (stamp, uuid) > (?, ?)";
    private static final String SHARED_NEWEST = "SELECT max(stamp) FROM tombstone WHERE owner IS NULL AND type = ?";

    /** Shared deletes made by {@code origin} after {@code after}, in (stamp, uuid) order: the tailer's scan. */
    static java.util.List<io.tidemark.engine.model.SharedVersion> sharedBy(java.sql.Connection c, UUID origin,
            io.tidemark.engine.model.Cursor after, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SHARED_BY_ORIGIN)) {
            Sql.setId(ps, 1, origin);
            ps.setLong(2, after.stamp());
            Sql.setId(ps, 3, after.uuid());
            ps.setInt(4, limit);
            return readShared(ps);
        }
    }

    /** Every shared delete after {@code after}, in (stamp, uuid) order: a snapshot's last section. */
    static java.util.List<io.tidemark.engine.model.SharedVersion> sharedPage(java.sql.Connection c,
            io.tidemark.engine.model.Cursor after, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SHARED_PAGE)) {
            ps.setLong(1, after.stamp());
            Sql.setId(ps, 2, after.uuid());
            ps.setInt(3, limit);
            return readShared(ps);
        }
    }

    static long sharedCountAfter(java.sql.Connection c, io.tidemark.engine.model.Cursor after) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SHARED_COUNT_AFTER)) {
            ps.setLong(1, after.stamp());
            Sql.setId(ps, 2, after.uuid());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The newest shared delete's stamp of {@code type}, 0 if none. */
    static long sharedNewest(java.sql.Connection c, ResourceType type) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SHARED_NEWEST)) {
            ps.setString(1, type.wireName());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        }
    }

    /** The shared deletes held of {@code uuids} of {@code type}, {@value IdChunks#CHUNK} per query. */
    static java.util.List<io.tidemark.engine.model.SharedVersion> sharedOf(java.sql.Connection c, ResourceType type,
            java.util.List<UUID> uuids) throws SQLException {
        java.util.List<io.tidemark.engine.model.SharedVersion> out = new java.util.ArrayList<>();
        IdChunks.query(c, uuids, n -> "SELECT uuid, stamp, origin FROM tombstone WHERE owner IS NULL AND type = ? AND uuid IN ("
                + IdChunks.placeholders(n, "?") + ")", ps -> {
                    ps.setString(1, type.wireName());
                    return 2;
                }, rs -> {
                    UUID origin = Sql.getId(rs, 3);
                    out.add(io.tidemark.engine.model.SharedVersion.delete(type, Sql.getId(rs, 1), rs.getLong(2),
                            origin == null ? io.tidemark.engine.model.Ids.MIN : origin));
                });
        return out;
    }

    private static java.util.List<io.tidemark.engine.model.SharedVersion> readShared(PreparedStatement ps) throws SQLException {
        java.util.List<io.tidemark.engine.model.SharedVersion> out = new java.util.ArrayList<>();
        try (java.sql.ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                UUID origin = Sql.getId(rs, 4);
                out.add(io.tidemark.engine.model.SharedVersion.delete(ResourceType.fromWireName(rs.getString(1)),
                        Sql.getId(rs, 2), rs.getLong(3), origin == null ? io.tidemark.engine.model.Ids.MIN : origin));
            }
        }
        return out;
    }
}
