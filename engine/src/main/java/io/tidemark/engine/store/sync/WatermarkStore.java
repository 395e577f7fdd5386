package io.tidemark.engine.store.sync;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Per-(owner device, resource type) watermarks: how far this device has applied each owner's rows
 * of each type. One watermark per type, not one per device: with a single global one, an
 * interrupted backfill that had finished entries but not locations skipped the locations forever.
 *
 * <p>A watermark only moves forward. A backwards move means two stamp domains were mixed or a
 * stale response arrived late (the reference system's "watermark date corruption"), so it is
 * refused with {@link IllegalStateException} instead of being stored; a full resync goes through
 * {@link #reset} instead.
 *
 * <p>{@code get}, {@code advance} and the resets have overloads taking the {@link Connection} of a
 * transaction already open on this sync.db (from {@link Database#write}), so a sync engine can move a watermark and save a
 * checkpoint atomically.
 */
public final class WatermarkStore {

    private static final String SELECT_ONE =
            "SELECT stamp, uuid FROM watermark WHERE owner = ? AND resource_type = ?";
    private static final String SELECT_ALL =
            "SELECT owner, resource_type, stamp, uuid, updated_at FROM watermark ORDER BY owner, resource_type";
    private static final String SELECT_OWNER = "SELECT owner, resource_type, stamp, uuid, updated_at FROM watermark"
            + " WHERE owner = ? ORDER BY resource_type";
    private static final String UPSERT = "INSERT INTO watermark (owner, resource_type, stamp, uuid, updated_at, held_version)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (owner, resource_type) DO UPDATE SET"
            + " stamp = excluded.stamp, uuid = excluded.uuid, updated_at = excluded.updated_at,"
            + " held_version = max(held_version, excluded.held_version)";
    private static final String SELECT_HELD = "SELECT owner, resource_type, held_version, unverified FROM watermark"
            + " ORDER BY owner, resource_type";
    private static final String SET_UNVERIFIED = "UPDATE watermark SET unverified = ? WHERE owner = ? AND resource_type = ?"
            + " AND unverified <> ?";
    private static final String SELECT_VOUCHED = "SELECT stamp, uuid, unverified FROM watermark WHERE owner = ? AND resource_type = ?";
    private static final String DELETE_ONE = "DELETE FROM watermark WHERE owner = ? AND resource_type = ?";
    private static final String DELETE_OWNER = "DELETE FROM watermark WHERE owner = ?";

    private final Database db;
    private final Clock clock;
    private final CheckpointStore checkpoints;

    WatermarkStore(Database db, Clock clock, CheckpointStore checkpoints) {
        this.db = db;
        this.clock = clock;
        this.checkpoints = checkpoints;
    }

    /** The watermark of (owner, type), or empty if nothing of it was applied yet (start from {@link Cursor#START}). */
    public Optional<Cursor> get(UUID owner, ResourceType type) {
        return db.read(c -> get(c, owner, type));
    }

    public Optional<Cursor> get(Connection c, UUID owner, ResourceType type) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_ONE)) {
            bindKey(ps, owner, type);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Cursor(rs.getLong("stamp"), SqlValues.uuid(rs, "uuid")))
                        : Optional.empty();
            }
        }
    }

    /** Every watermark, ordered by (owner, type). */
    public List<Watermark> all() {
        return db.read(c -> query(c, SELECT_ALL, null));
    }

    /** The watermarks of one owner, ordered by type. */
    public List<Watermark> forOwner(UUID owner) {
        Objects.requireNonNull(owner, "owner");
        return db.read(c -> query(c, SELECT_OWNER, owner));
    }

    /**
     * Moves the watermark of (owner, type) to {@code to}.
     *
     * @return true if it moved, false if it already was at {@code to}
     * @throws IllegalStateException if {@code to} is behind the stored watermark; nothing is written
     */
    public boolean advance(UUID owner, ResourceType type, Cursor to) {
        return db.write(c -> advance(c, owner, type, to, 0));
    }

    /** {@link #advance(UUID, ResourceType, Cursor)}, remembering that library.db then held up to version {@code heldVersion} of the key. */
    public boolean advance(UUID owner, ResourceType type, Cursor to, long heldVersion) {
        return db.write(c -> advance(c, owner, type, to, heldVersion));
    }

    public boolean advance(Connection c, UUID owner, ResourceType type, Cursor to) throws SQLException {
        return advance(c, owner, type, to, 0);
    }

    /**
     * {@link #advance(UUID, ResourceType, Cursor)} inside the caller's transaction. The read and
     * the write are only atomic if {@code c} is inside a write transaction, as
     * {@link Database#write} provides. On refusal the caller's transaction is left to the caller
     * (the exception propagating out of {@code Database.write} rolls it back).
     */
    public boolean advance(Connection c, UUID owner, ResourceType type, Cursor to, long heldVersion) throws SQLException {
        Objects.requireNonNull(to, "to");
        Cursor current = get(c, owner, type).orElse(Cursor.START);
        int order = to.compareTo(current);
        if (order < 0) {
            throw new IllegalStateException("Refused to move the " + type.wireName() + " watermark of owner " + owner
                    + " backwards from " + current + " to " + to + ": watermarks only move forward, and going back"
                    + " means a stale or corrupt position. Reset the watermark to resync from the start.");
        }
        if (order == 0) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            bindKey(ps, owner, type);
            ps.setLong(3, to.stamp());
            ps.setBytes(4, SqlValues.uuid(to.uuid()));
            SqlValues.setInstant(ps, 5, now());
            ps.setLong(6, heldVersion);
            ps.executeUpdate();
        }
        return true;
    }

    /** Of one watermark: the highest version library.db held when it last moved, and whether it is unverified. */
    public record Held(UUID owner, ResourceType type, long heldVersion, boolean unverified) {
    }

    /** {@link Held} of every watermark. */
    public List<Held> held() {
        return db.read(c -> {
            List<Held> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT_HELD); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Held(SqlValues.uuid(rs, "owner"), ResourceType.fromWireName(rs.getString("resource_type")),
                            rs.getLong("held_version"), rs.getInt("unverified") != 0));
                }
            }
            return out;
        });
    }

    /**
     * Marks the watermark of (owner, type) unverified (library.db holds less than it did when the
     * watermark moved) or verified again (the owner's summary matched).
     *
     * @return whether it changed
     */
    public boolean setUnverified(UUID owner, ResourceType type, boolean unverified) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(SET_UNVERIFIED)) {
                ps.setInt(1, unverified ? 1 : 0);
                bindKey(ps, owner, type, 2);
                ps.setInt(4, unverified ? 1 : 0);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /**
     * How far this device answers for (owner, type) to other members: its watermark, or the start
     * while the watermark is unverified or missing.
     */
    public Cursor vouchedFor(UUID owner, ResourceType type) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_VOUCHED)) {
                bindKey(ps, owner, type);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getInt("unverified") == 0
                            ? new Cursor(rs.getLong("stamp"), SqlValues.uuid(rs, "uuid")) : Cursor.START;
                }
            }
        });
    }

    /**
     * Forgets the watermark of (owner, type) so its rows are fetched again from the start, and drops
     * that pair's backfill checkpoints too: a checkpoint left behind would resume the resync past
     * the rows it is meant to fetch again.
     *
     * @return true if there was a watermark
     */
    public boolean reset(UUID owner, ResourceType type) {
        return db.write(c -> reset(c, owner, type));
    }

    public boolean reset(Connection c, UUID owner, ResourceType type) throws SQLException {
        checkpoints.deleteAll(c, owner, type);
        try (PreparedStatement ps = c.prepareStatement(DELETE_ONE)) {
            bindKey(ps, owner, type);
            return ps.executeUpdate() > 0;
        }
    }

    /** {@link #reset} for every type of {@code owner}: a full resync of that device's rows. */
    public int resetOwner(UUID owner) {
        return db.write(c -> resetOwner(c, owner));
    }

    public int resetOwner(Connection c, UUID owner) throws SQLException {
        checkpoints.deleteOwner(c, owner);
        try (PreparedStatement ps = c.prepareStatement(DELETE_OWNER)) {
            ps.setBytes(1, SqlValues.uuid(Objects.requireNonNull(owner, "owner")));
            return ps.executeUpdate();
        }
    }

    private Instant now() {
        return SqlValues.millis(clock.instant());
    }

    private static List<Watermark> query(Connection c, String sql, UUID owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (owner != null) {
                ps.setBytes(1, SqlValues.uuid(owner));
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<Watermark> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Watermark(
                            SqlValues.uuid(rs, "owner"),
                            SqlValues.type(rs, "resource_type"),
                            new Cursor(rs.getLong("stamp"), SqlValues.uuid(rs, "uuid")),
                            SqlValues.instant(rs, "updated_at")));
                }
                return out;
            }
        }
    }

    private static void bindKey(PreparedStatement ps, UUID owner, ResourceType type) throws SQLException {
        bindKey(ps, owner, type, 1);
    }

    private static void bindKey(PreparedStatement ps, UUID owner, ResourceType type, int first) throws SQLException {
        ps.setBytes(first, SqlValues.uuid(Objects.requireNonNull(owner, "owner")));
        ps.setString(first + 1, Objects.requireNonNull(type, "type").wireName());
    }
}
