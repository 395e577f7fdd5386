package io.tidemark.engine.store.library;

import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.KeySummary;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SharedItem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The versions a library holds of one shared type, rows and deletes alike, as {@link SharedItem}s:
 * the one definition of what a shared summary counts. The maintained summary adds
 * exactly these items as writers go (see {@link KeySummaries.Delta#shared}); a check, a migration,
 * the buckets a reconciliation compares and the items it sends are all read through here.
 */
final class SharedItems {
    private SharedItems() {
    }

    /** Receives items one at a time. */
    @FunctionalInterface
    interface Sink {
        void accept(SharedItem item) throws SQLException;
    }

    /** Every item of {@code type}, rows first, then deletes. */
    static void each(Connection c, ResourceType type, Sink sink) throws SQLException {
        scan(c, "SELECT uuid, hlc, origin FROM " + type.table(), null, false, sink);
        scan(c, "SELECT uuid, stamp, origin FROM tombstone WHERE owner IS NULL AND type = ?", type, true, sink);
    }

    private static void scan(Connection c, String sql, ResourceType type, boolean deleted, Sink sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (type != null) {
                ps.setString(1, type.wireName());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(item(Sql.getId(rs, 1), rs.getLong(2), Sql.getId(rs, 3), deleted));
                }
            }
        }
    }

    /** An item as read from a row or delete: one written before origins were kept counts as {@link Ids#MIN}'s. */
    static SharedItem item(UUID uuid, long hlc, UUID origin, boolean deleted) {
        return new SharedItem(uuid, hlc, origin == null ? Ids.MIN : origin, deleted);
    }

    /** The summary of all of {@code type}, computed from its rows and deletes. */
    static KeySummary scan(Connection c, ResourceType type) throws SQLException {
        long[] acc = new long[4];
        each(c, type, item -> {
            acc[item.deleted() ? 1 : 0]++;
            acc[2] += item.digest();
            acc[3] = Math.max(acc[3], item.hlc());
        });
        return new KeySummary(null, type, acc[0], acc[1], acc[2], acc[3]);
    }

    /** Count and digest of each of {@code 2^bits} uuid buckets: {@code [count0, digest0, count1, digest1, ...]}. */
    static long[] buckets(Connection c, ResourceType type, int bits) throws SQLException {
        long[] out = new long[2 << bits];
        each(c, type, item -> {
            int b = SharedItem.bucket(item.uuid(), bits);
            out[2 * b]++;
            out[2 * b + 1] += item.digest();
        });
        return out;
    }

    /** The items in the given buckets (each of {@code 2^bits}): one scan of the type, as buckets are hashes of the uuid. */
    static List<SharedItem> inBuckets(Connection c, ResourceType type, int bits, List<Integer> buckets) throws SQLException {
        java.util.BitSet wanted = new java.util.BitSet(1 << bits);
        buckets.forEach(wanted::set);
        List<SharedItem> out = new ArrayList<>();
        each(c, type, item -> {
            if (wanted.get(SharedItem.bucket(item.uuid(), bits))) {
                out.add(item);
            }
        });
        return out;
    }
}
