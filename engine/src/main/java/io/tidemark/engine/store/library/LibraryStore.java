package io.tidemark.engine.store.library;

import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.KeySummary;
import io.tidemark.engine.model.VersionSet;
import io.tidemark.engine.model.LibraryIdentity;
import io.tidemark.engine.model.LogIncarnation;
import io.tidemark.engine.model.LogPosition;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.RecordCount;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SharedVersion;
import io.tidemark.engine.model.SnapshotPosition;
import io.tidemark.engine.model.SyncOrder;
import io.tidemark.engine.model.Tombstone;
import io.tidemark.engine.store.Database;
import io.tidemark.engine.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * library.db of one home: the domain rows of every member device, and this device's clock.
 *
 * <p>Local writes go through {@link #writeLocal}, which stamps the transaction at commit time.
 * Records pulled from peers go through {@link #applyOwned} with the stamps their owners gave them,
 * shared changes through {@link #applyShared} with their HLCs and origins.
 */
public final class LibraryStore implements AutoCloseable {

    private final Database db;
    private final HybridLogicalClock clock;
    private volatile LibraryIdentity identity;
    private final List<Runnable> commitListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private LibraryStore(Database db, HybridLogicalClock clock, LibraryIdentity identity) {
        this.db = db;
        this.clock = clock;
        this.identity = identity;
    }

    /** Work inside a local write transaction. */
    @FunctionalInterface
    public interface LocalWork<T> {
        T run(LocalTransaction tx) throws SQLException;
    }

    /** Creates a new library with this device as its first member. Refuses a file that already holds a library. */
    public static LibraryStore create(Path file, String libraryName, DeviceRecord thisDevice, HybridLogicalClock clock) {
        Database db = Database.open(file, LibrarySchema.schema(), true);
        try {
            LibraryIdentity identity = db.write(c -> {
                if (readIdentity(c) != null) {
                    throw new StoreException(file + " already holds a library; nothing was changed.");
                }
                LibraryIdentity id = new LibraryIdentity(Ids.newId(), libraryName, thisDevice.uuid());
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO library (singleton, id, name, this_device, created_at) VALUES (1, ?, ?, ?, ?)")) {
                    Sql.setId(ps, 1, id.libraryId());
                    ps.setString(2, id.libraryName());
                    Sql.setId(ps, 3, id.deviceId());
                    ps.setLong(4, System.currentTimeMillis());
                    ps.executeUpdate();
                }
                return id;
            });
            LibraryStore store = new LibraryStore(db, clock, identity);
            store.writeLocal(tx -> {
                tx.put(thisDevice);
                return null;
            });
            return store;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Opens an existing library. */
    public static LibraryStore open(Path file, HybridLogicalClock clock) {
        Database db = Database.open(file, LibrarySchema.schema(), false);
        try {
            LibraryIdentity identity = db.read(LibraryStore::readIdentity);
            if (identity == null) {
                throw new StoreException(file + " holds no library yet. Run 'tidemark init' first.");
            }
            long last = db.read(LibraryStore::lastStamp);
            clock.observe(HlcTimestamp.fromPacked(last));
            db.write(c -> {
                KeySummaries.rebuildIfAsked(c);
                return null;
            });
            return new LibraryStore(db, clock, identity);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static LibraryIdentity readIdentity(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, name, this_device FROM library WHERE singleton = 1")) {
            return rs.next() ? new LibraryIdentity(Sql.getId(rs, 1), rs.getString(2), Sql.getId(rs, 3)) : null;
        }
    }

    private static long lastStamp(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT last_stamp FROM clock WHERE singleton = 1")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    public LibraryIdentity identity() {
        return identity;
    }

    /**
     * Makes this home a member of the library {@code libraryId} it just joined. Allowed only while the
     * home holds nothing but this device's own record: a library with data never silently merges
     * into another.
     *
     * @throws IllegalStateException with a message for the user otherwise
     */
    public void adoptLibrary(UUID libraryId, String libraryName) {
        identity = db.write(c -> {
            UUID self = identity.deviceId();
            for (RecordCount count : counts(c)) {
                boolean ownDeviceRecord = count.type() == ResourceType.DEVICE && self.equals(count.owner()) && count.count() == 1;
                if (!ownDeviceRecord) {
                    throw new IllegalStateException("This home already belongs to the library \"" + identity.libraryName()
                            + "\" and holds its data (" + count.count() + " " + count.type().wireName()
                            + " rows); use a new, empty home to join another library.");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE library SET id = ?, name = ? WHERE singleton = 1")) {
                Sql.setId(ps, 1, libraryId);
                ps.setString(2, libraryName);
                ps.executeUpdate();
            }
            return new LibraryIdentity(libraryId, libraryName, self);
        });
    }

    public HybridLogicalClock clock() {
        return clock;
    }

    public Path file() {
        return db.file();
    }

    /**
     * Runs {@code work} in one write transaction stamped at commit time: the stamp is taken after the
     * write lock is held, from the HLC merged with the last stamp any process issued for this file, and
     * persisted in the same transaction. So stamps are unique and increasing across processes and
     * restarts, and no row can commit behind a stamp a reader has already seen.
     */
    public <T> T writeLocal(LocalWork<T> work) {
        T result = writeLocalTransaction(work);
        for (Runnable listener : commitListeners) {
            listener.run();
        }
        return result;
    }

    /**
     * Runs {@code listener} after every local commit made through this store (on the committing
     * thread, so it must only hand off). Commits by other processes are not seen here; a sync engine
     * also watches the clock row for those.
     */
    public void onLocalCommit(Runnable listener) {
        commitListeners.add(listener);
    }

    /** The last stamp any process issued for this file: moves on every local commit, by any process. */
    public long lastLocalStamp() {
        return db.read(LibraryStore::lastStamp);
    }

    private <T> T writeLocalTransaction(LocalWork<T> work) {
        return db.write(c -> {
            clock.observe(HlcTimestamp.fromPacked(lastStamp(c)));
            long stamp = clock.tick().packed();
            try (PreparedStatement ps = c.prepareStatement("UPDATE clock SET last_stamp = ? WHERE singleton = 1")) {
                ps.setLong(1, stamp);
                ps.executeUpdate();
            }
            LocalTransaction tx = new LocalTransaction(c, identity.deviceId(), stamp);
            T result = work.run(tx);
            tx.flush();
            return result;
        });
    }

    /** What an apply did. {@code applied} rows were written; the rest were older than what we hold or tombstoned. */
    public record ApplyResult(int applied, int skipped) {
    }

    /**
     * Applies records pulled from peers, each with its owner's stamp, in one transaction: a record
     * replaces ours only if its stamp is newer, and never comes back over a newer tombstone.
     */
    public ApplyResult applyOwned(List<? extends OwnedRecord> records) {
        return applyChanges(records, List.of());
    }

    @SuppressWarnings("unchecked")
    private static <R extends OwnedRecord> int applyOwned(Connection c, OwnedTable<R> table, List<OwnedRecord> records,
                                                          KeySummaries.Delta delta) throws SQLException {
        return table.apply(c, (List<R>) (List<?>) records, delta);
    }

    /**
     * Applies received versions of shared records, rows and deletes, in one transaction: for each
     * record the greatest (hlc, origin) wins and a delete beats a row of the same HLC, whatever the
     * order they arrive in, so every device ends with the same rows. The clock (and the persisted
     * last stamp, which other processes read) moves past the newest HLC applied: a local write made
     * after seeing a change is newer than it, as last-writer-wins needs.
     *
     * @return applied: rows written or removed; skipped: versions older than what we hold
     */
    public ApplyResult applyShared(List<SharedVersion> versions) {
        if (versions.isEmpty()) {
            return new ApplyResult(0, 0);
        }
        // Of several versions of one row in a batch only the winner can change it.
        Map<UUID, SharedVersion> puts = new java.util.LinkedHashMap<>();
        Map<UUID, SharedVersion> deletes = new java.util.LinkedHashMap<>();
        long newest = 0;
        for (SharedVersion v : versions) {
            (v.isDelete() ? deletes : puts).merge(v.uuid(), v, (a, b) -> SharedVersion.ORDER.compare(a, b) >= 0 ? a : b);
            newest = Math.max(newest, v.hlc());
        }
        long observed = newest;
        ApplyResult result = db.write(c -> {
            int applied = 0;
            KeySummaries.Delta delta = new KeySummaries.Delta();
            Map<ResourceType, List<SharedVersion>> byType = LibraryStore.byType(new ArrayList<>(puts.values()), SharedVersion::type);
            for (Map.Entry<ResourceType, List<SharedVersion>> batch : byType.entrySet()) {
                applied += Tables.shared(batch.getKey()).apply(c, batch.getValue(), delta);
            }
            for (SharedVersion d : deletes.values()) {
                if (Tables.shared(d.type()).delete(c, d.uuid(), d.hlc() + 1, delta)) {
                    applied++;
                }
            }
            TombstoneSql.keepShared(c, new ArrayList<>(deletes.values()), delta);
            delta.apply(c);
            try (PreparedStatement ps = c.prepareStatement("UPDATE clock SET last_stamp = max(last_stamp, ?) WHERE singleton = 1")) {
                ps.setLong(1, observed);
                ps.executeUpdate();
            }
            return new ApplyResult(applied, versions.size() - applied);
        });
        clock.observe(HlcTimestamp.fromPacked(observed));
        return result;
    }

    /**
     * Shared changes last written by {@code origin} after {@code after}, rows and deletes merged in
     * (hlc, uuid) order, read in one snapshot: how the tailer finds this device's own changes. A row
     * overwritten since by another device no longer counts as this device's: the newer version is
     * logged where it came from.
     */
    public List<SharedVersion> sharedChangesBy(UUID origin, Cursor after, int limit) {
        return db.read(c -> {
            List<SharedVersion> all = new ArrayList<>();
            for (ResourceType type : SyncOrder.shared()) {
                all.addAll(Tables.shared(type).changedSince(c, origin, after.stamp(), after.uuid(), limit));
            }
            all.addAll(TombstoneSql.sharedBy(c, origin, after, limit));
            all.sort(java.util.Comparator.comparingLong(SharedVersion::hlc).thenComparing(SharedVersion::uuid, Cursor::compareIds));
            return List.copyOf(all.subList(0, Math.min(limit, all.size())));
        });
    }

    /**
     * One page of a snapshot of the shared resources: current rows, then deletes.
     *
     * @param next      where the next page starts, or null when the snapshot is complete
     * @param remaining how many rows and deletes come after this page
     */
    public record SharedSnapshot(List<SharedVersion> versions, SnapshotPosition next, long remaining) {
        public SharedSnapshot {
            versions = List.copyOf(versions);
        }
    }

    /** Up to {@code limit} rows and deletes of the shared resources from {@code from} on, read in one snapshot. */
    public SharedSnapshot sharedSnapshot(SnapshotPosition from, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        return db.read(c -> {
            List<SharedVersion> out = new ArrayList<>();
            SnapshotPosition at = from;
            while (at != null && out.size() < limit) {
                int wanted = limit - out.size();
                List<SharedVersion> got = at.inDeletes()
                        ? TombstoneSql.sharedPage(c, new Cursor(at.stamp(), at.uuid()), wanted)
                        : Tables.shared(at.type()).versions(c, at.uuid(), wanted);
                out.addAll(got);
                if (got.size() < wanted) {
                    at = at.inDeletes() ? null : at.nextSection();
                } else {
                    SharedVersion last = got.get(got.size() - 1);
                    at = new SnapshotPosition(at.type(), at.inDeletes() ? last.hlc() : 0, last.uuid());
                }
            }
            return new SharedSnapshot(out, at, at == null ? 0 : snapshotRemaining(c, at));
        });
    }

    private static long snapshotRemaining(Connection c, SnapshotPosition at) throws SQLException {
        if (at.inDeletes()) {
            return TombstoneSql.sharedCountAfter(c, new Cursor(at.stamp(), at.uuid()));
        }
        long n = Tables.shared(at.type()).countAfter(c, at.uuid());
        for (SnapshotPosition s = at.nextSection(); !s.inDeletes(); s = s.nextSection()) {
            n += maintainedCount(c, null, s.type());
        }
        return n + TombstoneSql.sharedCountAfter(c, Cursor.START);
    }

    /** What this library holds of shared {@code type}, rows and deletes, as maintained with every write. */
    public KeySummary sharedSummary(ResourceType type) {
        return db.read(c -> KeySummaries.read(c, null, type));
    }

    /** {@link #sharedSummary} computed from the rows and deletes themselves: for checks. */
    public KeySummary scannedSharedSummary(ResourceType type) {
        return db.read(c -> SharedItems.scan(c, type));
    }

    /**
     * Count and digest of each of the {@code 2^bits} uuid ranges of shared {@code type}, as
     * {@code [count0, digest0, count1, digest1, ...]}: where two libraries' shared state differs.
     */
    public long[] sharedBuckets(ResourceType type, int bits) {
        requireBits(bits);
        return db.read(c -> SharedItems.buckets(c, type, bits));
    }

    /** The versions (no data) this library holds of shared {@code type} in the given buckets of {@code 2^bits}. */
    public List<io.tidemark.engine.model.SharedItem> sharedItems(ResourceType type, int bits, List<Integer> buckets) {
        requireBits(bits);
        return db.read(c -> SharedItems.inBuckets(c, type, bits, buckets));
    }

    /** The most uuid bits a bucket request may split by (65,536 buckets). */
    public static final int MAX_BUCKET_BITS = 16;

    private static void requireBits(int bits) {
        if (bits < 0 || bits > MAX_BUCKET_BITS) {
            throw new IllegalArgumentException("bucket bits must be within 0.." + MAX_BUCKET_BITS + ", got " + bits);
        }
    }

    /**
     * The versions this library holds of {@code items} of shared {@code type}, with their data: the
     * row where an item is a row, the delete where it is one (what a peer lacks, read in one snapshot).
     */
    public List<SharedVersion> sharedVersionsOf(ResourceType type, List<io.tidemark.engine.model.SharedItem> items) {
        List<UUID> rows = new ArrayList<>();
        List<UUID> deletes = new ArrayList<>();
        for (io.tidemark.engine.model.SharedItem item : items) {
            (item.deleted() ? deletes : rows).add(item.uuid());
        }
        return db.read(c -> {
            List<SharedVersion> out = new ArrayList<>(Tables.shared(type).versionsOf(c, rows));
            out.addAll(TombstoneSql.sharedOf(c, type, deletes));
            return out;
        });
    }

    /** The newest HLC among the rows and deletes of a shared type, 0 if it has none. */
    public long sharedNewest(ResourceType type) {
        return db.read(c -> Math.max(Tables.shared(type).newestHlc(c), TombstoneSql.sharedNewest(c, type)));
    }

    /** Groups records by type in sync order, keeping their order within a type. */
    private static <R> Map<ResourceType, List<R>> byType(List<? extends R> records, java.util.function.Function<R, ResourceType> type) {
        Map<ResourceType, List<R>> groups = new EnumMap<>(ResourceType.class);
        for (R r : records) {
            groups.computeIfAbsent(type.apply(r), t -> new ArrayList<>()).add(r);
        }
        Map<ResourceType, List<R>> ordered = new java.util.LinkedHashMap<>();
        for (ResourceType t : io.tidemark.engine.model.SyncOrder.all()) {
            if (groups.containsKey(t)) {
                ordered.put(t, groups.get(t));
            }
        }
        return ordered;
    }

    /** Applies deletes from peers: removes a row only if it is older than the tombstone, and keeps the tombstone. */
    public void applyTombstones(List<Tombstone> tombstones) {
        applyChanges(List.of(), tombstones);
    }

    private static void applyTombstones(Connection c, List<Tombstone> tombstones, KeySummaries.Delta delta) throws SQLException {
        if (tombstones.isEmpty()) {
            return;
        }
        List<Tombstone> owned = new ArrayList<>(tombstones.size());
        // Deletes that found no older row: a newer row of the uuid may be there, which the delete
        // must not join (a uuid is never both alive and deleted).
        Map<ResourceType, List<Tombstone>> unmatched = new EnumMap<>(ResourceType.class);
        List<SharedVersion> shared = new ArrayList<>();
        for (Tombstone t : tombstones) {
            if (t.type().deviceOwned()) {
                if (Tables.owned(t.type()).delete(c, t.uuid(), t.owner(), t.stamp() + 1, delta)) {
                    owned.add(t);
                } else {
                    unmatched.computeIfAbsent(t.type(), k -> new ArrayList<>()).add(t);
                }
            } else {
                Tables.shared(t.type()).delete(c, t.uuid(), t.stamp() + 1, delta);
                shared.add(SharedVersion.delete(t.type(), t.uuid(), t.stamp(), Ids.MIN));
            }
        }
        TombstoneSql.keepShared(c, shared, delta);
        for (Map.Entry<ResourceType, List<Tombstone>> e : unmatched.entrySet()) {
            Set<UUID> newer = Tables.owned(e.getKey()).held(c, e.getValue().stream().map(Tombstone::uuid).toList());
            for (Tombstone t : e.getValue()) {
                if (!newer.contains(t.uuid())) {
                    owned.add(t);
                }
            }
        }
        TombstoneSql.keepOwned(c, owned, delta);
    }

    /**
     * Tombstones of {@code owner} of every type after {@code after}, in (stamp, uuid) order: for tests
     * and diagnostics. The index is per (owner, type), so this sorts the owner's deletes; sync reads
     * them per type through {@link #changes}.
     */
    public List<Tombstone> tombstones(UUID owner, Cursor after, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT type, uuid, owner, stamp FROM tombstone WHERE "
                    + OwnedTable.OWNER_FILTER + " AND (stamp, uuid) > (?, ?) ORDER BY stamp, uuid LIMIT ?")) {
                Sql.setId(ps, 1, owner);
                ps.setLong(2, after.stamp());
                Sql.setId(ps, 3, after.uuid());
                ps.setInt(4, limit);
                List<Tombstone> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Tombstone(ResourceType.fromWireName(rs.getString(1)), Sql.getId(rs, 2),
                                Sql.getId(rs, 3), rs.getLong(4)));
                    }
                }
                return rows;
            }
        });
    }

    /**
     * One owner's changes of one type after a cursor: its rows and its deletes, merged in
     * {@code (stamp, uuid)} order, so one cursor (and one watermark) covers both.
     *
     * @param last      the cursor of the last change in the page ({@code after} if empty)
     * @param remaining how many changes there are after {@code last} (up to the cap asked for)
     */
    public record OwnedChanges(List<OwnedRecord> records, List<Tombstone> deleted, Cursor last, long remaining) {
        public OwnedChanges {
            records = List.copyOf(records);
            deleted = List.copyOf(deleted);
        }

        public boolean isEmpty() {
            return records.isEmpty() && deleted.isEmpty();
        }

        public int size() {
            return records.size() + deleted.size();
        }
    }

    /**
     * Up to {@code limit} of {@code owner}'s changes of {@code type} after {@code after} and at or
     * before {@code upTo} (null: no cap), read in one snapshot so the page and its remaining count agree.
     * A device serving another owner's records caps at its own watermark: past it, it may hold rows
     * with a hole before them, and serving those would let the puller advance across the hole.
     */
    public OwnedChanges changes(UUID owner, ResourceType type, Cursor after, Cursor upTo, int limit) {
        return changes(owner, type, after, upTo, limit, true);
    }

    /**
     * {@link #changes(UUID, ResourceType, Cursor, Cursor, int)}, counting what remains only if
     * {@code countRemaining} (else {@code remaining} is -1): the count scans the rest of the range,
     * which on every page of a long backfill adds up to a scan per page.
     */
    public OwnedChanges changes(UUID owner, ResourceType type, Cursor after, Cursor upTo, int limit, boolean countRemaining) {
        return db.read(c -> new KeyRange(Tables.owned(type), owner, upTo).page(c, after, limit, countRemaining));
    }

    /** The newest change of {@code owner}'s {@code type}, row or delete; {@link Cursor#START} if none. */
    public Cursor newest(UUID owner, ResourceType type) {
        return db.read(c -> {
            Cursor row = Tables.owned(type).newest(c, owner);
            Cursor delete = TombstoneSql.newest(c, type, owner);
            return row.compareTo(delete) >= 0 ? row : delete;
        });
    }

    /**
     * Applies pulled or pushed records and deletes of owners, in one transaction: a record replaces
     * ours only if newer, a delete removes only older rows and keeps a tombstone that stops older
     * copies from coming back.
     */
    public ApplyResult applyChanges(List<? extends OwnedRecord> records, List<Tombstone> deleted) {
        return db.write(c -> {
            KeySummaries.Delta delta = new KeySummaries.Delta();
            int applied = 0;
            for (Map.Entry<ResourceType, List<OwnedRecord>> batch : LibraryStore.<OwnedRecord>byType(records, OwnedRecord::type).entrySet()) {
                applied += applyOwned(c, Tables.owned(batch.getKey()), batch.getValue(), delta);
            }
            applyTombstones(c, deleted, delta);
            delta.apply(c);
            return new ApplyResult(applied, records.size() - applied);
        });
    }

    /** Rows per keyset page unless a caller asks otherwise. */
    public static final int DEFAULT_PAGE_SIZE = 10_000;

    /** One page of up to {@link #DEFAULT_PAGE_SIZE} of {@code owner}'s rows of a type after {@code after}. */
    public <R extends OwnedRecord> List<R> page(OwnedTable<R> table, UUID owner, Cursor after) {
        return page(table, owner, after, DEFAULT_PAGE_SIZE);
    }

    /** One page of {@code owner}'s rows of a type after {@code after}. */
    public <R extends OwnedRecord> List<R> page(OwnedTable<R> table, UUID owner, Cursor after, int limit) {
        return db.read(c -> table.page(c, owner, after, limit));
    }

    /** The maintained count of {@code owner}'s rows of a device-owned type (owner null: of a shared type). */
    public long count(UUID owner, ResourceType type) {
        return db.read(c -> maintainedCount(c, owner, type));
    }

    private static long maintainedCount(Connection c, UUID owner, ResourceType type) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT n FROM record_count WHERE owner = ? AND type = ?")) {
            ps.setBytes(1, owner == null ? LibrarySchema.SHARED_OWNER : Ids.toBytes(owner));
            ps.setString(2, type.wireName());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        }
    }

    /** All maintained counts: per (owner, type) for device-owned types, per type (owner null) for shared ones. */
    public List<RecordCount> counts() {
        return db.read(LibraryStore::counts);
    }

    static List<RecordCount> counts(Connection c) throws SQLException {
        List<RecordCount> counts = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT owner, type, n FROM record_count WHERE n > 0 ORDER BY type, owner")) {
            while (rs.next()) {
                byte[] owner = rs.getBytes(1);
                counts.add(new RecordCount(owner == null || owner.length == 0 ? null : Ids.fromBytes(owner),
                        ResourceType.fromWireName(rs.getString(2)), rs.getLong(3)));
            }
        }
        return counts;
    }

    // ---------------------------------------------------------------------------------------------
    // Summaries and recovery: all through KeyRange, so they mean the same records as the pages

    /** The summary of every device-owned (owner, type) this library has held anything of. */
    public List<KeySummary> summaries() {
        return db.read(KeySummaries::all);
    }

    /** What this library holds of {@code owner}'s {@code type} up to {@code upTo} (null: all of it). */
    public KeySummary summary(UUID owner, ResourceType type, Cursor upTo) {
        return db.read(c -> KeyRange.of(type, owner, upTo).summary(c));
    }

    /** {@link #summary} computed from the rows and deletes themselves, whatever the maintained one says: for checks. */
    public KeySummary scannedSummary(UUID owner, ResourceType type, Cursor upTo) {
        return db.read(c -> KeySummaries.scanRange(c, KeyRange.of(type, owner, upTo)));
    }

    /** The versions this library holds of {@code owner}'s {@code type} up to {@code upTo} (null: all), rows and deletes. */
    public VersionSet heldVersions(UUID owner, ResourceType type, Cursor upTo) {
        return db.read(c -> {
            VersionSet.Builder held = VersionSet.builder();
            KeyRange.of(type, owner, upTo).eachVersion(c, (uuid, version, deleted) -> held.add(version));
            return held.build();
        });
    }

    /**
     * Up to {@code limit} of {@code owner}'s changes of {@code type} after {@code after} and up to
     * {@code upTo} whose versions {@code held} lacks, in cursor order: what an authority sends a
     * recovering device. {@code last} is where to continue; {@code remaining} is 0 when done.
     */
    public OwnedChanges notHeld(UUID owner, ResourceType type, Cursor upTo, Cursor after, int limit, VersionSet held) {
        return db.read(c -> KeyRange.of(type, owner, upTo).select(c, after, limit, v -> !held.contains(v)));
    }

    /**
     * Removes the rows and deletes of {@code owner}'s {@code type} up to {@code upTo} that still hold
     * one of {@code versions}: what a recovery does with versions the owner no longer has (deletes it
     * made and has since pruned). A newer version of the same record is kept.
     *
     * @return rows and deletes removed
     */
    public int dropVersions(UUID owner, ResourceType type, Cursor upTo, VersionSet versions) {
        if (versions.size() == 0) {
            return 0;
        }
        return db.write(c -> {
            KeyRange range = KeyRange.of(type, owner, upTo);
            List<Object[]> found = new ArrayList<>();
            range.eachVersion(c, (uuid, version, deleted) -> {
                if (versions.contains(version)) {
                    found.add(new Object[] {uuid, version, deleted});
                }
            });
            KeySummaries.Delta delta = new KeySummaries.Delta();
            int n = 0;
            for (Object[] f : found) {
                UUID uuid = (UUID) f[0];
                long version = (Long) f[1];
                boolean gone = (Boolean) f[2]
                        ? TombstoneSql.dropVersion(c, type, uuid, owner, version, delta)
                        : Tables.owned(type).deleteVersion(c, uuid, owner, version, delta);
                n += gone ? 1 : 0;
            }
            delta.apply(c);
            return n;
        });
    }

    /**
     * Forgets this device's deletes of {@code type} at or before {@code through}: members that
     * missed one find out by recovery, where the version counter says the owner once issued it.
     *
     * @return deletes removed
     */
    public int pruneDeletes(ResourceType type, Cursor through) {
        return db.write(c -> {
            KeySummaries.Delta delta = new KeySummaries.Delta();
            int n = TombstoneSql.prune(c, type, identity.deviceId(), through, delta);
            delta.apply(c);
            return n;
        });
    }

    /**
     * Moves this device's version counter of {@code type} to at least {@code atLeast}: after its
     * library.db was restored from an older copy, so that new records never reuse versions its
     * members already hold.
     *
     * @return whether it moved
     */
    public boolean raiseVersionCounter(ResourceType type, long atLeast) {
        return db.write(c -> {
            UUID self = identity.deviceId();
            KeySummary now = KeySummaries.read(c, self, type);
            if (now.maxVersion() >= atLeast) {
                return false;
            }
            KeySummaries.write(c, new KeySummary(self, type, now.rows(), now.deleted(), now.digest(), atLeast));
            return true;
        });
    }

    private static final String SELECT_LOG_MARK = "SELECT incarnation, seq FROM shared_log_mark WHERE singleton = 1";
    // Within one incarnation the mark only rises; a new incarnation replaces it (its seqs count anew).
    private static final String RAISE_LOG_MARK = "INSERT INTO shared_log_mark (singleton, incarnation, seq) VALUES (1, ?, ?)"
            + " ON CONFLICT (singleton) DO UPDATE SET seq = CASE WHEN incarnation = excluded.incarnation"
            + " THEN max(seq, excluded.seq) ELSE excluded.seq END, incarnation = excluded.incarnation";

    /**
     * The highest position of this device's shared change log (which lives in sync.db) that was ever
     * handed to a member, if any was; see {@link LibrarySchema} version 4 for why it is kept here.
     */
    public Optional<LogPosition> sharedLogMark() {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SELECT_LOG_MARK)) {
                return rs.next() ? Optional.of(new LogPosition(new LogIncarnation(rs.getLong(1)), rs.getLong(2))) : Optional.empty();
            }
        });
    }

    /**
     * Raises the shared log's high-water mark to {@code position} (or sets it, for a new
     * incarnation). Committed to disk before it returns, so a member can be told the position next.
     */
    public void markSharedLog(LogPosition position) {
        if (!position.incarnation().isKnown()) {
            throw new IllegalArgumentException("a log's own position always has an incarnation: " + position);
        }
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(RAISE_LOG_MARK)) {
                ps.setLong(1, position.incarnation().value());
                ps.setLong(2, position.seq());
                return ps.executeUpdate();
            }
        });
    }

    /** Every device record this library holds (members, this device included). */
    public List<DeviceRecord> devices() {
        return db.read(c -> {
            List<DeviceRecord> all = new ArrayList<>();
            Cursor after = Cursor.START;
            for (List<DeviceRecord> page; !(page = Tables.DEVICES.pageAnyOwner(c, after, 1_000)).isEmpty(); ) {
                all.addAll(page);
                after = page.get(page.size() - 1).cursor();
            }
            return all;
        });
    }

    /** Reads inside one snapshot. */
    public <T> T read(Database.SqlWork<T> work) {
        return db.read(work);
    }

    public Database database() {
        return db;
    }

    @Override
    public void close() {
        db.close();
    }
}
