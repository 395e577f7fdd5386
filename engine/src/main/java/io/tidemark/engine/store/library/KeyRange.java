package io.tidemark.engine.store.library;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.KeySummary;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.Tombstone;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongPredicate;

/**
 * One owner's records of one type, rows and deletes, up to a cursor ({@code upTo}; null: all of
 * them). Everything that says what a device holds of an owner goes through here: the summary that is
 * exchanged, the pages that are served, the versions a recovery compares and the records it fetches
 * are all built from {@link OwnedTable#OWNER_FILTER} and this one range, so the count that reports
 * a gap and the query that repairs it cannot disagree about which records they mean. (In the
 * reference system they did, and its recovery moved nothing.)
 */
public final class KeyRange {
    /** One held version, row or delete. */
    @FunctionalInterface
    public interface VersionSink {
        void held(UUID uuid, long version, boolean deleted) throws SQLException;
    }

    private final OwnedTable<?> table;
    private final UUID owner;
    private final Cursor upTo;

    KeyRange(OwnedTable<?> table, UUID owner, Cursor upTo) {
        this.table = table;
        this.owner = owner;
        this.upTo = upTo;
    }

    public static KeyRange of(ResourceType type, UUID owner, Cursor upTo) {
        return new KeyRange(Tables.owned(type), owner, upTo);
    }

    public ResourceType type() {
        return table.type();
    }

    public UUID owner() {
        return owner;
    }

    public Cursor upTo() {
        return upTo;
    }

    private String capped(String sql) {
        return upTo == null ? sql : sql + " AND (stamp, uuid) <= (?, ?)";
    }

    private int bindCap(PreparedStatement ps, int index) throws SQLException {
        if (upTo != null) {
            ps.setLong(index++, upTo.stamp());
            Sql.setId(ps, index++, upTo.uuid());
        }
        return index;
    }

    /** What this range holds: the maintained summary for the whole key, a scan for a capped range. */
    public KeySummary summary(Connection c) throws SQLException {
        return upTo == null ? KeySummaries.read(c, owner, table.type()) : KeySummaries.scanRange(c, this);
    }

    /** Every version held in this range, rows then deletes, in no particular order. */
    public void eachVersion(Connection c, VersionSink sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(capped("SELECT uuid, version FROM " + table.type().table()
                + " WHERE " + OwnedTable.OWNER_FILTER))) {
            Sql.setId(ps, 1, owner);
            bindCap(ps, 2);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.held(Sql.getId(rs, 1), rs.getLong(2), false);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(capped("SELECT uuid, version FROM tombstone WHERE "
                + OwnedTable.OWNER_FILTER + " AND type = ?"))) {
            Sql.setId(ps, 1, owner);
            ps.setString(2, table.type().wireName());
            bindCap(ps, 3);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.held(Sql.getId(rs, 1), rs.getLong(2), true);
                }
            }
        }
    }

    /**
     * Up to {@code limit} of this range's changes after {@code after}, rows and deletes merged in
     * {@code (stamp, uuid)} order: the page a puller gets.
     */
    public LibraryStore.OwnedChanges page(Connection c, Cursor after, int limit, boolean countRemaining) throws SQLException {
        if (upTo != null && upTo.compareTo(after) <= 0) {
            return new LibraryStore.OwnedChanges(List.of(), List.of(), after, 0);
        }
        List<? extends OwnedRecord> rows = table.page(c, owner, after, limit);
        List<Tombstone> deletes = TombstoneSql.page(c, table.type(), owner, after, limit);
        List<OwnedRecord> records = new ArrayList<>();
        List<Tombstone> deleted = new ArrayList<>();
        int r = 0;
        int d = 0;
        Cursor last = after;
        while (records.size() + deleted.size() < limit && (r < rows.size() || d < deletes.size())) {
            boolean takeRow = d >= deletes.size()
                    || (r < rows.size() && rows.get(r).cursor().compareTo(deletes.get(d).cursor()) < 0);
            Cursor next = takeRow ? rows.get(r).cursor() : deletes.get(d).cursor();
            if (upTo != null && next.compareTo(upTo) > 0) {
                break;
            }
            if (takeRow) {
                records.add(rows.get(r++));
            } else {
                deleted.add(deletes.get(d++));
            }
            last = next;
        }
        if (!countRemaining) {
            return new LibraryStore.OwnedChanges(records, deleted, last, -1);
        }
        long remaining = table.countAfter(c, owner, last) + TombstoneSql.countAfter(c, table.type(), owner, last);
        if (upTo != null) {
            remaining -= table.countAfter(c, owner, upTo) + TombstoneSql.countAfter(c, table.type(), owner, upTo);
        }
        return new LibraryStore.OwnedChanges(records, deleted, last, Math.max(0, remaining));
    }

    /** How many records one scan step of {@link #select} reads. */
    private static final int SCAN = 2_000;

    /**
     * Up to {@code limit} of this range's changes after {@code after} whose version {@code wanted}
     * accepts, in cursor order: what a recovery sends. {@code last} is where the scan stopped (the
     * next call continues after it); {@code remaining} is 0 once the range is done, else -1.
     */
    public LibraryStore.OwnedChanges select(Connection c, Cursor after, int limit, LongPredicate wanted) throws SQLException {
        List<OwnedRecord> records = new ArrayList<>();
        List<Tombstone> deleted = new ArrayList<>();
        Cursor at = after;
        while (records.size() + deleted.size() < limit) {
            LibraryStore.OwnedChanges page = page(c, at, SCAN, false);
            if (page.isEmpty()) {
                return new LibraryStore.OwnedChanges(records, deleted, at, 0);
            }
            // Merged back into cursor order, so "stopped at" is exact when the limit cuts a page.
            List<Object> merged = new ArrayList<>(page.size());
            int r = 0;
            int d = 0;
            while (r < page.records().size() || d < page.deleted().size()) {
                boolean takeRow = d >= page.deleted().size() || (r < page.records().size()
                        && page.records().get(r).cursor().compareTo(page.deleted().get(d).cursor()) < 0);
                merged.add(takeRow ? page.records().get(r++) : page.deleted().get(d++));
            }
            for (Object o : merged) {
                if (records.size() + deleted.size() >= limit) {
                    return new LibraryStore.OwnedChanges(records, deleted, at, -1);
                }
                if (o instanceof OwnedRecord rec) {
                    if (wanted.test(rec.version())) {
                        records.add(rec);
                    }
                    at = rec.cursor();
                } else {
                    Tombstone t = (Tombstone) o;
                    if (wanted.test(t.version())) {
                        deleted.add(t);
                    }
                    at = t.cursor();
                }
            }
        }
        return new LibraryStore.OwnedChanges(records, deleted, at, -1);
    }
}
