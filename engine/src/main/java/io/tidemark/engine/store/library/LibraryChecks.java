package io.tidemark.engine.store.library;

import io.tidemark.engine.clock.ClockSkewException;
import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.Counted;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Integrity checks over library.db, used by {@code tidemark doctor}. Each returns plain findings. */
public final class LibraryChecks {
    private LibraryChecks() {
    }

    /** One check's outcome: {@code ok} false means something is wrong; {@code detail} says what, in words. */
    public record Finding(String check, boolean ok, String detail) {
    }

    /** Runs every check on one read snapshot. */
    public static List<Finding> run(LibraryStore store) {
        List<Finding> findings = new ArrayList<>();
        findings.add(integrity(store.database(), "library.db"));
        findings.addAll(store.read(c -> {
            List<Finding> found = new ArrayList<>();
            found.add(references(c));
            found.addAll(countAgreement(c));
            found.add(clock(c, store.identity().deviceId(), store.clock()));
            return found;
        }));
        return findings;
    }

    /** SQLite's structural check of one file. */
    public static Finding integrity(io.tidemark.engine.store.Database db, String name) {
        List<String> problems = db.quickCheck();
        return new Finding(name + " integrity", problems.isEmpty(),
                problems.isEmpty() ? "the file is intact" : String.join("; ", problems));
    }

    /** Rows that reference a row this library does not hold (declared references, checked by SQLite). */
    static Finding references(Connection c) throws SQLException {
        StringBuilder detail = new StringBuilder();
        long total = 0;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"table\", parent, count(*) FROM pragma_foreign_key_check GROUP BY 1, 2 ORDER BY 1, 2")) {
            while (rs.next()) {
                long n = rs.getLong(3);
                total += n;
                detail.append(rows(rs.getString(1), n)).append(n == 1 ? " refers" : " refer")
                        .append(" to a missing ").append(rs.getString(2).replace('_', ' ')).append("; ");
            }
        }
        return new Finding("references (orphans)", total == 0,
                total == 0 ? "every reference points at a row this library holds" : detail.toString().trim());
    }

    /**
     * For every owner and type: the maintained count, the count query and the rows the paging query
     * returns must be the same number. They share one owner filter; this proves it.
     */
    static List<Finding> countAgreement(Connection c) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        for (ResourceType type : ResourceType.values()) {
            if (type.deviceOwned()) {
                OwnedTable<? extends OwnedRecord> table = Tables.owned(type);
                for (UUID owner : owners(c, type)) {
                    long maintained = maintained(c, Ids.toBytes(owner), type);
                    long queried = table.countByQuery(c, owner);
                    long paged = pagedCount(c, table, owner);
                    boolean ok = maintained == queried && queried == paged;
                    findings.add(new Finding("counts of " + type.plural() + " from " + ownerName(c, owner), ok,
                            ok ? type.counted(paged) + ": count, query and paging agree"
                                    : String.format("maintained count %,d, count query %,d, paging %,d disagree", maintained, queried, paged)));
                }
            } else {
                io.tidemark.engine.model.KeySummary maintained = KeySummaries.read(c, null, type);
                io.tidemark.engine.model.KeySummary scanned = SharedItems.scan(c, type);
                long queried = Tables.shared(type).countByQuery(c);
                boolean ok = maintained.sameAs(scanned) && scanned.rows() == queried;
                findings.add(new Finding("counts of shared " + type.plural(), ok,
                        ok ? type.counted(queried) + " and " + Counted.of(scanned.deleted(), "delete", "deletes")
                                + ": count, digest and query agree"
                                : String.format("maintained %,d rows and %,d deletes (digest %s), but %,d rows and %,d deletes"
                                        + " (digest %s) are held", maintained.rows(), maintained.deleted(),
                                        io.tidemark.engine.model.KeyDigest.hex(maintained.digest()), scanned.rows(),
                                        scanned.deleted(), io.tidemark.engine.model.KeyDigest.hex(scanned.digest()))));
            }
        }
        return findings;
    }

    private static long pagedCount(Connection c, OwnedTable<? extends OwnedRecord> table, UUID owner) throws SQLException {
        long n = 0;
        Cursor after = Cursor.START;
        while (true) {
            List<? extends OwnedRecord> page = table.page(c, owner, after, 10_000);
            if (page.isEmpty()) {
                return n;
            }
            n += page.size();
            after = page.get(page.size() - 1).cursor();
        }
    }

    /** "entry" rows counted in words ("1 entry", "2 entries"); a table that is no resource type by its own name. */
    private static String rows(String table, long n) {
        try {
            return ResourceType.fromWireName(table).counted(n);
        } catch (IllegalArgumentException notAType) {
            return Counted.of(n, table + " row", table + " rows");
        }
    }

    /** The name of the device {@code owner}, as its device record gives it, or its id's first part where this library holds none. */
    public static String ownerName(Connection c, UUID owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM device WHERE uuid = ?")) {
            ps.setBytes(1, Ids.toBytes(owner));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "device " + owner.toString().substring(0, 8);
            }
        }
    }

    private static Set<UUID> owners(Connection c, ResourceType type) throws SQLException {
        Set<UUID> owners = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT owner FROM record_count WHERE type = ? AND length(owner) = 16 UNION SELECT DISTINCT owner FROM " + type.table())) {
            ps.setString(1, type.wireName());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    owners.add(Ids.fromBytes(rs.getBytes(1)));
                }
            }
        }
        return owners;
    }

    private static long maintained(Connection c, byte[] owner, ResourceType type) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT n FROM record_count WHERE owner = ? AND type = ?")) {
            ps.setBytes(1, owner);
            ps.setString(2, type.wireName());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * The persisted clock must be at or after every stamp this device wrote. Ahead of the system time
     * is no fault (a hybrid logical clock runs ahead after it merged a stamp from a clock that ran
     * ahead, and falls back as the system time catches up), so it is said, not flagged; only a stamp
     * implausibly far ahead (by {@link HybridLogicalClock#requirePlausible}'s rule) is a problem.
     */
    static Finding clock(Connection c, UUID device, HybridLogicalClock clock) throws SQLException {
        long last;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT last_stamp FROM clock")) {
            last = rs.next() ? rs.getLong(1) : 0;
        }
        long maxOwn = 0;
        for (ResourceType type : ResourceType.values()) {
            if (!type.deviceOwned()) {
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT max(stamp) FROM " + type.table() + " WHERE " + OwnedTable.OWNER_FILTER)) {
                Sql.setId(ps, 1, device);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        maxOwn = Math.max(maxOwn, rs.getLong(1));
                    }
                }
            }
        }
        HlcTimestamp lastHlc = HlcTimestamp.fromPacked(last);
        if (last < maxOwn) {
            return new Finding("clock", false, "the saved clock " + lastHlc + " is behind this device's newest row "
                    + HlcTimestamp.fromPacked(maxOwn) + "; new rows could repeat a stamp");
        }
        try {
            clock.requirePlausible(lastHlc);
        } catch (ClockSkewException e) {
            return new Finding("clock", false, "the saved clock: " + e.getMessage()
                    + "; new stamps follow it, so set the system time right and restore library.db from a member or a backup");
        }
        long ahead = lastHlc.physicalMillis() - clock.wallMillis();
        String standing = ahead > clock.maxDrift().toMillis()
                ? ", " + Counted.span(ahead) + " ahead of the system time: stamps merged from a clock that ran ahead;"
                        + " harmless, it falls back as the system time catches up"
                : "";
        return new Finding("clock", true, "last stamp " + lastHlc + " covers every row this device wrote" + standing);
    }
}
