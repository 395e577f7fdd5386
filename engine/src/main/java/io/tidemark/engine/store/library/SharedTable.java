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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The SQL of one shared table: last writer (by HLC) wins, and a newer tombstone keeps a deleted row deleted. */
public abstract sealed class SharedTable<R extends SharedRecord>
        permits SharedTable.ContentIdentities, SharedTable.Tags, SharedTable.Collections, SharedTable.TagAssignments,
        SharedTable.CollectionItems {

    private final ResourceType type;
    private final int dataColumnCount;
    private final List<String> insertColumns;
    private final String updateOlderSql;
    private final String updateSameOrOlderSql;
    private final String deleteSql;
    private final String selectSql;
    private final String countSql;
    private final String hlcOfSql;

    SharedTable(ResourceType type, List<String> dataColumns) {
        this.type = type;
        this.dataColumnCount = dataColumns.size();
        String t = type.table();
        String columns = "uuid, hlc, " + String.join(", ", dataColumns);
        List<String> insertColumns = new ArrayList<>(List.of("uuid", "hlc"));
        insertColumns.addAll(dataColumns);
        this.insertColumns = List.copyOf(insertColumns);
        StringBuilder sets = new StringBuilder("hlc = ?");
        dataColumns.forEach(c -> sets.append(", ").append(c).append(" = ?"));
        String update = "UPDATE " + t + " SET " + sets + " WHERE uuid = ? AND hlc ";
        this.updateOlderSql = update + "< ?";
        this.updateSameOrOlderSql = update + "<= ?";
        this.deleteSql = "DELETE FROM " + t + " WHERE uuid = ? AND hlc < ?";
        this.selectSql = "SELECT " + columns + " FROM " + t + " WHERE uuid > ? ORDER BY uuid LIMIT ?";
        this.countSql = "SELECT count(*) FROM " + t;
        this.hlcOfSql = "SELECT hlc FROM " + t + " WHERE uuid = ?";
    }

    public ResourceType type() {
        return type;
    }

    abstract void bindData(PreparedStatement ps, int index, R record) throws SQLException;

    abstract R read(ResultSet rs, UUID uuid, long hlc, int index) throws SQLException;

    /**
     * Writes a batch: inserts new rows (unless a newer tombstone exists), then replaces existing rows
     * whose HLC is older (last writer wins). {@code localHlc} >= 0 stamps every row with it.
     *
     * @return rows inserted or updated
     */
    int write(Connection c, List<R> records, long localHlc) throws SQLException {
        if (records.isEmpty()) {
            return 0;
        }
        boolean local = localHlc >= 0;
        BatchWrite.Binder<R> insert = (ps, first, r) -> {
            Sql.setId(ps, first, r.uuid());
            ps.setLong(first + 1, local ? localHlc : r.hlc());
            bindData(ps, first + 2, r);
        };
        BatchWrite.Binder<R> update = (ps, first, r) -> {
            long hlc = local ? localHlc : r.hlc();
            ps.setLong(first, hlc);
            bindData(ps, first + 1, r);
            int i = first + 1 + dataColumnCount;
            Sql.setId(ps, i, r.uuid());
            ps.setLong(i + 1, hlc);
        };
        BatchWrite.Outcome outcome = new BatchWrite<>(type.table(), insertColumns, 2, insert,
                local ? updateSameOrOlderSql : updateOlderSql, update).run(c, records, r -> null);
        RecordCounts.addAll(c, type, outcome.insertedPerOwner());
        return outcome.written();
    }

    /** Deletes row {@code uuid} if its HLC is older than {@code before}; returns whether it was there. */
    boolean delete(Connection c, UUID uuid, long before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(deleteSql)) {
            Sql.setId(ps, 1, uuid);
            ps.setLong(2, before);
            boolean deleted = ps.executeUpdate() > 0;
            if (deleted) {
                RecordCounts.add(c, type, null, -1);
            }
            return deleted;
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
     * {@code upTo} removes exactly those), {@value IdChunks#CHUNK} per statement, and adjusts the count once.
     *
     * @return rows deleted
     */
    int deleteAll(Connection c, List<UUID> uuids, long upTo) throws SQLException {
        int deleted = IdChunks.update(c, uuids,
                n -> "DELETE FROM " + type.table() + " WHERE hlc <= ? AND uuid IN (" + IdChunks.placeholders(n, "?") + ")",
                ps -> {
                    ps.setLong(1, upTo);
                    return 2;
                });
        RecordCounts.add(c, type, null, -deleted);
        return deleted;
    }

    /** Rows in uuid order after {@code after} (null for the start). */
    public List<R> list(Connection c, UUID after, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(selectSql)) {
            Sql.setId(ps, 1, after == null ? io.tidemark.engine.model.Ids.MIN : after);
            ps.setInt(2, limit);
            List<R> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs, Sql.getId(rs, 1), rs.getLong(2), 3));
                }
            }
            return rows;
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
