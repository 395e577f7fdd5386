package io.tidemark.engine.store.sync;

import io.tidemark.engine.store.Database;
import io.tidemark.engine.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A library's {@code sync.db} on this device: all sync coordination state (watermarks, backfill
 * checkpoints, the shared change log, acks, peers, history, metrics) and never a domain row.
 *
 * <p>The file records which library and device it belongs to. A sync.db from another library or
 * device is refused before anything is written to it: its watermarks describe another database,
 * and trusting them would skip rows silently.
 *
 * <p>The sub-stores share one {@link Database}; to change several of them atomically, open a
 * transaction with {@code database().write(c -> ...)} and use their {@link Connection} overloads.
 */
public final class SyncStore implements AutoCloseable {

    private static final String META_TABLE = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'";
    private static final String SELECT_META = "SELECT library_id, device_id, created_at FROM meta WHERE singleton = 1";
    private static final String INSERT_META =
            "INSERT INTO meta (singleton, library_id, device_id, created_at) VALUES (1, ?, ?, ?)";

    private final Database db;
    private volatile SyncMeta meta;
    private final WatermarkStore watermarks;
    private final CheckpointStore checkpoints;
    private final ChangeLogStore changeLog;
    private final AckStore acks;
    private final PulledSeqStore pulled;
    private final IssuedStore issued;
    private final PeerStore peers;
    private final EventStore events;
    private final MetricStore metrics;

    private SyncStore(Database db, SyncMeta meta, Clock clock) {
        this.db = db;
        this.meta = meta;
        this.checkpoints = new CheckpointStore(db);
        this.watermarks = new WatermarkStore(db, clock, checkpoints);
        this.acks = new AckStore(db, clock);
        this.changeLog = new ChangeLogStore(db, acks, clock);
        this.pulled = new PulledSeqStore(db, clock);
        this.issued = new IssuedStore(db);
        this.peers = new PeerStore(db);
        this.events = new EventStore(db);
        this.metrics = new MetricStore(db);
    }

    /** {@link #open(Path, UUID, UUID, boolean, Clock)} with the system clock. */
    public static SyncStore open(Path file, UUID libraryId, UUID deviceId, boolean create) {
        return open(file, libraryId, deviceId, create, Clock.systemUTC());
    }

    /**
     * Opens (and if {@code create}, creates) the sync.db at {@code file} for {@code libraryId} on
     * {@code deviceId}, migrating it forward if it is older.
     *
     * @param clock the time source for "updated at" values and the change-log retention window
     * @throws StoreException if the file is missing (and not {@code create}), not SQLite, not a
     *                        sync.db, from a newer Tidemark, or belongs to another library or device;
     *                        in each case the file is left unchanged
     */
    public static SyncStore open(Path file, UUID libraryId, UUID deviceId, boolean create, Clock clock) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(libraryId, "libraryId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(clock, "clock");
        // Before Database.open: it would migrate an older file, and a file of another library must
        // not be touched at all.
        readIdentity(file).ifPresent(existing -> checkIdentity(file, existing, libraryId, deviceId));
        Database db = Database.open(file, SyncSchema.SCHEMA, create);
        try {
            SyncMeta meta = db.read(SyncStore::readMeta).orElse(null);
            if (meta == null) {
                SyncMeta fresh = new SyncMeta(libraryId, deviceId, clock.instant());
                meta = db.write(c -> {
                    Optional<SyncMeta> raced = readMeta(c); // another process may have written it meanwhile
                    if (raced.isPresent()) {
                        return raced.get();
                    }
                    try (PreparedStatement ps = c.prepareStatement(INSERT_META)) {
                        ps.setBytes(1, SqlValues.uuid(fresh.libraryId()));
                        ps.setBytes(2, SqlValues.uuid(fresh.deviceId()));
                        ps.setLong(3, fresh.createdAt().toEpochMilli());
                        ps.executeUpdate();
                    }
                    return fresh;
                });
            }
            checkIdentity(file, meta, libraryId, deviceId);
            SyncStore store = new SyncStore(db, meta, clock);
            store.changeLog.ensureIncarnation();
            return store;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Reads the identity of an existing sync.db through a read-only connection. Anything that is not
     * a readable sync.db with a meta row yields empty: {@link Database#open} then refuses it with the
     * precise reason (not SQLite, another program's file, newer version) or initialises it.
     */
    static Optional<SyncMeta> readIdentity(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (Connection c = Database.inspect(file); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA application_id")) {
                if (!rs.next() || rs.getInt(1) != SyncSchema.APPLICATION_ID) {
                    return Optional.empty();
                }
            }
            try (ResultSet rs = s.executeQuery(META_TABLE)) {
                if (!rs.next() || rs.getInt(1) == 0) {
                    return Optional.empty();
                }
            }
            return readMeta(c);
        } catch (SQLException | RuntimeException e) {
            return Optional.empty(); // Database.open reports what is wrong with the file
        }
    }

    private static Optional<SyncMeta> readMeta(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SELECT_META)) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new SyncMeta(SqlValues.uuid(rs, "library_id"), SqlValues.uuid(rs, "device_id"),
                    SqlValues.instant(rs, "created_at")));
        }
    }

    private static void checkIdentity(Path file, SyncMeta meta, UUID libraryId, UUID deviceId) {
        if (!meta.libraryId().equals(libraryId)) {
            throw new StoreException(file + ": sync.db belongs to library " + meta.libraryId() + ", not "
                    + libraryId + "; nothing was changed. It was probably copied from another library;"
                    + " move it away to start this library's sync state afresh.");
        }
        if (!meta.deviceId().equals(deviceId)) {
            throw new StoreException(file + ": sync.db holds the sync state of device " + meta.deviceId()
                    + ", not of this device " + deviceId + "; nothing was changed. It was probably copied"
                    + " from another device; move it away to start this device's sync state afresh.");
        }
    }

    /** The underlying file, for transactions spanning several sub-stores. */
    public Database database() {
        return db;
    }

    public SyncMeta meta() {
        return meta;
    }

    public UUID libraryId() {
        return meta.libraryId();
    }

    /**
     * After this device joined another library: the coordination state now belongs to that library.
     * Only allowed while there is nothing to carry over (no watermarks or checkpoints of the old one).
     */
    public void adoptLibrary(UUID libraryId) {
        meta = db.write(c -> {
            try (java.sql.Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM watermark) + (SELECT count(*) FROM backfill_checkpoint)")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    throw new IllegalStateException("sync.db already holds sync state of library " + meta.libraryId()
                            + "; a device with synced data cannot join another library.");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE meta SET library_id = ? WHERE singleton = 1")) {
                ps.setBytes(1, SqlValues.uuid(libraryId));
                ps.executeUpdate();
            }
            return new SyncMeta(libraryId, meta.deviceId(), meta.createdAt());
        });
    }

    public UUID deviceId() {
        return meta.deviceId();
    }

    public WatermarkStore watermarks() {
        return watermarks;
    }

    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    public ChangeLogStore changeLog() {
        return changeLog;
    }

    public AckStore acks() {
        return acks;
    }

    /** How far this device has pulled each peer's shared change log. */
    public IssuedStore issued() {
        return issued;
    }

    public PulledSeqStore pulled() {
        return pulled;
    }

    public PeerStore peers() {
        return peers;
    }

    public EventStore events() {
        return events;
    }

    public MetricStore metrics() {
        return metrics;
    }

    @Override
    public void close() {
        db.close();
    }
}
