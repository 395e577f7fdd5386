package io.tidemark.engine.store.sync;

import io.tidemark.engine.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;

/**
 * How far this device has pulled each peer's shared change log: the seq, in that peer's log, through
 * which every change is applied to library.db and appended to this device's log. It is written in
 * the same sync.db transaction as those appends, after library.db committed the changes, so a crash
 * in between makes the next pull fetch them once more, which applying tolerates.
 */
public final class PulledSeqStore {

    private static final String SELECT = "SELECT seq FROM shared_pulled WHERE source = ?";
    private static final String UPSERT = "INSERT INTO shared_pulled (source, seq, updated_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (source) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at";

    private final Database db;
    private final Clock clock;

    PulledSeqStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The seq of {@code source}'s log pulled through; 0 if nothing was pulled from it yet. */
    public long get(byte[] source) {
        byte[] id = SqlValues.peerId(source, "source");
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT)) {
                ps.setBytes(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /**
     * Sets the position in {@code source}'s log, inside the caller's transaction. It may move back:
     * a source whose log restarted (its sync.db was replaced) answers with a snapshot that ends at
     * its new, lower head.
     */
    public void set(Connection c, byte[] source, long seq) throws SQLException {
        byte[] id = SqlValues.peerId(source, "source");
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative: " + seq);
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setBytes(1, id);
            ps.setLong(2, seq);
            ps.setLong(3, clock.millis());
            ps.executeUpdate();
        }
    }
}
