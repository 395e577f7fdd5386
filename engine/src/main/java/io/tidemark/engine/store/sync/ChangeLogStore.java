package io.tidemark.engine.store.sync;

import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The shared change log: every change to a shared resource (tags, collections, ...), made here or
 * received, kept in HLC order until every member peer has acknowledged it. Order is
 * {@code (hlc, origin, record)}; that triple identifies an entry, so appending one that is already
 * there (the same change relayed by two peers) does nothing.
 */
public final class ChangeLogStore {

    private static final String COLUMNS = "hlc, origin, resource_type, record, operation, payload";
    private static final String INSERT = "INSERT INTO change_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (hlc, origin, record) DO NOTHING";
    // The row-value comparison resumes exactly after the last entry of the previous page, even in
    // the middle of a group of entries sharing one HLC.
    private static final String PAGE = "SELECT " + COLUMNS + " FROM change_log"
            + " WHERE (hlc, origin, record) > (?, ?, ?) ORDER BY hlc, origin, record LIMIT ?";
    private static final String PRUNE = "DELETE FROM change_log WHERE hlc <= ?";
    private static final String MAX_HLC = "SELECT max(hlc) FROM change_log";
    private static final String COUNT = "SELECT count(*) FROM change_log";
    private static final String SELECT_PRUNED = "SELECT through_hlc FROM change_log_pruned WHERE singleton = 1";
    private static final String UPSERT_PRUNED = "INSERT INTO change_log_pruned (singleton, through_hlc) VALUES (1, ?)"
            + " ON CONFLICT (singleton) DO UPDATE SET through_hlc = max(through_hlc, excluded.through_hlc)";

    private final Database db;
    private final Clock clock;
    private final AckStore acks;

    ChangeLogStore(Database db, Clock clock, AckStore acks) {
        this.db = db;
        this.clock = clock;
        this.acks = acks;
    }

    /** Appends {@code entry}; returns false if an entry with the same (hlc, origin, record) is already logged. */
    public boolean append(ChangeLogEntry entry) {
        return db.write(c -> append(c, entry));
    }

    /** {@link #append(ChangeLogEntry)} inside the caller's sync.db transaction. */
    public boolean append(Connection c, ChangeLogEntry entry) throws SQLException {
        Objects.requireNonNull(entry, "entry");
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            bind(ps, entry);
            return ps.executeUpdate() > 0;
        }
    }

    /** Appends all {@code entries} in one transaction; returns how many were new. */
    public int appendAll(List<ChangeLogEntry> entries) {
        List<ChangeLogEntry> copy = List.copyOf(entries);
        return db.write(c -> {
            int added = 0;
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (ChangeLogEntry entry : copy) {
                    bind(ps, entry);
                    added += ps.executeUpdate();
                }
            }
            return added;
        });
    }

    /**
     * Up to {@code limit} entries with an HLC greater than {@code hlc}, in log order. To page, pass
     * the last entry's {@link ChangeLogEntry#position()} to {@link #pageAfter(LogPosition, int)}:
     * paging by HLC alone would skip or repeat entries that share an HLC across a page boundary.
     */
    public List<ChangeLogEntry> pageAfter(long hlc, int limit) {
        return pageAfter(LogPosition.afterHlc(hlc), limit);
    }

    /** Up to {@code limit} entries strictly after {@code after}, in log order {@code (hlc, origin, record)}. */
    public List<ChangeLogEntry> pageAfter(LogPosition after, int limit) {
        Objects.requireNonNull(after, "after");
        SqlValues.requireLimit(limit);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(PAGE)) {
                ps.setLong(1, after.hlc());
                ps.setBytes(2, SqlValues.uuid(after.origin()));
                ps.setBytes(3, SqlValues.uuid(after.record()));
                ps.setInt(4, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<ChangeLogEntry> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(map(rs));
                    }
                    return out;
                }
            }
        });
    }

    /** The highest HLC in the log, or empty if it is empty. */
    public OptionalLong latestHlc() {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(MAX_HLC)) {
                long max = rs.next() ? rs.getLong(1) : 0;
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(max);
            }
        });
    }

    public long count() {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(COUNT)) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /**
     * The HLC through which entries have been pruned (0 if never). A peer whose ack is below it
     * cannot catch up from the log alone and needs a full backfill of the shared types.
     */
    public long prunedThrough() {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SELECT_PRUNED)) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /**
     * Deletes the entries with an HLC at or below {@code upToHlcInclusive} that every member peer has
     * acknowledged and that are at least {@code retention} old (by their HLC's wall-clock time against
     * this store's clock). The deleted range is always a prefix of the log.
     *
     * <p>A member that has never acknowledged blocks pruning entirely: nothing is known to have
     * reached it. The reference system skipped such peers, so a new or long-offline peer lost
     * changes. Forgotten and nearby peers do not count. With no member at all, only
     * {@code upToHlcInclusive} and {@code retention} bound the pruning.
     *
     * @return the number of entries deleted
     */
    public int prune(long upToHlcInclusive, Duration retention) {
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative: " + retention);
        }
        return db.write(c -> {
            AckFloor floor = acks.floor(c);
            if (floor.blocksPruning()) {
                return 0;
            }
            long limit = Math.min(Math.min(upToHlcInclusive, floor.safeThrough()), retentionLimit(retention));
            if (limit <= 0) {
                return 0;
            }
            int deleted;
            try (PreparedStatement ps = c.prepareStatement(PRUNE)) {
                ps.setLong(1, limit);
                deleted = ps.executeUpdate();
            }
            if (deleted > 0) {
                try (PreparedStatement ps = c.prepareStatement(UPSERT_PRUNED)) {
                    ps.setLong(1, limit);
                    ps.executeUpdate();
                }
            }
            return deleted;
        });
    }

    /** The highest packed HLC old enough to prune: its wall-clock part at least {@code retention} ago. */
    private long retentionLimit(Duration retention) {
        long nowMillis = clock.millis();
        long retentionMillis = retention.compareTo(Duration.ofMillis(Long.MAX_VALUE)) >= 0
                ? Long.MAX_VALUE : retention.toMillis();
        long cutoffMillis = nowMillis - retentionMillis; // no overflow: both are non-negative
        if (cutoffMillis < 0) {
            return -1;
        }
        return new HlcTimestamp(Math.min(cutoffMillis, HlcTimestamp.MAX_PHYSICAL_MILLIS), HlcTimestamp.MAX_LOGICAL)
                .packed();
    }

    private static void bind(PreparedStatement ps, ChangeLogEntry entry) throws SQLException {
        ps.setLong(1, entry.hlc());
        ps.setBytes(2, SqlValues.uuid(entry.origin()));
        ps.setString(3, entry.type().wireName());
        ps.setBytes(4, SqlValues.uuid(entry.record()));
        ps.setString(5, entry.operation().dbName());
        byte[] payload = entry.payload();
        if (payload == null) {
            ps.setNull(6, java.sql.Types.BLOB);
        } else {
            ps.setBytes(6, payload);
        }
    }

    private static ChangeLogEntry map(ResultSet rs) throws SQLException {
        byte[] payload = rs.getBytes("payload");
        if (payload == null && !rs.wasNull()) {
            payload = new byte[0];
        }
        return new ChangeLogEntry(
                rs.getLong("hlc"),
                SqlValues.uuid(rs, "origin"),
                ResourceType.fromWireName(rs.getString("resource_type")),
                SqlValues.uuid(rs, "record"),
                Operation.fromDbName(rs.getString("operation")),
                payload);
    }
}
