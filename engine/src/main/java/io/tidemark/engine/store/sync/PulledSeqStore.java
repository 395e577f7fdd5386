package io.tidemark.engine.store.sync;

import io.tidemark.engine.model.LogIncarnation;
import io.tidemark.engine.model.LogPosition;
import io.tidemark.engine.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;

/**
 * How far this device has pulled each peer's shared change log: the position (incarnation, seq) in
 * that peer's log through which every change is applied to library.db and appended to this device's
 * log. It is written in the same sync.db transaction as those appends, after library.db committed
 * the changes, so a crash in between makes the next pull fetch them once more, which applying
 * tolerates. The incarnation is what makes the seq mean something: a peer whose log went back
 * hands out the same seqs again under another incarnation. Positions kept from before incarnations
 * read as {@link LogIncarnation#UNKNOWN}.
 */
public final class PulledSeqStore {

    private static final String SELECT = "SELECT incarnation, seq FROM shared_pulled WHERE source = ?";
    private static final String UPSERT = "INSERT INTO shared_pulled (source, incarnation, seq, updated_at) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (source) DO UPDATE SET incarnation = excluded.incarnation, seq = excluded.seq,"
            + " updated_at = excluded.updated_at";

    private final Database db;
    private final Clock clock;

    PulledSeqStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The position in {@code source}'s log pulled through; {@link LogPosition#START} if nothing was pulled from it yet. */
    public LogPosition get(byte[] source) {
        byte[] id = SqlValues.peerId(source, "source");
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT)) {
                ps.setBytes(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new LogPosition(new LogIncarnation(rs.getLong(1)), rs.getLong(2)) : LogPosition.START;
                }
            }
        });
    }

    /**
     * Sets the position in {@code source}'s log, inside the caller's transaction. It may move back,
     * and to another incarnation: a source whose log went back answers with a snapshot that ends at
     * its head, in its new incarnation.
     */
    public void set(Connection c, byte[] source, LogPosition position) throws SQLException {
        byte[] id = SqlValues.peerId(source, "source");
        Objects.requireNonNull(position, "position");
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setBytes(1, id);
            ps.setLong(2, position.incarnation().value());
            ps.setLong(3, position.seq());
            ps.setLong(4, clock.millis());
            ps.executeUpdate();
        }
    }
}
