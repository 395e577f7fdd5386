package io.tidemark.engine.store.library;

import io.tidemark.engine.model.CollectionItemRecord;
import io.tidemark.engine.model.CollectionRecord;
import io.tidemark.engine.model.ContentIdentityRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SharedRecord;
import io.tidemark.engine.model.TagAssignmentRecord;
import io.tidemark.engine.model.TagRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.SharedVersion;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The SQL of one shared table: last writer by (HLC, origin) wins, and a tombstone of the same or a newer HLC
 * keeps a deleted row deleted.
 */
public abstract sealed class SharedTable<R extends SharedRecord>
        permits SharedTable.ContentIdentities, SharedTable.Tags, SharedTable.Collections, SharedTable.TagAssignments,
        SharedTable.CollectionItems {

    private final ResourceType type;
    private final int dataColumnCount;
    private final List<String> insertColumns;
    private final String updateLocalSql;
    private final String updateRemoteSql;
    private final String deleteSql;
    private final String heldOfSql;
    private final String selectSql;
    private final String selectOfSql;
    private final String changedSinceSql;
    private final String newestSql;
    private final String countSql;
    private final String hlcOfSql;
    private final String countAfterSql;

    SharedTable(ResourceType type, List<String> dataColumns) {
        this.type = type;
        this.dataColumnCount = dataColumns.size();
        String t = type.table();
        String columns = "uuid, hlc, origin, " + String.join(", ", dataColumns);
        List<String> insertColumns = new ArrayList<>(List.of("uuid", "hlc", "origin"));
        insertColumns.addAll(dataColumns);
        this.insertColumns = List.copyOf(insertColumns);
        StringBuilder sets = new StringBuilder("hlc = ?, origin = ?");
        dataColumns.forEach(c -> sets.append(", ").append(c).append(" = ?"));
        // Last writer wins by (hlc, origin); BLOBs compare as unsigned bytes, as SharedVersion.ORDER does.
        // A local transaction may put one row twice, so its own (hlc, origin) replaces itself.
        String update = "UPDATE " + t + " SET " + sets + " WHERE uuid = ? AND (hlc < ? OR (hlc = ? AND origin ";
        this.updateLocalSql = update + "<= ?))";
        this.updateRemoteSql = update + "< ?))";
        this.deleteSql = "DELETE FROM " + t + " WHERE uuid = ? AND hlc < ? RETURNING hlc, origin";
        this.heldOfSql = "SELECT uuid, hlc, origin FROM " + t + " WHERE uuid IN (";
        this.selectSql = "SELECT " + columns + " FROM " + t + " WHERE uuid > ? ORDER BY uuid LIMIT ?";
        this.selectOfSql = "SELECT " + columns + " FROM " + t + " WHERE uuid IN (";
        this.changedSinceSql = "SELECT " + columns + " FROM " + t
                + " WHERE (hlc, uuid) > (?, ?) AND origin = ? ORDER BY hlc, uuid LIMIT ?";
        this.newestSql = "SELECT max(hlc) FROM " + t;
        this.countSql = "SELECT count(*) FROM " + t;
        this.hlcOfSql = "SELECT hlc FROM " + t + " WHERE uuid = ?";
        this.countAfterSql = countSql + " WHERE uuid > ?";
    }

    public ResourceType type() {
        return type;
    }

    abstract void bindData(PreparedStatement ps, int index, R record) throws SQLException;

    abstract R read(ResultSet rs, UUID uuid, long hlc, int index) throws SQLException;

    /**
     * Writes this device's records of one local transaction: every row gets {@code localHlc} and
     * {@code origin}, replacing an older version (last writer wins).
     *
     * @return rows inserted or updated
     */
    int write(Connection c, List<R> records, long localHlc, UUID origin, KeySummaries.Delta delta) throws SQLException {
        return write(c, records, r -> localHlc, r -> origin, updateLocalSql, delta);
    }

    /**
     * Applies received versions (rows, not deletes) of this table's type: each replaces ours only
     * if its (hlc, origin) is greater, and never comes back over a delete of the same or a newer HLC.
     *
     * @return rows inserted or updated
     */
    @SuppressWarnings("unchecked")
    int apply(Connection c, List<SharedVersion> versions, KeySummaries.Delta delta) throws SQLException {
        Map<R, SharedVersion> byRecord = new IdentityHashMap<>();
        List<R> records = new ArrayList<>(versions.size());
        for (SharedVersion v : versions) {
            if (v.isDelete() || v.type() != type) {
                throw new IllegalArgumentException("not a " + type.wireName() + " row: " + v);
            }
            R r = (R) v.record();
            byRecord.put(r, v);
            records.add(r);
        }
        return write(c, records, r -> byRecord.get(r).hlc(), r -> byRecord.get(r).origin(), updateRemoteSql, delta);
    }

    private int write(Connection c, List<R> records, ToLongFunction<R> hlcOf, Function<R, UUID> originOf, String updateSql,
                      KeySummaries.Delta delta) throws SQLException {
        if (records.isEmpty()) {
            return 0;
        }
        BatchWrite.Binder<R> insert = (ps, first, r) -> {
            Sql.setId(ps, first, r.uuid());
            ps.setLong(first + 1, hlcOf.applyAsLong(r));
            Sql.setId(ps, first + 2, originOf.apply(r));
            bindData(ps, first + 3, r);
        };
        BatchWrite.Binder<R> update = (ps, first, r) -> {
            ps.setLong(first, hlcOf.applyAsLong(r));
            Sql.setId(ps, first + 1, originOf.apply(r));
            bindData(ps, first + 2, r);
            int i = first + 2 + dataColumnCount;
            Sql.setId(ps, i, r.uuid());
            ps.setLong(i + 1, hlcOf.applyAsLong(r));
            ps.setLong(i + 2, hlcOf.applyAsLong(r));
            Sql.setId(ps, i + 3, originOf.apply(r));
        };
        BatchWrite.Tracker<R> summaries = new BatchWrite.Tracker<>() {
            @Override
            public void inserted(R record) {
                delta.shared(type, item(record), 1);
            }

            @Override
            public String oldVersionsSql(int n) {
                return heldOfSql + IdChunks.placeholders(n, "?") + ")";
            }

            @Override
            public void replaced(R record, BatchWrite.Held old) {
                delta.shared(type, SharedItems.item(record.uuid(), old.version(), old.origin(), false), -1);
                delta.shared(type, item(record), 1);
            }

            @Override
            public BatchWrite.Held written(R record) {
                return new BatchWrite.Held(hlcOf.applyAsLong(record), originOf.apply(record));
            }

            private io.tidemark.engine.model.SharedItem item(R record) {
                return SharedItems.item(record.uuid(), hlcOf.applyAsLong(record), originOf.apply(record), false);
            }
        };
        return new BatchWrite<>(type.table(), insertColumns, 2, insert, updateSql, update, SharedRecord::uuid, hlcOf, null)
                .run(c, records, summaries);
    }

    /** Deletes row {@code uuid} if its HLC is older than {@code before}; returns whether it was there. */
    boolean delete(Connection c, UUID uuid, long before, KeySummaries.Delta delta) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(deleteSql)) {
            Sql.setId(ps, 1, uuid);
            ps.setLong(2, before);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                delta.shared(type, SharedItems.item(uuid, rs.getLong(1), Sql.getId(rs, 2), false), -1);
                return true;
            }
        }
    }

    /** The HLC of row {@code uuid}, or null if this library does not hold it. */
    Long hlcOf(Connection c, UUID uuid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(hlcOfSql)) {
            Sql.setId(ps, 1, uuid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /**
     * Deletes the rows among {@code uuids} whose HLC is at or before {@code upTo} (a tombstone at
     * {@code upTo} removes exactly those), {@value IdChunks#CHUNK} per statement, taking each out of the summary.
     *
     * @return rows deleted
     */
    int deleteAll(Connection c, List<UUID> uuids, long upTo, KeySummaries.Delta delta) throws SQLException {
        int[] deleted = {0};
        IdChunks.query(c, uuids,
                n -> "DELETE FROM " + type.table() + " WHERE hlc <= ? AND uuid IN (" + IdChunks.placeholders(n, "?")
                        + ") RETURNING uuid, hlc, origin",
                ps -> {
                    ps.setLong(1, upTo);
                    return 2;
                },
                rs -> {
                    delta.shared(type, SharedItems.item(Sql.getId(rs, 1), rs.getLong(2), Sql.getId(rs, 3), false), -1);
                    deleted[0]++;
                });
        return deleted[0];
    }

    /** Rows in uuid order after {@code after} (null for the start). */
    public List<R> list(Connection c, UUID after, int limit) throws SQLException {
        return versions(c, after, limit).stream().map(v -> {
            @SuppressWarnings("unchecked")
            R r = (R) v.record();
            return r;
        }).toList();
    }

    /** Rows with the device that wrote them, in uuid order after {@code after} (null for the start). */
    public List<SharedVersion> versions(Connection c, UUID after, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(selectSql)) {
            Sql.setId(ps, 1, after == null ? io.tidemark.engine.model.Ids.MIN : after);
            ps.setInt(2, limit);
            return readVersions(ps);
        }
    }

    /** The rows held of {@code uuids} (those not held are left out), {@value IdChunks#CHUNK} per query. */
    List<SharedVersion> versionsOf(Connection c, List<UUID> uuids) throws SQLException {
        List<SharedVersion> rows = new ArrayList<>();
        IdChunks.query(c, uuids, n -> selectOfSql + IdChunks.placeholders(n, "?") + ")", ps -> 1, rs -> {
            UUID origin = Sql.getId(rs, 3);
            rows.add(SharedVersion.put(read(rs, Sql.getId(rs, 1), rs.getLong(2), 4), origin == null ? Ids.MIN : origin));
        });
        return rows;
    }

    /**
     * Rows last written by {@code origin} after {@code (hlc, uuid)}, in that order: the tailer's
     * scan, along the hlc index (which holds the uuid as the key's suffix).
     */
    public List<SharedVersion> changedSince(Connection c, UUID origin, long hlc, UUID uuid, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(changedSinceSql)) {
            ps.setLong(1, hlc);
            Sql.setId(ps, 2, uuid);
            Sql.setId(ps, 3, origin);
            ps.setInt(4, limit);
            return readVersions(ps);
        }
    }

    /** The greatest HLC of any row, 0 if there is none. */
    public long newestHlc(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(newestSql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    private List<SharedVersion> readVersions(PreparedStatement ps) throws SQLException {
        List<SharedVersion> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                UUID uuid = Sql.getId(rs, 1);
                long hlc = rs.getLong(2);
                UUID origin = Sql.getId(rs, 3);
                // Only rows of a file older than version 2 that no migration reached could lack one.
                rows.add(SharedVersion.put(read(rs, uuid, hlc, 4), origin == null ? Ids.MIN : origin));
            }
        }
        return rows;
    }

    /** Rows after {@code after} in uuid order: what a snapshot has still to send of this table. */
    public long countAfter(Connection c, UUID after) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(countAfterSql)) {
            Sql.setId(ps, 1, after);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public long countByQuery(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(countSql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static final class ContentIdentities extends SharedTable<ContentIdentityRecord> {
        ContentIdentities() {
            super(ResourceType.CONTENT_IDENTITY, List.of("hash", "size"));
        }

        @Override
        void bindData(PreparedStatement ps, int i, ContentIdentityRecord r) throws SQLException {
            ps.setBytes(i, r.hash());
            ps.setLong(i + 1, r.size());
        }

        @Override
        ContentIdentityRecord read(ResultSet rs, UUID uuid, long hlc, int i) throws SQLException {
            return new ContentIdentityRecord(uuid, hlc, rs.getBytes(i), rs.getLong(i + 1));
        }
    }

    static final class Tags extends SharedTable<TagRecord> {
        Tags() {
            super(ResourceType.TAG, List.of("name", "color"));
        }

        @Override
        void bindData(PreparedStatement ps, int i, TagRecord r) throws SQLException {
            ps.setString(i, r.name());
            Sql.setNullableString(ps, i + 1, r.color());
        }

        @Override
        TagRecord read(ResultSet rs, UUID uuid, long hlc, int i) throws SQLException {
            return new TagRecord(uuid, hlc, rs.getString(i), rs.getString(i + 1));
        }
    }

    static final class Collections extends SharedTable<CollectionRecord> {
        Collections() {
            super(ResourceType.COLLECTION, List.of("name"));
        }

        @Override
        void bindData(PreparedStatement ps, int i, CollectionRecord r) throws SQLException {
            ps.setString(i, r.name());
        }

        @Override
        CollectionRecord read(ResultSet rs, UUID uuid, long hlc, int i) throws SQLException {
            return new CollectionRecord(uuid, hlc, rs.getString(i));
        }
    }

    static final class TagAssignments extends SharedTable<TagAssignmentRecord> {
        TagAssignments() {
            super(ResourceType.TAG_ASSIGNMENT, List.of("tag_uuid", "content_uuid"));
        }

        @Override
        void bindData(PreparedStatement ps, int i, TagAssignmentRecord r) throws SQLException {
            Sql.setId(ps, i, r.tagUuid());
            Sql.setId(ps, i + 1, r.contentUuid());
        }

        @Override
        TagAssignmentRecord read(ResultSet rs, UUID uuid, long hlc, int i) throws SQLException {
            return new TagAssignmentRecord(uuid, hlc, Sql.getId(rs, i), Sql.getId(rs, i + 1));
        }
    }

    static final class CollectionItems extends SharedTable<CollectionItemRecord> {
        CollectionItems() {
            super(ResourceType.COLLECTION_ITEM, List.of("collection_uuid", "content_uuid"));
        }

        @Override
        void bindData(PreparedStatement ps, int i, CollectionItemRecord r) throws SQLException {
            Sql.setId(ps, i, r.collectionUuid());
            Sql.setId(ps, i + 1, r.contentUuid());
        }

        @Override
        CollectionItemRecord read(ResultSet rs, UUID uuid, long hlc, int i) throws SQLException {
            return new CollectionItemRecord(uuid, hlc, Sql.getId(rs, i), Sql.getId(rs, i + 1));
        }
    }
}
