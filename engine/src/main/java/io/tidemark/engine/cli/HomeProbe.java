package io.tidemark.engine.cli;

import io.tidemark.engine.api.Home;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.sqlite.SQLiteConfig;

/**
 * Watches another process's stores from outside, read-only, the way a person with {@code sqlite3}
 * would: what a daemon has committed, without asking it (so the watching costs the daemon nothing
 * and still works the instant after it was killed). Each query sees the latest committed state
 * (WAL readers never block the writer). For benchmarks and process tests; not a store API.
 */
final class HomeProbe implements AutoCloseable {
    /** A backfill checkpoint row as sync.db holds it. */
    record CheckpointRow(long recordsDone, long recordsTotal) {
    }

    private final Home home;
    private Connection library;
    private Connection sync;

    HomeProbe(Home home) {
        this.home = home;
    }

    /** This device's uuid: the owner of the rows it writes. */
    UUID thisDevice() throws SQLException {
        try (PreparedStatement ps = library().prepareStatement("SELECT this_device FROM library");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("no library row in " + home.libraryDb());
            }
            return Ids.fromBytes(rs.getBytes(1));
        }
    }

    /** {@code owner}'s rows per device-owned type, from record_count (types with no rows are absent). */
    Map<ResourceType, Long> counts(UUID owner) throws SQLException {
        Map<ResourceType, Long> out = new EnumMap<>(ResourceType.class);
        try (PreparedStatement ps = library().prepareStatement("SELECT type, n FROM record_count WHERE owner = ? AND n <> 0")) {
            ps.setBytes(1, Ids.toBytes(owner));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(ResourceType.fromWireName(rs.getString(1)), rs.getLong(2));
                }
            }
        }
        return out;
    }

    long count(UUID owner, ResourceType type) throws SQLException {
        return counts(owner).getOrDefault(type, 0L);
    }

    /** The furthest backfill checkpoint of (owner, type), from any member; empty when none (or no sync.db yet). */
    Optional<CheckpointRow> checkpoint(UUID owner, ResourceType type) throws SQLException {
        if (!Files.exists(home.syncDb())) {
            return Optional.empty();
        }
        try (PreparedStatement ps = sync().prepareStatement("SELECT records_done, records_total FROM backfill_checkpoint"
                + " WHERE owner = ? AND resource_type = ? ORDER BY records_done DESC LIMIT 1")) {
            ps.setBytes(1, Ids.toBytes(owner));
            ps.setString(2, type.wireName());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new CheckpointRow(rs.getLong(1), rs.getLong(2))) : Optional.empty();
            }
        }
    }

    /** Messages of the events of {@code kind} in sync.db, oldest first. */
    List<String> events(String kind) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = sync().prepareStatement("SELECT message FROM event WHERE kind = ? ORDER BY id")) {
            ps.setString(1, kind);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** The last {@code n} events of every kind as "kind: message", oldest first (for a failing test's report). */
    List<String> lastEvents(int n) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = sync().prepareStatement("SELECT kind, message FROM event ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(0, rs.getString(1) + ": " + rs.getString(2));
                }
            }
        }
        return out;
    }

    private Connection library() throws SQLException {
        if (library == null) {
            library = connect(home.libraryDb());
        }
        return library;
    }

    private Connection sync() throws SQLException {
        if (sync == null) {
            sync = connect(home.syncDb());
        }
        return sync;
    }

    private static Connection connect(Path file) throws SQLException {
        if (!Files.exists(file)) {
            throw new SQLException("no database at " + file);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(Database.BUSY_TIMEOUT_MS);
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    @Override
    public void close() {
        for (Connection c : new Connection[] {library, sync}) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException e) {
                    // read-only: nothing to lose
                }
            }
        }
        library = null;
        sync = null;
    }
}
