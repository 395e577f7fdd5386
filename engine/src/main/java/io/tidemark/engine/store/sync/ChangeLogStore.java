package io.tidemark.engine.store.sync;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LogIncarnation;
import io.tidemark.engine.model.LogPosition;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The shared change log: every change to a shared resource (tags, collections, ...), made here or
 * received, in this device's append order {@code seq}, kept until every member has applied it.
 * {@code (hlc, origin, record)} identifies a change, so appending one that is already there (the
 * same change relayed by two peers) does nothing.
 *
 * <p>Peers pull the log after a seq, not after an HLC: a change can reach this device late with an
 * old HLC, and an HLC cursor would have passed it. Seq values are never reused, even after pruning
 * empties the table, so a puller's position stays meaningful for as long as this sync.db lives.
 *
 * <p>But a sync.db can go back while it lives: one restored from an older copy, or one whose last
 * commits a power cut took (sync.db commits are not synced to disk one by one), hands out again
 * seqs under which members already hold other entries. So the log has an {@linkplain LogIncarnation incarnation}, and every
 * position in it is (incarnation, seq); {@link #replaceIncarnation} starts a new one once the log
 * is found to have gone back (see {@code SharedLogSync} for how that is found).
 */
public final class ChangeLogStore {

    private static final String COLUMNS = "hlc, origin, resource_type, record, operation, payload";
    private static final String INSERT = "INSERT INTO change_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (hlc, origin, record) DO NOTHING";
    // The filter on origin leaves out what the puller itself made: it holds those already.
    private static final String PAGE = "SELECT seq, " + COLUMNS + " FROM change_log"
            + " WHERE seq > ? AND origin IS NOT ? ORDER BY seq LIMIT ?";
    private static final String COUNT_AFTER = "SELECT count(*) FROM change_log WHERE seq > ? AND origin IS NOT ?";
    private static final String HEAD = "SELECT seq FROM sqlite_sequence WHERE name = 'change_log'";
    private static final String COUNT = "SELECT count(*) FROM change_log";
    private static final String LAST_AT_OR_BELOW = "SELECT max(seq) FROM change_log WHERE seq <= ?";
    private static final String PRUNE = "DELETE FROM change_log WHERE seq <= ?";
    private static final String SELECT_PRUNED = "SELECT through_seq FROM change_log_pruned WHERE singleton = 1";
    private static final String UPSERT_PRUNED = "INSERT INTO change_log_pruned (singleton, through_seq) VALUES (1, ?)"
            + " ON CONFLICT (singleton) DO UPDATE SET through_seq = max(through_seq, excluded.through_seq)";
    private static final String SELECT_TAIL = "SELECT hlc, uuid FROM shared_tail WHERE singleton = 1";
    private static final String UPSERT_TAIL = "INSERT INTO shared_tail (singleton, hlc, uuid) VALUES (1, ?, ?)"
            + " ON CONFLICT (singleton) DO UPDATE SET hlc = excluded.hlc, uuid = excluded.uuid";
    private static final String SELECT_INCARNATION = "SELECT incarnation FROM shared_log WHERE singleton = 1";
    private static final String INSERT_INCARNATION = "INSERT INTO shared_log (singleton, incarnation, created_at)"
            + " VALUES (1, ?, ?) ON CONFLICT (singleton) DO NOTHING";
    private static final String UPDATE_INCARNATION = "UPDATE shared_log SET incarnation = ?, created_at = ? WHERE singleton = 1";

    private final Database db;
    private final AckStore acks;
    private final Clock clock;

    ChangeLogStore(Database db, AckStore acks, Clock clock) {
        this.db = db;
        this.acks = acks;
        this.clock = clock;
    }

    /**
     * Gives a log that has none (a new sync.db, or one migrated from before incarnations) its first
     * incarnation. Writes nothing when it has one, so opening an up-to-date file leaves it untouched.
     */
    void ensureIncarnation() {
        if (db.read(ChangeLogStore::incarnationOrNull) != null) {
            return;
        }
        LogIncarnation fresh = LogIncarnation.random();
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT_INCARNATION)) {
                ps.setLong(1, fresh.value());
                ps.setLong(2, clock.millis());
                return ps.executeUpdate(); // another process may have written one meanwhile: that one stands
            }
        });
    }

    /** This log's incarnation: the seqs it hands out count in it. */
    public LogIncarnation incarnation() {
        return db.read(ChangeLogStore::incarnation);
    }

    /** The head as a position: the incarnation and the highest seq ever appended, read together. */
    public LogPosition head() {
        return db.read(c -> new LogPosition(incarnation(c), head(c)));
    }

    private static LogIncarnation incarnation(Connection c) throws SQLException {
        LogIncarnation incarnation = incarnationOrNull(c);
        if (incarnation == null) {
            throw new IllegalStateException("sync.db has no shared-log incarnation; it is written when the file is opened");
        }
        return incarnation;
    }

    private static LogIncarnation incarnationOrNull(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SELECT_INCARNATION)) {
            return rs.next() ? new LogIncarnation(rs.getLong(1)) : null;
        }
    }

    /**
     * Starts a new incarnation of this log, because its seqs may have gone back: every member then
     * reads it again from the start. Nothing else changes: the entries and their seqs stay, and
     * numbering goes on after the head. Unless the log has already moved on from {@code replaced}
     * (another process found the same and replaced it first): then that incarnation stands, so one
     * finding never makes members read twice.
     *
     * <p>Acks count in seqs of the old incarnation, so they go back to 0 until members ack the new
     * one; their rows stay, so a member away past the retention limit still does not hold pruning back.
     *
     * @return the incarnation the log has now
     */
    public LogIncarnation replaceIncarnation(LogIncarnation replaced) {
        Objects.requireNonNull(replaced, "replaced");
        LogIncarnation fresh = LogIncarnation.random();
        return db.write(c -> {
            LogIncarnation now = incarnation(c);
            if (!now.equals(replaced)) {
                return now;
            }
            try (PreparedStatement ps = c.prepareStatement(UPDATE_INCARNATION)) {
                ps.setLong(1, fresh.value());
                ps.setLong(2, clock.millis());
                ps.executeUpdate();
            }
            acks.resetAll(c);
            return fresh;
        });
    }

    /**
     * Records that {@code peer} holds this log through {@code acked}, if that is a position of this
     * log: of its incarnation and not beyond its head (an ack of a replaced log, or one in flight
     * while it was replaced, would let pruning delete what the peer never had). Checked and recorded
     * in one transaction, so a replacement cannot slip in between.
     *
     * @return whether the ack moved forward
     */
    public boolean acknowledge(byte[] peer, LogPosition acked) {
        Objects.requireNonNull(acked, "acked");
        return db.write(c -> acked.incarnation().equals(incarnation(c)) && acked.seq() <= head(c)
                && acks.record(c, peer, acked.seq()));
    }

    /** Appends {@code entry}; returns false if a change with the same (hlc, origin, record) is already logged. */
    public boolean append(ChangeLogEntry entry) {
        return db.write(c -> append(c, entry));
    }

    /** {@link #append(ChangeLogEntry)} inside the caller's sync.db transaction. */
    public boolean append(Connection c, ChangeLogEntry entry) throws SQLException {
        return appendAll(c, List.of(Objects.requireNonNull(entry, "entry"))) > 0;
    }

    /** Appends all {@code entries} in one transaction, in list order; returns how many were new. */
    public int appendAll(List<ChangeLogEntry> entries) {
        List<ChangeLogEntry> copy = List.copyOf(entries);
        return db.write(c -> appendAll(c, copy));
    }

    /** {@link #appendAll(List)} inside the caller's sync.db transaction. */
    public int appendAll(Connection c, List<ChangeLogEntry> entries) throws SQLException {
        int added = 0;
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (ChangeLogEntry entry : entries) {
                bind(ps, entry);
                added += ps.executeUpdate();
            }
        }
        return added;
    }

    /**
     * What a puller gets after {@code afterSeq}, read in one snapshot so its parts agree.
     *
     * @param changes       up to the limit, in seq order
     * @param lastSeq       the position to continue after: the last change's seq, or, when the page
     *                      reaches the end, the head (entries skipped as the puller's own included)
     * @param remaining     changes after {@code lastSeq} the puller would get
     * @param head          the highest seq ever appended (0 if none)
     * @param prunedThrough the highest seq pruned (0 if none)
     * @param incarnation   the log's incarnation, which every seq here counts in
     */
    public record LogPage(List<LoggedChange> changes, long lastSeq, long remaining, long head, long prunedThrough,
                          LogIncarnation incarnation) {
        public LogPage {
            changes = List.copyOf(changes);
            Objects.requireNonNull(incarnation, "incarnation");
        }

        /** The head as a position in this incarnation. */
        public LogPosition headPosition() {
            return new LogPosition(incarnation, head);
        }
    }

    /**
     * Up to {@code limit} changes after {@code afterSeq}, leaving out those made by {@code skipOrigin}
     * (the puller's own; null to skip none).
     */
    public LogPage page(long afterSeq, UUID skipOrigin, int limit) {
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq must not be negative: " + afterSeq);
        }
        SqlValues.requireLimit(limit);
        byte[] skip = skipOrigin == null ? null : SqlValues.uuid(skipOrigin);
        return db.read(c -> {
            List<LoggedChange> changes = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(PAGE)) {
                ps.setLong(1, afterSeq);
                ps.setBytes(2, skip);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        changes.add(new LoggedChange(rs.getLong("seq"), map(rs)));
                    }
                }
            }
            long head = head(c);
            long last = changes.size() < limit ? Math.max(afterSeq, head) : changes.get(changes.size() - 1).seq();
            long remaining;
            try (PreparedStatement ps = c.prepareStatement(COUNT_AFTER)) {
                ps.setLong(1, last);
                ps.setBytes(2, skip);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    remaining = rs.getLong(1);
                }
            }
            return new LogPage(changes, last, remaining, head, prunedThrough(c), incarnation(c));
        });
    }

    /** The highest seq ever appended, 0 if none; it never goes back, not even when pruning empties the log. */
    public long headSeq() {
        return db.read(ChangeLogStore::head);
    }

    private static long head(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(HEAD)) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    /** The highest HLC among the changes still in the log, 0 if it is empty. */
    public long newestHlc() {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(hlc), 0) FROM change_log")) {
                return rs.next() ? rs.getLong(1) : 0L;
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

    /** The highest seq pruned (0 if never): a puller positioned below it cannot catch up from the log alone. */
    public long prunedThrough() {
        return db.read(ChangeLogStore::prunedThrough);
    }

    private static long prunedThrough(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SELECT_PRUNED)) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    /**
     * Deletes the entries every member has acknowledged; the deleted range is always a prefix of the
     * log.
     *
     * <p>A member that has never acknowledged blocks pruning entirely: nothing is known to have
     * reached it. (The reference system skipped such peers, and a new or long-offline peer lost
     * changes.) A member not heard of since {@code awaySince} (the retention limit) no longer holds the log
     * back; when it returns from below the pruned mark it is served a snapshot instead. Forgotten
     * and nearby peers do not count. With no member to wait for, the whole log goes.
     *
     * @param awaySince a member not heard of (acked or seen) since this instant is away
     * @return the number of entries deleted
     */
    public int prune(Instant awaySince) {
        long awayBefore = SqlValues.ceilMillis(Objects.requireNonNull(awaySince, "awaySince"));
        return db.write(c -> {
            AckFloor floor = acks.floor(c, awayBefore);
            if (floor.blocksPruning()) {
                return 0;
            }
            long through;
            try (PreparedStatement ps = c.prepareStatement(LAST_AT_OR_BELOW)) {
                ps.setLong(1, floor.safeThrough());
                try (ResultSet rs = ps.executeQuery()) {
                    through = rs.next() ? rs.getLong(1) : 0;
                }
            }
            if (through <= 0) {
                return 0;
            }
            int deleted;
            try (PreparedStatement ps = c.prepareStatement(PRUNE)) {
                ps.setLong(1, through);
                deleted = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(UPSERT_PRUNED)) {
                ps.setLong(1, through);
                ps.executeUpdate();
            }
            return deleted;
        });
    }

    /** How far this device's own shared changes have been copied from library.db into the log. */
    public Cursor tailedThrough() {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SELECT_TAIL)) {
                return rs.next() ? new Cursor(rs.getLong(1), SqlValues.uuid(rs, "uuid")) : Cursor.START;
            }
        });
    }

    /**
     * Appends this device's own changes and moves the tail mark to {@code through} in one
     * transaction, so the mark never passes a change that is not in the log.
     *
     * @return how many entries were new
     */
    public int appendTailed(List<ChangeLogEntry> entries, Cursor through) {
        Objects.requireNonNull(through, "through");
        List<ChangeLogEntry> copy = List.copyOf(entries);
        return db.write(c -> {
            int added = appendAll(c, copy);
            try (PreparedStatement ps = c.prepareStatement(UPSERT_TAIL)) {
                ps.setLong(1, through.stamp());
                ps.setBytes(2, Ids.toBytes(through.uuid()));
                ps.executeUpdate();
            }
            return added;
        });
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
