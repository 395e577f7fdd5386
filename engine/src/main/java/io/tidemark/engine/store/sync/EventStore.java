package io.tidemark.engine.store.sync;

import io.tidemark.engine.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The persistent sync history: what happened, when, with which peer. Ids come from an
 * AUTOINCREMENT column, so they grow strictly and are never reused even after {@link #prune} has
 * emptied the table; a client streams with {@link #since(long, int)} from the last id it saw.
 */
public final class EventStore {

    private static final String COLUMNS = "id, at, kind, peer, message, details";
    private static final String VALID_JSON = "SELECT json_valid(?)";
    private static final String INSERT = "INSERT INTO event (at, kind, peer, message, details) VALUES (?, ?, ?, ?, ?)";
    private static final String LAST_ROWID = "SELECT last_insert_rowid()";
    private static final String RECENT = "SELECT * FROM (SELECT " + COLUMNS + " FROM event ORDER BY id DESC LIMIT ?)"
            + " ORDER BY id";
    private static final String SINCE = "SELECT " + COLUMNS + " FROM event WHERE id > ? ORDER BY id LIMIT ?";
    private static final String LATEST_OF_KIND = "SELECT " + COLUMNS + " FROM event WHERE substr(kind, 1, length(?1)) = ?1"
            + " ORDER BY id DESC LIMIT 1";
    private static final String PRUNE = "DELETE FROM event WHERE at < ?";
    private static final String KEEP_NEWEST = "DELETE FROM event WHERE id <= (SELECT id FROM event ORDER BY id DESC LIMIT 1 OFFSET ?)";
    // sqlite_sequence keeps the last id handed out even when those rows were pruned.
    private static final String LAST_ID = "SELECT seq FROM sqlite_sequence WHERE name = 'event'";

    private final Database db;

    EventStore(Database db) {
        this.db = db;
    }

    /**
     * Appends {@code event} and returns its id.
     *
     * @throws IllegalArgumentException if its details are not valid JSON
     */
    public long append(Event event) {
        Objects.requireNonNull(event, "event");
        return db.write(c -> append(c, event));
    }

    /** {@link #append(Event)} inside the caller's sync.db transaction. */
    public long append(Connection c, Event event) throws SQLException {
        if (event.detailsJson() != null) {
            try (PreparedStatement ps = c.prepareStatement(VALID_JSON)) {
                ps.setString(1, event.detailsJson());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getInt(1) != 1) {
                        throw new IllegalArgumentException("Event details are not valid JSON: " + event.detailsJson());
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            SqlValues.setInstant(ps, 1, event.at());
            ps.setString(2, event.kind());
            ps.setBytes(3, event.peer());
            ps.setString(4, event.message());
            ps.setString(5, event.detailsJson());
            ps.executeUpdate();
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(LAST_ROWID)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The {@code limit} most recent events, oldest first (ready to continue with {@link #since}). */
    public List<LoggedEvent> recent(int limit) {
        SqlValues.requireLimit(limit);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(RECENT)) {
                ps.setInt(1, limit);
                return query(ps);
            }
        });
    }

    /** Up to {@code limit} events with an id greater than {@code afterId}, oldest first. */
    public List<LoggedEvent> since(long afterId, int limit) {
        SqlValues.requireLimit(limit);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SINCE)) {
                ps.setLong(1, afterId);
                ps.setInt(2, limit);
                return query(ps);
            }
        });
    }

    /** The newest event whose kind starts with {@code kindPrefix} (e.g. {@code clock.jump_}), if any is kept. */
    public java.util.Optional<LoggedEvent> latestOfKind(String kindPrefix) {
        Objects.requireNonNull(kindPrefix, "kindPrefix");
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(LATEST_OF_KIND)) {
                ps.setString(1, kindPrefix);
                return query(ps).stream().findFirst();
            }
        });
    }

    /** Every event with an id greater than {@code afterId}, oldest first. */
    public List<LoggedEvent> since(long afterId) {
        return since(afterId, Integer.MAX_VALUE);
    }

    /** The last id handed out (0 if none), even if that event was pruned: {@code since(lastId())} streams only new events. */
    public long lastId() {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(LAST_ID)) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Deletes events that happened before {@code olderThan}; returns how many. */
    public int prune(Instant olderThan) {
        Objects.requireNonNull(olderThan, "olderThan");
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(PRUNE)) {
                ps.setLong(1, SqlValues.ceilMillis(olderThan));
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Keeps only the {@code keep} newest events; returns how many were deleted. Age alone does not
     * bound the log: a flood of events (a peer redialling for days, say) would grow sync.db by
     * megabytes a day within the retention.
     */
    public int keepNewest(int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must not be negative: " + keep);
        }
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(KEEP_NEWEST)) {
                ps.setInt(1, keep);
                return ps.executeUpdate();
            }
        });
    }

    private static List<LoggedEvent> query(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<LoggedEvent> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new LoggedEvent(rs.getLong("id"), new Event(
                        SqlValues.instant(rs, "at"),
                        rs.getString("kind"),
                        rs.getBytes("peer"),
                        rs.getString("message"),
                        rs.getString("details"))));
            }
            return out;
        }
    }
}
