package io.tidemark.engine.store.sync;

import io.tidemark.engine.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How far each peer has applied this device's shared change log. An ack of {@code s} means the
 * peer holds every entry of this device's log with a seq at or below {@code s}.
 *
 * <p>Acks only move forward. A smaller ack is normal on a network (a late or repeated message), so
 * it is ignored rather than refused.
 */
public final class AckStore {

    private static final String UPSERT = "INSERT INTO peer_ack (peer, seq, updated_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (peer) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at"
            + " WHERE excluded.seq > peer_ack.seq";
    private static final String RESET = "UPDATE peer_ack SET seq = 0";
    private static final String SELECT_ONE = "SELECT peer, seq, updated_at FROM peer_ack WHERE peer = ?";
    private static final String SELECT_ALL = "SELECT peer, seq, updated_at FROM peer_ack ORDER BY peer";
    // LEFT JOIN: a member without an ack row must count, not vanish (the reference bug). A member is
    // away when neither its ack nor a connection was heard of since ?1.
    private static final String HEARD = "max(a.updated_at, coalesce(p.last_seen, a.updated_at))";
    private static final String FLOOR = "SELECT count(*) AS members, count(*) - count(a.peer) AS never,"
            + " coalesce(sum(a.peer IS NOT NULL AND " + HEARD + " < ?1), 0) AS away,"
            + " min(CASE WHEN " + HEARD + " >= ?1 THEN a.seq END) AS minimum"
            + " FROM peer p LEFT JOIN peer_ack a ON a.peer = p.device_id WHERE p.trust = 'member'";

    private final Database db;
    private final Clock clock;

    AckStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Records that {@code peer} holds this device's log through {@code seq}.
     *
     * @return true if the ack moved forward (or is the peer's first), false if it was not ahead of the stored one
     */
    public boolean record(byte[] peer, long seq) {
        return db.write(c -> record(c, peer, seq));
    }

    public boolean record(Connection c, byte[] peer, long seq) throws SQLException {
        byte[] id = SqlValues.peerId(peer, "peer");
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative: " + seq);
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setBytes(1, id);
            ps.setLong(2, seq);
            ps.setLong(3, clock.millis());
            return ps.executeUpdate() > 0;
        }
    }

    /**
     * Sets every ack back to 0 inside the caller's transaction, when the log they count in got a new
     * incarnation. The rows and their times stay: a member last heard of long ago is still away, not
     * one that never acked (which would hold pruning back for good).
     */
    void resetAll(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate(RESET);
        }
    }

    public Optional<Ack> get(byte[] peer) {
        byte[] id = SqlValues.peerId(peer, "peer");
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_ONE)) {
                ps.setBytes(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(map(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Every ack, including those of peers that are not (or no longer) members. */
    public List<Ack> list() {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SELECT_ALL)) {
                List<Ack> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(map(rs));
                }
                return out;
            }
        });
    }

    /**
     * The smallest ack over member peers: empty when there is no member, or when some member has
     * never acknowledged (then nothing is known to have reached every member). See {@link #floor()}
     * to tell the two apart.
     */
    public OptionalLong minimumOverMembers() {
        return floor().minimum();
    }

    /** What the member peers have acknowledged together, none counted as away. Forgotten and nearby peers do not count. */
    public AckFloor floor() {
        return db.read(c -> floor(c, Long.MIN_VALUE));
    }

    /**
     * What the member peers have acknowledged together; a member with an ack that was last heard of
     * (acked or connected) before {@code awayBeforeMillis} counts as away.
     */
    public AckFloor floor(Connection c, long awayBeforeMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FLOOR)) {
            ps.setLong(1, awayBeforeMillis);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int members = rs.getInt("members");
                int never = rs.getInt("never");
                int away = rs.getInt("away");
                long minimum = rs.getLong("minimum");
                boolean present = !rs.wasNull() && never == 0;
                return new AckFloor(members, never, away, present ? OptionalLong.of(minimum) : OptionalLong.empty());
            }
        }
    }

    private static Ack map(ResultSet rs) throws SQLException {
        return new Ack(rs.getBytes("peer"), rs.getLong("seq"), SqlValues.instant(rs, "updated_at"));
    }
}
