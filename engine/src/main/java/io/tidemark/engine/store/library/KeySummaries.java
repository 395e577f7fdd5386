package io.tidemark.engine.store.library;

import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.KeyDigest;
import io.tidemark.engine.model.KeySummary;
import io.tidemark.engine.model.ResourceType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The record_count table: per (owner, type), the rows and deletes held, their {@link KeyDigest}
 * and the highest version seen, adjusted by every writer in the same transaction as the rows
 * themselves, so reading a summary costs one lookup at any size. Shared types are summarized the
 * same way under the empty owner, over their {@link SharedItems} (the digest then also covers the
 * device that wrote each version, and the highest version is the newest HLC).
 *
 * <p>Writers collect their changes in a {@link Delta} and apply it once per batch: one read and one
 * write per key touched (the digest's sum wraps mod 2^64, which SQLite's integers do not, so it is
 * added here rather than in SQL).
 */
final class KeySummaries {
    private static final String SELECT = "SELECT n, deleted, digest, max_version FROM record_count WHERE owner = ? AND type = ?";
    private static final String UPSERT = "INSERT INTO record_count (owner, type, n, deleted, digest, max_version)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (owner, type) DO UPDATE SET n = excluded.n,"
            + " deleted = excluded.deleted, digest = excluded.digest, max_version = excluded.max_version";
    private static final String ALL = "SELECT owner, type, n, deleted, digest, max_version FROM record_count"
            + " WHERE length(owner) = 16 ORDER BY type, owner";

    private KeySummaries() {
    }

    /** Changes to the summaries of the keys one batch of writes touched. */
    static final class Delta {
        private record Key(UUID owner, ResourceType type) {
        }

        private static final class Change {
            long rows;
            long deleted;
            long digest;
            long maxVersion;
        }

        private final Map<Key, Change> changes = new HashMap<>();

        private Change change(UUID owner, ResourceType type) {
            return changes.computeIfAbsent(new Key(owner, type), k -> new Change());
        }

        /** A row version came ({@code sign} 1) or went (-1). */
        void row(UUID owner, ResourceType type, UUID uuid, long version, int sign) {
            Change ch = change(owner, type);
            ch.rows += sign;
            ch.digest += sign * KeyDigest.item(uuid, version, false);
            ch.maxVersion = Math.max(ch.maxVersion, version);
        }

        /** A delete came ({@code sign} 1) or went (-1). */
        void deleted(UUID owner, ResourceType type, UUID uuid, long version, int sign) {
            Change ch = change(owner, type);
            ch.deleted += sign;
            ch.digest += sign * KeyDigest.item(uuid, version, true);
            ch.maxVersion = Math.max(ch.maxVersion, version);
        }

        /** A version of a shared record, row or delete, came ({@code sign} 1) or went (-1). */
        void shared(ResourceType type, io.tidemark.engine.model.SharedItem item, int sign) {
            Change ch = change(null, type);
            if (item.deleted()) {
                ch.deleted += sign;
            } else {
                ch.rows += sign;
            }
            ch.digest += sign * item.digest();
            ch.maxVersion = Math.max(ch.maxVersion, item.hlc());
        }

        /** The version counter of {@code owner}'s {@code type} moves to at least {@code version}. */
        void seen(UUID owner, ResourceType type, long version) {
            Change ch = change(owner, type);
            ch.maxVersion = Math.max(ch.maxVersion, version);
        }

        void apply(Connection c) throws SQLException {
            for (Map.Entry<Key, Change> e : changes.entrySet()) {
                Change ch = e.getValue();
                if (ch.rows == 0 && ch.deleted == 0 && ch.digest == 0 && ch.maxVersion == 0) {
                    continue;
                }
                KeySummary now = read(c, e.getKey().owner(), e.getKey().type());
                write(c, new KeySummary(e.getKey().owner(), e.getKey().type(), now.rows() + ch.rows, now.deleted() + ch.deleted,
                        now.digest() + ch.digest, Math.max(now.maxVersion(), ch.maxVersion)));
            }
            changes.clear();
        }
    }

    /**
     * Builds every summary from the rows and deletes, if a migration asked for it (see LibrarySchema
     * versions 3 and 5); one transaction, once per library.
     */
    static void rebuildIfAsked(Connection c) throws SQLException {
        try (PreparedStatement ask = c.prepareStatement("SELECT 1 FROM summary_rebuild"); ResultSet rs = ask.executeQuery()) {
            if (!rs.next()) {
                return;
            }
        }
        for (ResourceType type : io.tidemark.engine.model.SyncOrder.deviceOwned()) {
            List<UUID> owners = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT owner FROM " + type.table()
                    + " UNION SELECT DISTINCT owner FROM tombstone WHERE type = ? AND owner IS NOT NULL")) {
                ps.setString(1, type.wireName());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        owners.add(Ids.fromBytes(rs.getBytes(1)));
                    }
                }
            }
            for (UUID owner : owners) {
                write(c, scanRange(c, KeyRange.of(type, owner, null)));
            }
        }
        for (ResourceType type : io.tidemark.engine.model.SyncOrder.shared()) {
            write(c, SharedItems.scan(c, type));
        }
        try (PreparedStatement done = c.prepareStatement("DELETE FROM summary_rebuild")) {
            done.executeUpdate();
        }
    }

    private static byte[] ownerKey(UUID owner) {
        return owner == null ? LibrarySchema.SHARED_OWNER : Ids.toBytes(owner);
    }

    /** The summary of {@code owner}'s {@code type} (owner null: a shared type, rows only). */
    static KeySummary read(Connection c, UUID owner, ResourceType type) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setBytes(1, ownerKey(owner));
            ps.setString(2, type.wireName());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new KeySummary(owner, type, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))
                        : KeySummary.empty(owner, type);
            }
        }
    }

    static void write(Connection c, KeySummary s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setBytes(1, ownerKey(s.owner()));
            ps.setString(2, s.type().wireName());
            ps.setLong(3, s.rows());
            ps.setLong(4, s.deleted());
            ps.setLong(5, s.digest());
            ps.setLong(6, s.maxVersion());
            ps.executeUpdate();
        }
    }

    /** Every device-owned key's summary, including keys whose rows and deletes are all gone. */
    static List<KeySummary> all(Connection c) throws SQLException {
        List<KeySummary> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(ALL); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new KeySummary(Ids.fromBytes(rs.getBytes(1)), ResourceType.fromWireName(rs.getString(2)), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5), rs.getLong(6)));
            }
        }
        return out;
    }

    /**
     * Computes the summary of {@code range} from its rows and deletes: how doctor checks the
     * maintained one, how a migration builds it, and what a capped range is compared by.
     */
    static KeySummary scanRange(Connection c, KeyRange range) throws SQLException {
        long[] acc = new long[4];
        range.eachVersion(c, (uuid, version, deleted) -> {
            acc[deleted ? 1 : 0]++;
            acc[2] += KeyDigest.item(uuid, version, deleted);
            acc[3] = Math.max(acc[3], version);
        });
        return new KeySummary(range.owner(), range.type(), acc[0], acc[1], acc[2], acc[3]);
    }
}
