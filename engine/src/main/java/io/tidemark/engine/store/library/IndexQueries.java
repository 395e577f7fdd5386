package io.tidemark.engine.store.library;

import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.VolumeRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The read queries of the indexer, the path remover and the synthetic-library generator. They live
 * here, next to the tables they read, so the column lists and the owner filter come from the same
 * {@link OwnedTable} definitions as every other query (a column added there is picked up here too).
 *
 * <p>Every method takes the connection of a read snapshot ({@link LibraryStore#read}) or of a write
 * transaction ({@link LocalTransaction#connection()}), and filters by owner: a device only ever
 * indexes into its own rows.
 */
public final class IndexQueries {

    private static final String VOLUME_BY_MOUNT_POINT = select(Tables.VOLUMES)
            + " AND mount_point = ? ORDER BY stamp, uuid LIMIT 1";
    private static final String LOCATION_BY_PATH = select(Tables.LOCATIONS)
            + " AND path = ? ORDER BY stamp, uuid LIMIT 1";
    private static final String LOCATIONS = select(Tables.LOCATIONS) + " ORDER BY stamp, uuid";
    // A range scan of the owner's rows in the clustered table, filtered by location: there is deliberately no
    // index on location_uuid, since every applied entry would pay for it (measured at up to a third of apply throughput),
    // while only a re-index or generate run reads by location, once per run.
    private static final String ENTRIES_OF_LOCATION = select(Tables.ENTRIES) + " AND location_uuid = ?";
    private static final String ROOT_ENTRY = ENTRIES_OF_LOCATION + " AND parent_uuid IS NULL ORDER BY stamp, uuid LIMIT 1";
    private static final String CHILD = ENTRIES_OF_LOCATION + " AND parent_uuid = ? AND name = ? ORDER BY stamp, uuid LIMIT 1";
    private static final String CHILD_NAMES = "SELECT name FROM entry WHERE " + OwnedTable.OWNER_FILTER
            + " AND location_uuid = ? AND parent_uuid = ?";
    private static final String CONTENT_IDENTITY_EXISTS = "SELECT 1 FROM content_identity WHERE uuid = ?";

    private IndexQueries() {
    }

    private static String select(OwnedTable<?> table) {
        return "SELECT uuid, owner, stamp, " + String.join(", ", table.dataColumns()) + ", version FROM " + table.type().table()
                + " WHERE " + OwnedTable.OWNER_FILTER;
    }

    /** {@code owner}'s volume mounted at {@code mountPoint} (the oldest, should there be several). */
    public static Optional<VolumeRecord> volumeByMountPoint(Connection c, UUID owner, String mountPoint) throws SQLException {
        return first(c, Tables.VOLUMES, VOLUME_BY_MOUNT_POINT, owner, ps -> ps.setString(2, mountPoint));
    }

    /** {@code owner}'s location at {@code path} (the oldest, should there be several). */
    public static Optional<LocationRecord> locationByPath(Connection c, UUID owner, String path) throws SQLException {
        return first(c, Tables.LOCATIONS, LOCATION_BY_PATH, owner, ps -> ps.setString(2, path));
    }

    /** All of {@code owner}'s locations, oldest first. */
    public static List<LocationRecord> locations(Connection c, UUID owner) throws SQLException {
        List<LocationRecord> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(LOCATIONS)) {
            Sql.setId(ps, 1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(Tables.LOCATIONS, rs));
                }
            }
        }
        return rows;
    }

    /**
     * Streams every entry of one location to {@code sink}, in no particular order. Streaming instead of
     * returning a list lets a caller keep only what it needs from a location of millions of entries.
     */
    public static void forEachEntry(Connection c, UUID owner, UUID location, Consumer<EntryRecord> sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ENTRIES_OF_LOCATION)) {
            Sql.setId(ps, 1, owner);
            Sql.setId(ps, 2, location);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(read(Tables.ENTRIES, rs));
                }
            }
        }
    }

    /** Every entry of one location. */
    public static List<EntryRecord> entries(Connection c, UUID owner, UUID location) throws SQLException {
        List<EntryRecord> rows = new ArrayList<>();
        forEachEntry(c, owner, location, rows::add);
        return rows;
    }

    /** The location's root directory entry: the one without a parent (the oldest, should there be several). */
    public static Optional<EntryRecord> rootEntry(Connection c, UUID owner, UUID location) throws SQLException {
        return first(c, Tables.ENTRIES, ROOT_ENTRY, owner, ps -> Sql.setId(ps, 2, location));
    }

    /** The entry named {@code name} directly below {@code parent} in one location (the oldest, should there be several). */
    public static Optional<EntryRecord> child(Connection c, UUID owner, UUID location, UUID parent, String name)
            throws SQLException {
        return first(c, Tables.ENTRIES, CHILD, owner, ps -> {
            Sql.setId(ps, 2, location);
            Sql.setId(ps, 3, parent);
            ps.setString(4, name);
        });
    }

    /** The names of the entries directly below {@code parent} in one location. */
    public static Set<String> childNames(Connection c, UUID owner, UUID location, UUID parent) throws SQLException {
        Set<String> names = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(CHILD_NAMES)) {
            Sql.setId(ps, 1, owner);
            Sql.setId(ps, 2, location);
            Sql.setId(ps, 3, parent);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /** Whether any device has already written the content identity {@code uuid}. */
    public static boolean contentIdentityExists(Connection c, UUID uuid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CONTENT_IDENTITY_EXISTS)) {
            Sql.setId(ps, 1, uuid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Binds the parameters after the owner. */
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static <R extends OwnedRecord> Optional<R> first(Connection c, OwnedTable<R> table, String sql, UUID owner,
                                                            Binder key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.setId(ps, 1, owner);
            key.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(table, rs)) : Optional.empty();
            }
        }
    }

    private static <R extends OwnedRecord> R read(OwnedTable<R> table, ResultSet rs) throws SQLException {
        return table.read(rs, Sql.getId(rs, 1), Sql.getId(rs, 2), rs.getLong(3), rs.getLong(4 + table.dataColumns().size()), 4);
    }
}
