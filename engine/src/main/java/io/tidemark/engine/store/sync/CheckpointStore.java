package io.tidemark.engine.store.sync;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Backfill checkpoints, one per (owner, resource type, source peer). The reference system created
 * this table and never wrote it, so every crash restarted backfill from zero; here a backfill saves
 * its checkpoint in the same sync.db transaction as its watermark (use the {@link Connection}
 * overloads inside {@link Database#write}), and a restart or a switch to another peer resumes from
 * {@link #latest}.
 */
public final class CheckpointStore {

    private static final String COLUMNS =
            "owner, resource_type, source_peer, stamp, uuid, records_done, records_total, started_at, updated_at";
    private static final String UPSERT = "INSERT INTO backfill_checkpoint (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (owner, resource_type, source_peer) DO UPDATE SET"
            + " stamp = excluded.stamp, uuid = excluded.uuid, records_done = excluded.records_done,"
            + " records_total = excluded.records_total, started_at = excluded.started_at,"
            + " updated_at = excluded.updated_at";
    private static final String SELECT_ONE = "SELECT " + COLUMNS + " FROM backfill_checkpoint"
            + " WHERE owner = ? AND resource_type = ? AND source_peer = ?";
    private static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM backfill_checkpoint"
            + " ORDER BY owner, resource_type, source_peer";
    // Furthest position first: the cursor is a position in the owner's stream, the same whichever
    // peer served it, so the furthest checkpoint is the right place to resume from any peer.
    private static final String SELECT_LATEST = "SELECT " + COLUMNS + " FROM backfill_checkpoint"
            + " WHERE owner = ? AND resource_type = ?"
            + " ORDER BY stamp DESC, uuid DESC, updated_at DESC, source_peer LIMIT 1";
    private static final String DELETE_ONE =
            "DELETE FROM backfill_checkpoint WHERE owner = ? AND resource_type = ? AND source_peer = ?";
    private static final String DELETE_TYPE = "DELETE FROM backfill_checkpoint WHERE owner = ? AND resource_type = ?";
    private static final String DELETE_OWNER = "DELETE FROM backfill_checkpoint WHERE owner = ?";

    private final Database db;

    CheckpointStore(Database db) {
        this.db = db;
    }

    /** Saves {@code checkpoint} exactly as given, replacing the one with the same key. */
    public void save(Checkpoint checkpoint) {
        db.write(c -> {
            save(c, checkpoint);
            return null;
        });
    }

    /** {@link #save(Checkpoint)} inside the caller's sync.db transaction. */
    public void save(Connection c, Checkpoint checkpoint) throws SQLException {
        Objects.requireNonNull(checkpoint, "checkpoint");
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setBytes(1, SqlValues.uuid(checkpoint.owner()));
            ps.setString(2, checkpoint.type().wireName());
            ps.setBytes(3, checkpoint.sourcePeer());
            ps.setLong(4, checkpoint.cursor().stamp());
            ps.setBytes(5, SqlValues.uuid(checkpoint.cursor().uuid()));
            ps.setLong(6, checkpoint.recordsDone());
            ps.setLong(7, checkpoint.recordsTotal());
            SqlValues.setInstant(ps, 8, checkpoint.startedAt());
            SqlValues.setInstant(ps, 9, checkpoint.updatedAt());
            ps.executeUpdate();
        }
    }

    public Optional<Checkpoint> get(UUID owner, ResourceType type, byte[] sourcePeer) {
        return db.read(c -> get(c, owner, type, sourcePeer));
    }

    public Optional<Checkpoint> get(Connection c, UUID owner, ResourceType type, byte[] sourcePeer)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_ONE)) {
            bindKey(ps, owner, type);
            ps.setBytes(3, SqlValues.peerId(sourcePeer, "sourcePeer"));
            return first(ps);
        }
    }

    /**
     * The checkpoint of (owner, type) from any source peer that got furthest (greatest cursor, then
     * the most recently saved): where a backfill resumes, whichever member serves it now.
     */
    public Optional<Checkpoint> latest(UUID owner, ResourceType type) {
        return db.read(c -> latest(c, owner, type));
    }

    public Optional<Checkpoint> latest(Connection c, UUID owner, ResourceType type) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_LATEST)) {
            bindKey(ps, owner, type);
            return first(ps);
        }
    }

    /** Every checkpoint, ordered by (owner, type, source peer) as SQLite orders the BLOBs. */
    public List<Checkpoint> list() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_ALL); ResultSet rs = ps.executeQuery()) {
                List<Checkpoint> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(map(rs));
                }
                return out;
            }
        });
    }

    /** Removes one checkpoint; true if it existed. */
    public boolean delete(UUID owner, ResourceType type, byte[] sourcePeer) {
        return db.write(c -> delete(c, owner, type, sourcePeer));
    }

    public boolean delete(Connection c, UUID owner, ResourceType type, byte[] sourcePeer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE_ONE)) {
            bindKey(ps, owner, type);
            ps.setBytes(3, SqlValues.peerId(sourcePeer, "sourcePeer"));
            return ps.executeUpdate() > 0;
        }
    }

    /** Removes the checkpoints of (owner, type) from every source, e.g. once its backfill completed. */
    public int deleteAll(UUID owner, ResourceType type) {
        return db.write(c -> deleteAll(c, owner, type));
    }

    public int deleteAll(Connection c, UUID owner, ResourceType type) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE_TYPE)) {
            bindKey(ps, owner, type);
            return ps.executeUpdate();
        }
    }

    /** Removes every checkpoint of {@code owner}. */
    public int deleteOwner(UUID owner) {
        return db.write(c -> deleteOwner(c, owner));
    }

    public int deleteOwner(Connection c, UUID owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE_OWNER)) {
            ps.setBytes(1, SqlValues.uuid(Objects.requireNonNull(owner, "owner")));
            return ps.executeUpdate();
        }
    }

    private static void bindKey(PreparedStatement ps, UUID owner, ResourceType type) throws SQLException {
        ps.setBytes(1, SqlValues.uuid(Objects.requireNonNull(owner, "owner")));
        ps.setString(2, Objects.requireNonNull(type, "type").wireName());
    }

    private static Optional<Checkpoint> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(map(rs)) : Optional.empty();
        }
    }

    private static Checkpoint map(ResultSet rs) throws SQLException {
        return new Checkpoint(
                SqlValues.uuid(rs, "owner"),
                SqlValues.type(rs, "resource_type"),
                rs.getBytes("source_peer"),
                new Cursor(rs.getLong("stamp"), SqlValues.uuid(rs, "uuid")),
                rs.getLong("records_done"),
                rs.getLong("records_total"),
                SqlValues.instant(rs, "started_at"),
                SqlValues.instant(rs, "updated_at"));
    }
}
