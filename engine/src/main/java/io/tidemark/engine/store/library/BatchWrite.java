package io.tidemark.engine.store.library;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one write path of every table: a batch is first inserted with {@code ON CONFLICT DO NOTHING}
 * (so each row's update count says whether it is new), then the rows that already existed are
 * updated where ours is older. Knowing which rows are new lets the per-(owner, type) counts be
 * adjusted once per batch in the same transaction.
 */
final class BatchWrite<R> {

    /** Binds one row's parameters. */
    @FunctionalInterface
    interface Binder<R> {
        void bind(PreparedStatement ps, R record) throws SQLException;
    }

    /** Rows written (inserted or updated), and the inserted ones per owner (null for shared types). */
    record Outcome(int written, Map<UUID, Integer> insertedPerOwner) {
    }

    private final String insertSql;
    private final String updateSql;
    private final Binder<R> insertBinder;
    private final Binder<R> updateBinder;

    BatchWrite(String insertSql, Binder<R> insertBinder, String updateSql, Binder<R> updateBinder) {
        this.insertSql = insertSql;
        this.insertBinder = insertBinder;
        this.updateSql = updateSql;
        this.updateBinder = updateBinder;
    }

    interface OwnerOf<R> {
        UUID owner(R record);
    }

    Outcome run(Connection c, List<R> records, OwnerOf<R> ownerOf) throws SQLException {
        Map<UUID, Integer> inserted = new HashMap<>();
        List<R> existing = new ArrayList<>();
        int written = 0;
        try (PreparedStatement ps = c.prepareStatement(insertSql)) {
            for (R r : records) {
                insertBinder.bind(ps, r);
                ps.addBatch();
            }
            int[] changed = ps.executeBatch();
            for (int i = 0; i < changed.length; i++) {
                if (changed[i] > 0) {
                    inserted.merge(ownerOf.owner(records.get(i)), 1, Integer::sum);
                    written++;
                } else {
                    existing.add(records.get(i));
                }
            }
        }
        if (!existing.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(updateSql)) {
                for (R r : existing) {
                    updateBinder.bind(ps, r);
                    ps.addBatch();
                }
                for (int n : ps.executeBatch()) {
                    written += Math.max(n, 0);
                }
            }
        }
        return new Outcome(written, inserted);
    }
}
