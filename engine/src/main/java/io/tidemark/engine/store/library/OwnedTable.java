package io.tidemark.engine.store.library;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.VolumeRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The SQL of one device-owned table. Counting and paging are built from the same
 * {@link #OWNER_FILTER} over the same table, so a count that reports a gap and the query that fetches
 * the missing rows can never disagree about which rows belong to an owner. (In the reference system
 * the count used one filter and the re-fetch another; the re-fetch returned nothing and recovery
 * never worked.)
 */
public abstract sealed class OwnedTable<R extends OwnedRecord>
        permits OwnedTable.Devices, OwnedTable.Volumes, OwnedTable.Locations, OwnedTable.Entries {

    private static final java.util.Comparator<OwnedRecord> CLUSTERED_ORDER =
            java.util.Comparator.comparing(OwnedRecord::owner, Cursor::compareIds).thenComparing(OwnedRecord::cursor);

    /** The one owner filter: every per-owner query of a device-owned table goes through it. */
    public static final String OWNER_FILTER = "owner = ?";

    private final ResourceType type;
    private final List<String> dataColumns;
    private final String pageSql;
    private final String countSql;
    private final String countAfterSql;
    private final List<String> insertColumns;
    private final String updateOlderSql;
    private final String deleteSql;
    private final String versionsOfSql;
    private final String olderDeleteSql;
    private final String pageAnyOwnerSql;
    private final String newestSql;
    private final String ownerOfSql;

    OwnedTable(ResourceType type, List<String> dataColumns) {
        this.type = type;
        this.dataColumns = List.copyOf(dataColumns);
        String t = type.table();
        String columns = "uuid, owner, stamp, " + String.join(", ", dataColumns) + ", version";
        String afterCursor = " AND (stamp, uuid) > (?, ?)";
        this.pageSql = "SELECT " + columns + " FROM " + t + " WHERE " + OWNER_FILTER + afterCursor
                + " ORDER BY stamp, uuid LIMIT ?";
        this.pageAnyOwnerSql = "SELECT " + columns + " FROM " + t + " WHERE (stamp, uuid) > (?, ?) ORDER BY stamp, uuid LIMIT ?";
        this.countSql = "SELECT count(*) FROM " + t + " WHERE " + OWNER_FILTER;
        this.newestSql = "SELECT stamp, uuid FROM " + t + " WHERE " + OWNER_FILTER + " ORDER BY stamp DESC, uuid DESC LIMIT 1";
        this.countAfterSql = countSql + afterCursor;
        List<String> insertColumns = new ArrayList<>(List.of("uuid", "owner", "stamp"));
        insertColumns.addAll(dataColumns);
        insertColumns.add("version");
        this.insertColumns = List.copyOf(insertColumns);
        StringBuilder sets = new StringBuilder("stamp = ?");
        dataColumns.forEach(c -> sets.append(", ").append(c).append(" = ?"));
        sets.append(", version = ?");
        // Existing rows: only a newer version replaces them, and a row never changes owner. The
        // stamp orders versions; of equal stamps (a uuid put twice in one local commit, or a row read
        // from a library written before versions existed, version 0) the higher version wins.
        this.updateOlderSql = "UPDATE " + t + " SET " + sets + " WHERE uuid = ? AND owner = ? AND (stamp, version) < (?, ?)";
        this.deleteSql = "DELETE FROM " + t + " WHERE uuid = ? AND owner = ? AND stamp < ? RETURNING version";
        this.versionsOfSql = "SELECT uuid, version FROM " + t + " WHERE uuid IN (";
        this.olderDeleteSql = "(SELECT version FROM tombstone WHERE tombstone.uuid = " + t + ".uuid AND tombstone.owner = "
                + t + ".owner)";
        this.ownerOfSql = "SELECT owner FROM " + t + " WHERE uuid = ?";
    }

    public ResourceType type() {
        return type;
    }

    public List<String> dataColumns() {
        return dataColumns;
    }

    /** Binds the data columns starting at {@code index}. */
    abstract void bindData(PreparedStatement ps, int index, R record) throws SQLException;

    /** Reads a row whose data columns start at {@code index}. */
    abstract R read(ResultSet rs, UUID uuid, UUID owner, long stamp, long version, int index) throws SQLException;

    /** {@code record} as its owner's commit writes it: with the commit's stamp and the next version. */
    abstract R committed(R record, long stamp, long version);

    /** Up to {@code limit} rows of {@code owner} after {@code after}, in (stamp, uuid) order. */
    public List<R> page(Connection c, UUID owner, Cursor after, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(pageSql)) {
            bindOwnerAndCursor(ps, owner, after);
            ps.setInt(4, limit);
            return readRows(ps, limit, owner);
        }
    }

    /** Rows of every owner in (stamp, uuid) order: for small tables such as devices, and for doctor. */
    public List<R> pageAnyOwner(Connection c, Cursor after, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(pageAnyOwnerSql)) {
            ps.setLong(1, after.stamp());
            Sql.setId(ps, 2, after.uuid());
            ps.setInt(3, limit);
            return readRows(ps, limit, null);
        }
    }

    /**
     * Reads the rows of a query whose columns are {@code uuid, owner, stamp, <data columns>}. When
     * the query fixed the owner, it is not decoded again for every row.
     */
    List<R> readRows(PreparedStatement ps, int expected, UUID knownOwner) throws SQLException {
        List<R> rows = new ArrayList<>(Math.min(expected, 10_000));
        int versionColumn = 4 + dataColumns.size();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(read(rs, Sql.getId(rs, 1), knownOwner != null ? knownOwner : Sql.getId(rs, 2), rs.getLong(3),
                        rs.getLong(versionColumn), 4));
            }
        }
        return rows;
    }

    /** Counts the rows of {@code owner} by scanning: the same filter as {@link #page}. */
    public long countByQuery(Connection c, UUID owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(countSql)) {
            Sql.setId(ps, 1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Counts the rows of {@code owner} that {@link #page} has yet to return after {@code after}: progress totals. */
    public long countAfter(Connection c, UUID owner, Cursor after) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(countAfterSql)) {
            bindOwnerAndCursor(ps, owner, after);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The cursor of {@code owner}'s newest row, {@link Cursor#START} if it has none: one step down the clustered key. */
    public Cursor newest(Connection c, UUID owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(newestSql)) {
            Sql.setId(ps, 1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Cursor(rs.getLong(1), Sql.getId(rs, 2)) : Cursor.START;
            }
        }
    }

    private static void bindOwnerAndCursor(PreparedStatement ps, UUID owner, Cursor after) throws SQLException {
        Sql.setId(ps, 1, owner);
        ps.setLong(2, after.stamp());
        Sql.setId(ps, 3, after.uuid());
    }

    /**
     * Writes records pulled from peers, each with its owner's stamp and version: an insert that
     * skips existing uuids (and tombstoned ones), then an update of the skipped rows where ours is
     * older. The summaries follow every row that came or went.
     *
     * @return rows inserted or updated
     */
    int apply(Connection c, List<R> records, KeySummaries.Delta delta) throws SQLException {
        if (records.isEmpty()) {
            return 0;
        }
        // In clustered-key order, every insert lands at the right edge of both B-trees (stamps only
        // grow and ids are time-ordered): measured ~40% faster than the same rows unordered. Pages
        // from a peer already come in this order; the sort is then a single cheap pass.
        List<R> sorted = new ArrayList<>(records);
        sorted.sort(CLUSTERED_ORDER);
        return write(c, sorted, delta);
    }

    /**
     * Writes this device's own records in its commit: each gets the commit's {@code stamp} and the
     * next of {@code versions}; a later put of a uuid in the same commit replaces an earlier one.
     */
    int commit(Connection c, List<R> records, long stamp, VersionCounter versions, KeySummaries.Delta delta) throws SQLException {
        List<R> stamped = new ArrayList<>(records.size());
        for (R r : records) {
            stamped.add(committed(r, stamp, versions.next(type)));
        }
        return write(c, stamped, delta);
    }

    private int write(Connection c, List<R> records, KeySummaries.Delta delta) throws SQLException {
        // A row newer than its uuid's delete (an owner whose delete was lost with an older copy of
        // its library, then wrote the record again) replaces the delete: a uuid is never both.
        List<UUID> superseded = new ArrayList<>();
        BatchWrite.Binder<R> insert = (ps, first, r) -> {
            Sql.setId(ps, first, r.uuid());
            Sql.setId(ps, first + 1, r.owner());
            ps.setLong(first + 2, r.stamp());
            bindData(ps, first + 3, r);
            ps.setLong(first + 3 + dataColumns.size(), r.version());
        };
        BatchWrite.Binder<R> update = (ps, first, r) -> {
            ps.setLong(first, r.stamp());
            bindData(ps, first + 1, r);
            int i = first + 1 + dataColumns.size();
            ps.setLong(i, r.version());
            Sql.setId(ps, i + 1, r.uuid());
            Sql.setId(ps, i + 2, r.owner());
            ps.setLong(i + 3, r.stamp());
            ps.setLong(i + 4, r.version());
        };
        BatchWrite.Tracker<R> tracker = new BatchWrite.Tracker<>() {
            @Override
            public void inserted(R r) {
                delta.row(r.owner(), type, r.uuid(), r.version(), 1);
            }

            @Override
            public String oldVersionsSql(int n) {
                return versionsOfSql + IdChunks.placeholders(n, "?") + ")";
            }

            @Override
            public void replaced(R r, BatchWrite.Held old) {
                delta.row(r.owner(), type, r.uuid(), old.version(), -1);
                delta.row(r.owner(), type, r.uuid(), r.version(), 1);
            }

            @Override
            public BatchWrite.Held written(R r) {
                return new BatchWrite.Held(r.version(), null);
            }

            @Override
            public void supersededDelete(R r, long deletedVersion) {
                delta.deleted(r.owner(), type, r.uuid(), deletedVersion, -1);
                superseded.add(r.uuid());
            }
        };
        int written = new BatchWrite<R>(type.table(), insertColumns, 3, insert, updateOlderSql, update, OwnedRecord::uuid,
                OwnedRecord::stamp, olderDeleteSql)
                .run(c, records, tracker);
        TombstoneSql.dropSuperseded(c, superseded);
        return written;
    }

    /** Which of {@code uuids} this table holds a row of, whatever its owner or stamp. */
    Set<UUID> held(Connection c, List<UUID> uuids) throws SQLException {
        Set<UUID> held = new java.util.HashSet<>();
        IdChunks.query(c, uuids, n -> versionsOfSql + IdChunks.placeholders(n, "?") + ")", ps -> 1,
                rs -> held.add(Sql.getId(rs, 1)));
        return held;
    }

    /** Deletes {@code owner}'s row {@code uuid} if it is older than {@code before}; returns whether it was there. */
    boolean delete(Connection c, UUID uuid, UUID owner, long before, KeySummaries.Delta delta) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(deleteSql)) {
            Sql.setId(ps, 1, uuid);
            Sql.setId(ps, 2, owner);
            ps.setLong(3, before);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                delta.row(owner, type, uuid, rs.getLong(1), -1);
                return true;
            }
        }
    }

    /**
     * Deletes {@code owner}'s row {@code uuid} if it still holds {@code version}: a recovery removing
     * what the authority no longer has. A newer version that arrived meanwhile stays.
     */
    boolean deleteVersion(Connection c, UUID uuid, UUID owner, long version, KeySummaries.Delta delta) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + type.table()
                + " WHERE uuid = ? AND " + OWNER_FILTER + " AND version = ?")) {
            Sql.setId(ps, 1, uuid);
            Sql.setId(ps, 2, owner);
            ps.setLong(3, version);
            if (ps.executeUpdate() == 0) {
                return false;
            }
            delta.row(owner, type, uuid, version, -1);
            return true;
        }
    }

    /** The owner of row {@code uuid} (any owner), or null if this library does not hold it. */
    UUID ownerOf(Connection c, UUID uuid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ownerOfSql)) {
            Sql.setId(ps, 1, uuid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Sql.getId(rs, 1) : null;
            }
        }
    }

    /**
     * Deletes {@code owner}'s rows among {@code uuids}, {@value IdChunks#CHUNK} per statement, and
     * adjusts the count once. For local deletes only: the owner's own rows are never newer than the
     * transaction deleting them, so no stamp filter is needed.
     *
     * @return rows deleted
     */
    int deleteAll(Connection c, UUID owner, List<UUID> uuids, KeySummaries.Delta delta) throws SQLException {
        // The unary + keeps SQLite from using the clustered key for owner = ?: without statistics it
        // would scan the owner's whole range once per statement (measured at 45 us per row deleted
        // for 100,000 entries) instead of looking each uuid up in its unique index.
        int[] deleted = {0};
        IdChunks.query(c, uuids,
                n -> "DELETE FROM " + type.table() + " WHERE +owner = ? AND uuid IN (" + IdChunks.placeholders(n, "?")
                        + ") RETURNING uuid, version",
                ps -> {
                    Sql.setId(ps, 1, owner);
                    return 2;
                },
                rs -> {
                    delta.row(owner, type, Sql.getId(rs, 1), rs.getLong(2), -1);
                    deleted[0]++;
                });
        return deleted[0];
    }

    static final class Devices extends OwnedTable<DeviceRecord> {
        Devices() {
            super(ResourceType.DEVICE, List.of("name", "os", "app_version", "cert_fingerprint"));
        }

        @Override
        void bindData(PreparedStatement ps, int i, DeviceRecord r) throws SQLException {
            ps.setString(i, r.name());
            Sql.setNullableString(ps, i + 1, r.os());
            Sql.setNullableString(ps, i + 2, r.appVersion());
            ps.setBytes(i + 3, r.certFingerprint());
        }

        @Override
        DeviceRecord read(ResultSet rs, UUID uuid, UUID owner, long stamp, long version, int i) throws SQLException {
            return new DeviceRecord(uuid, owner, stamp, rs.getString(i), rs.getString(i + 1), rs.getString(i + 2),
                    rs.getBytes(i + 3), version);
        }

        @Override
        DeviceRecord committed(DeviceRecord r, long stamp, long version) {
            return new DeviceRecord(r.uuid(), r.owner(), stamp, r.name(), r.os(), r.appVersion(), r.certFingerprint(), version);
        }
    }

    static final class Volumes extends OwnedTable<VolumeRecord> {
        Volumes() {
            super(ResourceType.VOLUME, List.of("name", "mount_point", "fs_type", "total_bytes"));
        }

        @Override
        void bindData(PreparedStatement ps, int i, VolumeRecord r) throws SQLException {
            ps.setString(i, r.name());
            ps.setString(i + 1, r.mountPoint());
            Sql.setNullableString(ps, i + 2, r.fsType());
            ps.setLong(i + 3, r.totalBytes());
        }

        @Override
        VolumeRecord read(ResultSet rs, UUID uuid, UUID owner, long stamp, long version, int i) throws SQLException {
            return new VolumeRecord(uuid, owner, stamp, rs.getString(i), rs.getString(i + 1), rs.getString(i + 2),
                    rs.getLong(i + 3), version);
        }

        @Override
        VolumeRecord committed(VolumeRecord r, long stamp, long version) {
            return new VolumeRecord(r.uuid(), r.owner(), stamp, r.name(), r.mountPoint(), r.fsType(), r.totalBytes(), version);
        }
    }

    static final class Locations extends OwnedTable<LocationRecord> {
        Locations() {
            super(ResourceType.LOCATION, List.of("volume_uuid", "path", "name"));
        }

        @Override
        void bindData(PreparedStatement ps, int i, LocationRecord r) throws SQLException {
            Sql.setId(ps, i, r.volumeUuid());
            ps.setString(i + 1, r.path());
            ps.setString(i + 2, r.name());
        }

        @Override
        LocationRecord read(ResultSet rs, UUID uuid, UUID owner, long stamp, long version, int i) throws SQLException {
            return new LocationRecord(uuid, owner, stamp, Sql.getId(rs, i), rs.getString(i + 1), rs.getString(i + 2), version);
        }

        @Override
        LocationRecord committed(LocationRecord r, long stamp, long version) {
            return new LocationRecord(r.uuid(), r.owner(), stamp, r.volumeUuid(), r.path(), r.name(), version);
        }
    }

    static final class Entries extends OwnedTable<EntryRecord> {
        Entries() {
            super(ResourceType.ENTRY, List.of("location_uuid", "parent_uuid", "name", "kind", "size", "modified_at",
                    "content_uuid"));
        }

        @Override
        void bindData(PreparedStatement ps, int i, EntryRecord r) throws SQLException {
            Sql.setId(ps, i, r.locationUuid());
            Sql.setId(ps, i + 1, r.parentUuid());
            ps.setString(i + 2, r.name());
            ps.setInt(i + 3, r.kind().code());
            ps.setLong(i + 4, r.size());
            ps.setLong(i + 5, r.modifiedAtMillis());
            Sql.setId(ps, i + 6, r.contentUuid());
        }

        @Override
        EntryRecord read(ResultSet rs, UUID uuid, UUID owner, long stamp, long version, int i) throws SQLException {
            return new EntryRecord(uuid, owner, stamp, Sql.getId(rs, i), Sql.getId(rs, i + 1), rs.getString(i + 2),
                    io.tidemark.engine.model.EntryKind.ofCode(rs.getInt(i + 3)), rs.getLong(i + 4), rs.getLong(i + 5),
                    Sql.getId(rs, i + 6), version);
        }

        @Override
        EntryRecord committed(EntryRecord r, long stamp, long version) {
            return new EntryRecord(r.uuid(), r.owner(), stamp, r.locationUuid(), r.parentUuid(), r.name(), r.kind(), r.size(),
                    r.modifiedAtMillis(), r.contentUuid(), version);
        }
    }
}
