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
 * How far each peer has acknowledged the shared change log. An ack of {@code h} means the peer
 * holds every entry with an HLC at or below {@code h}; since several entries can share one HLC, a
 * peer that stopped in the middle of an HLC acknowledges the HLC before it.
 *
 * <p>Acks only move forward. A smaller ack is normal on a network (a late or repeated message), so
 * it is ignored rather than refused.
 */
public final class AckStore {

    private static final String UPSERT = "INSERT INTO peer_ack (peer, hlc, updated_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (peer) DO UPDATE SET hlc = excluded.hlc, updated_at = excluded.updated_at"
            + " WHERE excluded.hlc > peer_ack.hlc";
    private static final String SELECT_ONE = "SELECT peer, hlc, updated_at FROM peer_ack WHERE peer = ?";
    private static final String SELECT_ALL = "SELECT peer, hlc, updated_at FROM peer_ack ORDER BY peer";
    // LEFT JOIN: a member without an ack row must count, not vanish (the reference bug).
    private static final String FLOOR = "SELECT count(*) AS members, count(a.peer) AS acked, min(a.hlc) AS minimum"
            + " FROM peer p LEFT JOIN peer_ack a ON a.peer = p.device_id WHERE p.trust = 'member'";

    private final Database db;
    private final Clock clock;

    AckStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Records that {@code peer} holds the log through {@code hlc}.
     *
     * @return true if the ack moved forward (or is the peer's first), false if it was not ahead of the stored one
     */
    public boolean record(byte[] peer, long hlc) {
        return db.write(c -> record(c, peer, hlc));
    }

    public boolean record(Connection c, byte[] peer, long hlc) throws SQLException {
        byte[] id = SqlValues.peerId(peer, "peer");
        if (hlc < 0) {
            throw new IllegalArgumentException("hlc must not be negative: " + hlc);
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setBytes(1, id);
            ps.setLong(2, hlc);
            ps.setLong(3, clock.millis());
            return ps.executeUpdate() > 0;
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

    /** What the member peers have acknowledged together. Forgotten and nearby peers do not count. */
    public AckFloor floor() {
        return db.read(this::floor);
    }

    public AckFloor floor(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(FLOOR)) {
            rs.next();
            int members = rs.getInt("members");
            int acked = rs.getInt("acked");
            long minimum = rs.getLong("minimum");
            boolean complete = members > 0 && acked == members;
            return new AckFloor(members, members - acked, complete ? OptionalLong.of(minimum) : OptionalLong.empty());
        }
    }

    private static Ack map(ResultSet rs) throws SQLException {
        return new Ack(rs.getBytes("peer"), rs.getLong("hlc"), SqlValues.instant(rs, "updated_at"));
    }
}
