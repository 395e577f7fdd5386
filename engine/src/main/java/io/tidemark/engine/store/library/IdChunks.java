package io.tidemark.engine.store.library;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Runs one statement over many ids, {@value #CHUNK} ids per execution: the bulk deletes of a cascade.
 * For the same reason as {@link BatchWrite}'s multi-row inserts: each execution re-seeks SQLite's
 * cursors from the root, so one statement per row would spend most of its time doing that.
 */
final class IdChunks {
    /** Ids per statement; with up to 4 parameters per id well below SQLite's 32,766-parameter limit. */
    static final int CHUNK = 500;

    /** Binds the parameters that come before the ids and returns the index of the first id's parameter. */
    @FunctionalInterface
    interface Leading {
        int bind(PreparedStatement ps) throws SQLException;
    }

    private IdChunks() {
    }

    /** "(?), (?), ..." or "?, ?, ..." : {@code n} copies of {@code each} joined by commas. */
    static String placeholders(int n, String each) {
        StringBuilder sb = new StringBuilder(n * (each.length() + 2));
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(each);
        }
        return sb.toString();
    }

    /** Reads one row a statement returned. */
    @FunctionalInterface
    interface Rows {
        void row(java.sql.ResultSet rs) throws SQLException;
    }

    /**
     * Executes {@code sql.apply(k)} (a statement with {@code k} id parameters after the leading ones)
     * once per chunk of {@code ids}.
     *
     * @return the sum of the update counts
     */
    static int update(Connection c, List<UUID> ids, IntFunction<String> sql, Leading leading) throws SQLException {
        int[] total = {0};
        run(c, ids, sql, leading, ps -> total[0] += ps.executeUpdate());
        return total[0];
    }

    /** {@link #update} for a statement that returns rows (a query, or a write with RETURNING). */
    static void query(Connection c, List<UUID> ids, IntFunction<String> sql, Leading leading, Rows rows) throws SQLException {
        run(c, ids, sql, leading, ps -> {
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.row(rs);
                }
            }
        });
    }

    @FunctionalInterface
    private interface Execution {
        void execute(PreparedStatement ps) throws SQLException;
    }

    private static void run(Connection c, List<UUID> ids, IntFunction<String> sql, Leading leading, Execution execution)
            throws SQLException {
        PreparedStatement full = null;
        try {
            for (int start = 0; start < ids.size(); start += CHUNK) {
                List<UUID> chunk = ids.subList(start, Math.min(ids.size(), start + CHUNK));
                boolean isFull = chunk.size() == CHUNK;
                if (isFull && full == null) {
                    full = c.prepareStatement(sql.apply(CHUNK));
                }
                PreparedStatement ps = isFull ? full : c.prepareStatement(sql.apply(chunk.size()));
                try {
                    int i = leading.bind(ps);
                    for (UUID id : chunk) {
                        Sql.setId(ps, i++, id);
                    }
                    execution.execute(ps);
                } finally {
                    if (!isFull) {
                        ps.close();
                    }
                }
            }
        } finally {
            if (full != null) {
                full.close();
            }
        }
    }
}
