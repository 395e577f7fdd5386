package io.tidemark.engine.store.library;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The one write path of every table. A batch is inserted in chunks of up to {@link #CHUNK} rows per
 * statement with {@code ON CONFLICT DO NOTHING RETURNING uuid, stamp}, skipping uuids with a newer
 * tombstone; the uuids returned are the rows the summaries gain. Only the rows of a chunk that
 * already existed are then updated row by row, where ours is older, after reading the versions they
 * replace.
 *
 * <p>Why chunks: each statement execution reopens and re-seeks SQLite's cursors from the root,
 * which measured as most of the cost of a one-row insert; a 100-row statement keeps them open and
 * roughly doubled apply throughput.
 */
final class BatchWrite<R> {
    static final int CHUNK = 100;

    /** Binds one row's parameters starting at parameter {@code first}. */
    @FunctionalInterface
    interface Binder<R> {
        void bind(PreparedStatement ps, int first, R record) throws SQLException;
    }

    /** A version held of a uuid: its version (or HLC) and, for shared tables, the device that wrote it. */
    record Held(long version, UUID origin) {
        static final Held NONE = new Held(0, null);
    }

    /** Hears which rows a batch inserted and which it replaced, for the summaries. */
    interface Tracker<R> {
        void inserted(R record);

        /**
         * A query for the versions held of {@code n} uuids ({@code SELECT uuid, version [, origin] ... IN (?, ...)}),
         * asked before existing rows are replaced; null if this table keeps no versions.
         */
        default String oldVersionsSql(int n) {
            return null;
        }

        /** {@code record} replaced the row that held {@code old} ({@link Held#NONE} if not kept). */
        void replaced(R record, Held old);

        /** The version {@code record} writes ({@link Held#NONE} if this table keeps none). */
        default Held written(R record) {
            return Held.NONE;
        }

        /**
         * {@code record} went in over an older delete of its uuid, which held {@code deletedVersion}:
         * the newer write wins, so the delete is gone (asked only of tables that name
         * {@code olderDelete}).
         */
        default void supersededDelete(R record, long deletedVersion) {
        }
    }

    private final String insertPrefix;
    private final String rowPlaceholders;
    private final String insertSuffix;
    private final int columns;
    private final boolean reportsOlderDeletes;
    private final Binder<R> insertBinder;
    private final String updateSql;
    private final Binder<R> updateBinder;

    /**
     * @param table          the table
     * @param insertColumns  the columns bound by {@code insertBinder}, uuid first
     * @param versionColumn  1-based position in {@code insertColumns} of the stamp or HLC
     * @param olderDelete    an expression over the inserted row giving the version of an (older)
     *                       delete of its uuid, null if there is none; or null if this table's
     *                       rows live beside older deletes
     */
    BatchWrite(String table, List<String> insertColumns, int versionColumn, Binder<R> insertBinder,
               String updateSql, Binder<R> updateBinder, java.util.function.Function<R, UUID> uuidOf,
               java.util.function.ToLongFunction<R> orderOf, String olderDelete) {
        this.uuidOf = uuidOf;
        this.orderOf = orderOf;
        this.columns = insertColumns.size();
        this.insertPrefix = "INSERT INTO " + table + " (" + String.join(", ", insertColumns) + ") SELECT * FROM (VALUES ";
        this.rowPlaceholders = "(" + "?, ".repeat(columns - 1) + "?)";
        this.insertSuffix = ") AS v WHERE NOT EXISTS (SELECT 1 FROM tombstone WHERE tombstone.uuid = v.column1"
                + " AND tombstone.stamp >= v.column" + versionColumn + ") ON CONFLICT DO NOTHING RETURNING uuid, "
                + insertColumns.get(versionColumn - 1) + (olderDelete == null ? "" : ", " + olderDelete);
        this.reportsOlderDeletes = olderDelete != null;
        this.insertBinder = insertBinder;
        this.updateSql = updateSql;
        this.updateBinder = updateBinder;
    }

    private String insertSql(int rows) {
        StringBuilder sql = new StringBuilder(insertPrefix);
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(rowPlaceholders);
        }
        return sql.append(insertSuffix).toString();
    }

    /**
     * Writes {@code records}, telling {@code tracker} about every row inserted or replaced.
     *
     * @return rows written (inserted or updated)
     */
    int run(Connection c, List<R> records, Tracker<R> tracker) throws SQLException {
        int written = 0;
        PreparedStatement full = null;
        PreparedStatement update = null;
        try {
            for (int start = 0; start < records.size(); start += CHUNK) {
                List<R> chunk = records.subList(start, Math.min(records.size(), start + CHUNK));
                Set<Inserted> inserted;
                Map<Inserted, Long> overDeletes = new HashMap<>();
                if (chunk.size() == CHUNK) {
                    if (full == null) {
                        full = c.prepareStatement(insertSql(CHUNK));
                    }
                    inserted = insert(full, chunk, overDeletes);
                } else {
                    try (PreparedStatement partial = c.prepareStatement(insertSql(chunk.size()))) {
                        inserted = insert(partial, chunk, overDeletes);
                    }
                }
                written += inserted.size(); // counted before the loop below uses them up
                List<R> existing = new ArrayList<>();
                for (R r : chunk) {
                    // SQLite inserts VALUES rows in order: of a uuid put twice in one chunk with one stamp,
                    // the first went in and the second is an update, so each returned row is used up once.
                    Inserted key = new Inserted(uuidOf(r), orderOf.applyAsLong(r));
                    if (inserted.remove(key)) {
                        tracker.inserted(r);
                        Long deleted = overDeletes.remove(key);
                        if (deleted != null) {
                            tracker.supersededDelete(r, deleted);
                        }
                    } else {
                        existing.add(r);
                    }
                }
                if (existing.isEmpty()) {
                    continue;
                }
                // Some rows existed already (or are tombstoned): replace where ours is older, after
                // reading which versions they replace.
                Map<UUID, Held> old = oldVersions(c, existing, tracker);
                if (update == null) {
                    update = c.prepareStatement(updateSql);
                }
                for (R r : existing) {
                    updateBinder.bind(update, 1, r);
                    update.addBatch();
                }
                int[] counts = update.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] > 0) {
                        written++;
                        R r = existing.get(i);
                        tracker.replaced(r, old.getOrDefault(uuidOf(r), Held.NONE));
                        // A later update of the same uuid in this chunk replaces this version, not the one read before.
                        old.put(uuidOf(r), tracker.written(r));
                    }
                }
            }
        } finally {
            if (full != null) {
                full.close();
            }
            if (update != null) {
                update.close();
            }
        }
        return written;
    }

    private final java.util.function.Function<R, UUID> uuidOf;
    /** The stamp or HLC a record is inserted with: with the uuid, it tells which of a uuid's records in a chunk went in. */
    private final java.util.function.ToLongFunction<R> orderOf;

    /**
     * A row the insert returned. The uuid alone is not enough: of a uuid put twice in one chunk, the
     * earlier one may be kept out by a tombstone and the later one inserted.
     */
    private record Inserted(UUID uuid, long order) {
    }

    private UUID uuidOf(R r) {
        return uuidOf.apply(r);
    }

    private Map<UUID, Held> oldVersions(Connection c, List<R> existing, Tracker<R> tracker) throws SQLException {
        String sql = tracker.oldVersionsSql(existing.size());
        if (sql == null) {
            return new HashMap<>();
        }
        Map<UUID, Held> old = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < existing.size(); i++) {
                Sql.setId(ps, i + 1, uuidOf(existing.get(i)));
            }
            try (ResultSet rs = ps.executeQuery()) {
                boolean withOrigin = rs.getMetaData().getColumnCount() >= 3;
                while (rs.next()) {
                    old.put(Sql.getId(rs, 1), new Held(rs.getLong(2), withOrigin ? Sql.getId(rs, 3) : null));
                }
            }
        }
        return old;
    }

    private Set<Inserted> insert(PreparedStatement ps, List<R> chunk, Map<Inserted, Long> overDeletes) throws SQLException {
        for (int i = 0; i < chunk.size(); i++) {
            insertBinder.bind(ps, 1 + i * columns, chunk.get(i));
        }
        Set<Inserted> inserted = new HashSet<>(chunk.size() * 2);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Inserted row = new Inserted(Sql.getId(rs, 1), rs.getLong(2));
                inserted.add(row);
                if (reportsOlderDeletes) {
                    long deletedVersion = rs.getLong(3);
                    if (!rs.wasNull()) {
                        overDeletes.put(row, deletedVersion);
                    }
                }
            }
        }
        return inserted;
    }
}
