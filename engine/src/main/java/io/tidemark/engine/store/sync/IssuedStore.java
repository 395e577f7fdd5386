package io.tidemark.engine.store.sync;

import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The highest version and stamp this device has issued per type of its own records, and the range of
 * versions a restore of library.db lost. It lives in sync.db so that it survives library.db going
 * back to an older copy: then library.db's own counters are below it, and new writes must not reuse
 * versions or stamps that members already hold.
 */
public final class IssuedStore {
    /**
     * What was issued of one type. {@code lostFrom..lostTo} (inclusive; both 0 if none) are versions
     * issued before a restore that library.db no longer holds: not known to be deleted, so never
     * named as absent to a member; members hold them, and give them back.
     */
    public record Issued(long maxVersion, long maxStamp, long lostFrom, long lostTo) {
        public static final Issued NONE = new Issued(0, 0, 0, 0);

        public boolean lost(long version) {
            return lostTo > 0 && version >= lostFrom && version <= lostTo;
        }
    }

    private static final String SELECT = "SELECT max_version, max_stamp, lost_from, lost_to FROM own_issued WHERE resource_type = ?";
    private static final String RAISE = "INSERT INTO own_issued (resource_type, max_version, max_stamp) VALUES (?, ?, ?)"
            + " ON CONFLICT (resource_type) DO UPDATE SET max_version = max(max_version, excluded.max_version),"
            + " max_stamp = max(max_stamp, excluded.max_stamp)";
    private static final String LOST = "UPDATE own_issued SET lost_from = CASE WHEN lost_to = 0 THEN ? ELSE min(lost_from, ?) END,"
            + " lost_to = max(lost_to, ?) WHERE resource_type = ?";

    private final Database db;

    IssuedStore(Database db) {
        this.db = db;
    }

    public Issued get(ResourceType type) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT)) {
                ps.setString(1, type.wireName());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Issued(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)) : Issued.NONE;
                }
            }
        });
    }

    /** Raises what was issued of {@code type} to at least {@code version} and {@code stamp}; never lowers it. */
    public void raise(ResourceType type, long version, long stamp) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(RAISE)) {
                ps.setString(1, type.wireName());
                ps.setLong(2, version);
                ps.setLong(3, stamp);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Remembers that versions {@code from..to} of {@code type} were lost by a restore (widening an earlier range). */
    public void lost(ResourceType type, long from, long to) {
        if (from < 1 || to < from) {
            throw new IllegalArgumentException("not a range of versions: " + from + ".." + to);
        }
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(LOST)) {
                ps.setLong(1, from);
                ps.setLong(2, from);
                ps.setLong(3, to);
                ps.setString(4, type.wireName());
                ps.executeUpdate();
            }
            return null;
        });
    }
}
