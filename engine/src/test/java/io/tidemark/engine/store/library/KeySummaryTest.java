package io.tidemark.engine.store.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.KeyDigest;
import io.tidemark.engine.model.KeySummary;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SyncOrder;
import io.tidemark.engine.model.Tombstone;
import io.tidemark.engine.model.VersionSet;
import io.tidemark.engine.model.VolumeRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The maintained per-(owner, type) summaries against the records themselves. For every
 * device-owned type and several seeds, two libraries run a random sequence of local writes (puts,
 * re-puts, deletes, cascading deletes, re-creations) and exchange their records in every bad way
 * sync can deliver them (duplicates, stale versions, deletes before or after rows, pages twice).
 * After every step each key's maintained summary must equal a scan; at the end also the summary
 * this test computes from the pages served, and the summary a fresh library reaches by applying
 * those pages. A model of each owner's own records checks which records and versions it holds.
 */
class KeySummaryTest {

    @TempDir
    Path dir;

    private static final long[] SEEDS = {1, 2, 3, 4};

    /** Local transactions per library and run. */
    private static final int TRANSACTIONS = 25;

    static Stream<Arguments> typesAndSeeds() {
        List<ResourceType> owned = SyncOrder.deviceOwned();
        // A new device-owned type needs its generator below before this test can cover it.
        assertThat(owned).containsExactlyInAnyOrder(ResourceType.DEVICE, ResourceType.VOLUME, ResourceType.LOCATION,
                ResourceType.ENTRY);
        return owned.stream().flatMap(t -> java.util.Arrays.stream(SEEDS).mapToObj(s -> Arguments.of(t, s)));
    }

    /**
     * The sequence without several versions of one row written in one batch (see the disabled test
     * below): a uuid already held is put at most once per transaction, a new one at most twice, and a
     * batch applied from a peer holds at most one version of each row.
     */
    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("typesAndSeeds")
    void maintainedSummariesEqualScansPagesAndReplicas(ResourceType focus, long seed) throws Exception {
        new Run(focus, seed, true).run();
    }

    /**
     * The same with re-puts of up to three times per transaction and batches mixing any versions. Fails
     * for every (type, seed) above, e.g. (DEVICE, 1), within the first few transactions; the minimal
     * cases are {@link #threePutsOfOneUuidInOneTransactionKeepTheDigest} and
     * {@link #aBatchWithTwoNewerVersionsOfARowKeepsTheDigest}.
     */
    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("typesAndSeeds")
    void maintainedSummariesEqualScansWithManyVersionsOfARowPerBatch(ResourceType focus, long seed) throws Exception {
        new Run(focus, seed, false).run();
    }

    // ---- minimal cases of the bug above ---------------------------------------------------------

    @Test
    void threePutsOfOneUuidInOneTransactionKeepTheDigest() throws Exception {
        try (LibraryStore store = TestLibraries.create(Files.createDirectories(dir.resolve("three")))) {
            UUID self = store.identity().deviceId();
            UUID location = Ids.newId();
            EntryRecord e = TestLibraries.entry(self, 0, location);
            store.writeLocal(tx -> {
                tx.put(e);
                tx.put(renamed(e, "b"));
                tx.put(renamed(e, "c"));
                return null;
            });
            assertSummaryIsScanned(store, self, ResourceType.ENTRY);
        }
    }

    @Test
    void aBatchWithTwoNewerVersionsOfARowKeepsTheDigest() throws Exception {
        try (LibraryStore store = TestLibraries.create(Files.createDirectories(dir.resolve("batch")))) {
            UUID peer = Ids.newId();
            UUID location = Ids.newId();
            UUID uuid = Ids.newId();
            store.applyOwned(List.of(entry(uuid, peer, 1_000, location, 1)));
            store.applyOwned(List.of(entry(uuid, peer, 2_000, location, 2), entry(uuid, peer, 3_000, location, 3)));
            assertSummaryIsScanned(store, peer, ResourceType.ENTRY);
        }
    }

    /**
     * An owner restored from an older copy of its library lost a delete, then wrote the record again:
     * members that hold the delete get a row newer than it. The newer one wins whichever arrives
     * first, so a uuid is never both alive and deleted, and the summaries follow what stays.
     */
    @Test
    void aRowNewerThanItsDeleteReplacesItInEitherOrder() throws Exception {
        try (LibraryStore store = TestLibraries.create(Files.createDirectories(dir.resolve("newer-than-delete")))) {
            UUID peer = Ids.newId();
            UUID location = Ids.newId();
            UUID deletedFirst = Ids.newId();
            UUID rowFirst = Ids.newId();
            store.applyOwned(List.of(entry(deletedFirst, peer, 1_000, location, 1), entry(rowFirst, peer, 1_000, location, 2)));
            store.applyTombstones(List.of(new Tombstone(ResourceType.ENTRY, deletedFirst, peer, 2_000, 3)));

            store.applyOwned(List.of(entry(deletedFirst, peer, 3_000, location, 1_000_004),
                    entry(rowFirst, peer, 3_000, location, 1_000_005)));
            store.applyTombstones(List.of(new Tombstone(ResourceType.ENTRY, rowFirst, peer, 2_000, 4)));

            assertThat(store.page(Tables.ENTRIES, peer, Cursor.START, 10)).extracting(EntryRecord::uuid, EntryRecord::version)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(deletedFirst, 1_000_004L),
                            org.assertj.core.groups.Tuple.tuple(rowFirst, 1_000_005L));
            assertThat(store.tombstones(peer, Cursor.START, 10)).isEmpty();
            KeySummary summary = store.summary(peer, ResourceType.ENTRY, null);
            assertThat(summary.rows()).isEqualTo(2);
            assertThat(summary.deleted()).isZero();
            assertSummaryIsScanned(store, peer, ResourceType.ENTRY);

            // The older copies stay out: the delete and the first version come back from a slow member.
            store.applyTombstones(List.of(new Tombstone(ResourceType.ENTRY, deletedFirst, peer, 2_000, 3)));
            store.applyOwned(List.of(entry(rowFirst, peer, 1_000, location, 2)));
            assertThat(store.tombstones(peer, Cursor.START, 10)).isEmpty();
            assertThat(store.summary(peer, ResourceType.ENTRY, null)).isEqualTo(summary);
            assertSummaryIsScanned(store, peer, ResourceType.ENTRY);
        }
    }

    /**
     * This device deletes, by uuid, an entry another device owned and has already deleted: the row is
     * gone, so the owner check in LocalTransaction.delete (which looks at rows only) lets it through, and
     * the tombstone upsert then rewrites the other owner's delete (stamp and version, not its owner)
     * while this device's summary counts a delete replaced. Either refusing or leaving a delete of
     * each owner would do; the summaries must agree with the records either way.
     */
    @Test
    void deletingAnotherOwnersAlreadyDeletedRecordKeepsBothSummaries() throws Exception {
        try (LibraryStore store = TestLibraries.create(Files.createDirectories(dir.resolve("foreign-delete")))) {
            UUID self = store.identity().deviceId();
            UUID peer = Ids.newId();
            UUID uuid = Ids.newId();
            long past = new io.tidemark.engine.clock.HlcTimestamp(System.currentTimeMillis() - 60_000, 0).packed();
            store.applyChanges(List.of(entry(uuid, peer, past, Ids.newId(), 1)), List.of());
            store.applyChanges(List.of(), List.of(new Tombstone(ResourceType.ENTRY, uuid, peer, past + 1_000, 2)));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.writeLocal(tx -> {
                tx.delete(ResourceType.ENTRY, uuid);
                return null;
            })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Nothing was deleted");
            assertSummaryIsScanned(store, peer, ResourceType.ENTRY);
            assertSummaryIsScanned(store, self, ResourceType.ENTRY);
        }
    }

    private static EntryRecord entry(UUID uuid, UUID owner, long stamp, UUID location, long version) {
        return new EntryRecord(uuid, owner, stamp, location, null, "v" + version, EntryKind.FILE, version, 1, null, version);
    }

    private static EntryRecord renamed(EntryRecord e, String name) {
        return new EntryRecord(e.uuid(), e.owner(), e.stamp(), e.locationUuid(), e.parentUuid(), name, e.kind(), e.size() + 1,
                e.modifiedAtMillis(), e.contentUuid());
    }

    private static void assertSummaryIsScanned(LibraryStore store, UUID owner, ResourceType type) {
        KeySummary maintained = store.summary(owner, type, null);
        KeySummary scanned = store.scannedSummary(owner, type, null);
        assertThat(maintained.rows()).isEqualTo(scanned.rows());
        assertThat(maintained.deleted()).isEqualTo(scanned.deleted());
        assertThat(KeyDigest.hex(maintained.digest())).as("digest").isEqualTo(KeyDigest.hex(scanned.digest()));
    }

    // ---- pages ---------------------------------------------------------------------------------

    /** Every page of {@code owner}'s {@code type} as {@code store} serves it, checking the page contract on the way. */
    static List<LibraryStore.OwnedChanges> completePages(LibraryStore store, UUID owner, ResourceType type, int pageSize) {
        long total = store.scannedSummary(owner, type, null).items();
        List<LibraryStore.OwnedChanges> pages = new ArrayList<>();
        Cursor after = Cursor.START;
        long seen = 0;
        while (true) {
            LibraryStore.OwnedChanges page = store.changes(owner, type, after, null, pageSize);
            if (page.isEmpty()) {
                assertThat(page.remaining()).isZero();
                assertThat(page.last()).isEqualTo(after);
                break;
            }
            assertThat(page.size()).isLessThanOrEqualTo(pageSize);
            List<Cursor> cursors = new ArrayList<>();
            for (OwnedRecord r : page.records()) {
                assertThat(r.owner()).isEqualTo(owner);
                assertThat(r.type()).isEqualTo(type);
                cursors.add(r.cursor());
            }
            for (Tombstone t : page.deleted()) {
                assertThat(t.owner()).isEqualTo(owner);
                assertThat(t.type()).isEqualTo(type);
                cursors.add(t.cursor());
            }
            for (Cursor c : cursors) {
                assertThat(c.compareTo(after)).as("after the previous page").isPositive();
                assertThat(c.compareTo(page.last())).as("at or before the page's last").isLessThanOrEqualTo(0);
            }
            assertThat(page.last()).as("the page's last change").isEqualTo(Collections.max(cursors));
            seen += page.size();
            assertThat(page.remaining()).as("remaining after %d of %d", seen, total).isEqualTo(total - seen);
            pages.add(page);
            after = page.last();
        }
        assertThat(seen).isEqualTo(total);
        return pages;
    }

    /** Every record and delete of {@code owner}'s {@code type}, read in large pages without counting what remains. */
    static Snapshot everything(LibraryStore store, UUID owner, ResourceType type) {
        List<OwnedRecord> records = new ArrayList<>();
        List<Tombstone> deletes = new ArrayList<>();
        Cursor after = Cursor.START;
        for (LibraryStore.OwnedChanges page; !(page = store.changes(owner, type, after, null, 1_000, false)).isEmpty(); ) {
            records.addAll(page.records());
            deletes.addAll(page.deleted());
            assertThat(page.last().compareTo(after)).as("paging moves on").isPositive();
            after = page.last();
        }
        return new Snapshot(records, deletes);
    }

    /** The summary of {@code owner}'s {@code type} computed here from the pages {@code store} serves. */
    static KeySummary pagedSummary(LibraryStore store, UUID owner, ResourceType type, int pageSize) {
        long rows = 0;
        long deleted = 0;
        long digest = 0;
        long max = 0;
        Set<UUID> rowIds = new HashSet<>();
        Set<UUID> deleteIds = new HashSet<>();
        for (LibraryStore.OwnedChanges page : completePages(store, owner, type, pageSize)) {
            for (OwnedRecord r : page.records()) {
                assertThat(rowIds.add(r.uuid())).as("row %s served once", r.uuid()).isTrue();
                rows++;
                digest += KeyDigest.item(r.uuid(), r.version(), false);
                max = Math.max(max, r.version());
            }
            for (Tombstone t : page.deleted()) {
                assertThat(deleteIds.add(t.uuid())).as("delete %s served once", t.uuid()).isTrue();
                deleted++;
                digest += KeyDigest.item(t.uuid(), t.version(), true);
                max = Math.max(max, t.version());
            }
        }
        return new KeySummary(owner, type, rows, deleted, digest, max);
    }

    private static void assertSame(KeySummary actual, KeySummary expected, String what) {
        assertThat(List.of(actual.rows(), actual.deleted(), KeyDigest.hex(actual.digest())))
                .as("%s: %s of %s (rows, deletes, digest)", what, expected.type(), expected.owner())
                .isEqualTo(List.of(expected.rows(), expected.deleted(), KeyDigest.hex(expected.digest())));
    }

    // ---- one run -------------------------------------------------------------------------------

    /** What the model expects of one held row or delete: its version within [lo, hi], written by transaction {@code tx}. */
    private record Expect(long lo, long hi, int tx) {
    }

    /** Everything one owner holds of its own records, as pages read in one go. */
    private record Snapshot(List<OwnedRecord> records, List<Tombstone> deletes) {
    }

    /** One library and the model of its own records. */
    private static final class Owner {
        final String name;
        final LibraryStore store;
        final UUID id;
        final UUID orphanLocation = Ids.newId();
        final Map<ResourceType, Long> counter = new EnumMap<>(ResourceType.class);
        final Map<ResourceType, Map<UUID, Expect>> rows = new EnumMap<>(ResourceType.class);
        final Map<ResourceType, Map<UUID, Expect>> deletes = new EnumMap<>(ResourceType.class);
        final Map<UUID, OwnedRecord> template = new HashMap<>();
        /** Per type, each version ever held by this owner: whose row or delete it named. */
        final Map<ResourceType, Map<Long, String>> named = new EnumMap<>(ResourceType.class);
        /** Per (owner, type) key of this library, the highest maxVersion seen so far. */
        final Map<String, Long> lastMax = new HashMap<>();
        final List<Snapshot> snapshots = new ArrayList<>();
        int transactions;
        int names;

        Owner(String name, LibraryStore store) {
            this.name = name;
            this.store = store;
            this.id = store.identity().deviceId();
            for (ResourceType t : SyncOrder.deviceOwned()) {
                counter.put(t, 0L);
                rows.put(t, new LinkedHashMap<>());
                deletes.put(t, new LinkedHashMap<>());
                named.put(t, new HashMap<>());
            }
        }

        long next(ResourceType type) {
            long v = counter.get(type) + 1;
            counter.put(type, v);
            return v;
        }
    }

    private final class Run {
        final ResourceType focus;
        final long seed;
        final boolean oneVersionPerBatch;
        final Random random;
        final Owner a;
        final Owner b;
        int step;

        Run(ResourceType focus, long seed, boolean oneVersionPerBatch) throws Exception {
            this.focus = focus;
            this.seed = seed;
            this.oneVersionPerBatch = oneVersionPerBatch;
            this.random = new Random(seed * 31 + focus.ordinal());
            this.a = new Owner("A", TestLibraries.create(Files.createDirectories(dir.resolve(focus + "-" + seed + "-" + oneVersionPerBatch + "-a"))));
            this.b = new Owner("B", TestLibraries.create(Files.createDirectories(dir.resolve(focus + "-" + seed + "-" + oneVersionPerBatch + "-b"))));
            for (Owner o : List.of(a, b)) {
                // create() commits the device's own record: version 1 of its devices.
                DeviceRecord self = o.store.devices().get(0);
                assertThat(self.version()).isEqualTo(1);
                o.counter.put(ResourceType.DEVICE, 1L);
                o.rows.get(ResourceType.DEVICE).put(o.id, new Expect(1, 1, 0));
                o.template.put(o.id, self);
                o.named.get(ResourceType.DEVICE).put(1L, "row " + o.id);
            }
        }

        String where() {
            return focus + ", seed " + seed + ", step " + step;
        }

        void run() throws Exception {
            try {
                for (int i = 0; i < 2 * TRANSACTIONS; i++) {
                    step++;
                    Owner o = i % 2 == 0 ? a : b;
                    Owner other = o == a ? b : a;
                    localTransaction(o);
                    checkConsistent(o);
                    if (random.nextInt(3) == 0) {
                        o.snapshots.add(snapshot(o));
                    }
                    if (random.nextInt(3) == 0) {
                        deliver(o, other);
                        checkConsistent(other);
                    }
                    if (i == TRANSACTIONS) {
                        checkPaged();
                    }
                }
                finish();
            } finally {
                a.store.close();
                b.store.close();
            }
        }

        // ---- local writes --------------------------------------------------------------------

        ResourceType pickType() {
            if (random.nextInt(100) < 65) {
                return focus;
            }
            List<ResourceType> all = SyncOrder.deviceOwned();
            return all.get(random.nextInt(all.size()));
        }

        <T> T pick(java.util.Collection<T> from) {
            if (from.isEmpty()) {
                return null;
            }
            int n = random.nextInt(from.size());
            for (T t : from) {
                if (n-- == 0) {
                    return t;
                }
            }
            throw new AssertionError();
        }

        void localTransaction(Owner o) {
            int tx = ++o.transactions;
            Map<ResourceType, Long> before = new EnumMap<>(o.counter);
            Set<UUID> heldBefore = new HashSet<>();
            o.rows.values().forEach(m -> heldBefore.addAll(m.keySet()));
            Map<UUID, Integer> putsHere = new HashMap<>();
            int ops = 1 + random.nextInt(6);
            o.store.writeLocal(t -> {
                for (int i = 0; i < ops; i++) {
                    operation(o, t, tx, heldBefore, putsHere);
                }
                return null;
            });
            checkOwnRecords(o, before);
        }

        /** Whether another put of {@code uuid} in this transaction stays clear of the bug (see the disabled variant above). */
        boolean mayPut(UUID uuid, Set<UUID> heldBefore, Map<UUID, Integer> putsHere) {
            if (!oneVersionPerBatch) {
                return true;
            }
            int limit = heldBefore.contains(uuid) ? 1 : 2;
            return putsHere.getOrDefault(uuid, 0) < limit;
        }

        void operation(Owner o, LocalTransaction tx, int txIndex, Set<UUID> heldBefore, Map<UUID, Integer> putsHere)
                throws java.sql.SQLException {
            ResourceType type = pickType();
            int r = random.nextInt(100);
            if (r < 30) {
                OwnedRecord rec = newRecord(o, type, Ids.newId());
                put(o, tx, txIndex, rec, putsHere);
            } else if (r < 48) {
                UUID uuid = pick(o.rows.get(type).keySet());
                if (uuid == null) {
                    return;
                }
                int times = 1 + random.nextInt(3);
                for (int k = 0; k < times && mayPut(uuid, heldBefore, putsHere); k++) {
                    put(o, tx, txIndex, changed(o, o.template.get(uuid)), putsHere);
                }
            } else if (r < 58) {
                List<UUID> gone = o.deletes.get(type).keySet().stream().filter(u -> !o.rows.get(type).containsKey(u)).toList();
                UUID uuid = pick(gone);
                if (uuid == null || !mayPut(uuid, heldBefore, putsHere)) {
                    return;
                }
                put(o, tx, txIndex, changed(o, o.template.get(uuid)), putsHere); // re-created (or dropped, if deleted in this transaction)
            } else if (r < 80 || type == ResourceType.DEVICE) {
                UUID uuid;
                int which = random.nextInt(100);
                if (which < 70) {
                    uuid = pick(o.rows.get(type).keySet().stream().filter(u -> !u.equals(o.id)).toList());
                } else if (which < 85) {
                    uuid = pick(o.deletes.get(type).keySet());
                } else {
                    uuid = null;
                }
                if (uuid == null) {
                    uuid = Ids.newId(); // a record this library never held: the delete still takes a version
                    o.template.put(uuid, newRecord(o, type, uuid));
                }
                tx.delete(type, uuid);
                deleted(o, type, List.of(uuid), txIndex);
            } else {
                cascade(o, tx, txIndex, type);
            }
        }

        void put(Owner o, LocalTransaction tx, int txIndex, OwnedRecord record, Map<UUID, Integer> putsHere)
                throws java.sql.SQLException {
            tx.put(record);
            putsHere.merge(record.uuid(), 1, Integer::sum);
            long v = o.next(record.type());
            o.template.put(record.uuid(), record);
            Expect tomb = o.deletes.get(record.type()).get(record.uuid());
            if (tomb == null || tomb.tx() != txIndex) {
                o.rows.get(record.type()).put(record.uuid(), new Expect(v, v, txIndex));
                o.deletes.get(record.type()).remove(record.uuid()); // re-created: the newer row replaces the delete
            } // else: deleted earlier in this transaction; the put is dropped, its version is spent
        }

        /** The model of deleting {@code uuids} of {@code type}, in this order, in one statement's worth of versions. */
        void deleted(Owner o, ResourceType type, List<UUID> uuids, int txIndex) {
            if (uuids.isEmpty()) {
                return;
            }
            long lo = o.counter.get(type) + 1;
            long hi = lo + uuids.size() - 1;
            o.counter.put(type, hi);
            for (UUID uuid : uuids) {
                o.rows.get(type).remove(uuid);
                Expect old = o.deletes.get(type).get(uuid);
                if (old == null || old.tx() != txIndex) {
                    o.deletes.get(type).put(uuid, new Expect(lo, hi, txIndex));
                } // else: deleted twice in one transaction; the first delete stays
            }
        }

        void cascade(Owner o, LocalTransaction tx, int txIndex, ResourceType type) throws java.sql.SQLException {
            Map<UUID, Expect> live = o.rows.get(type);
            UUID uuid = random.nextInt(10) == 0 ? Ids.newId() : pick(live.keySet());
            if (uuid == null) {
                return;
            }
            Removed removed;
            Map<ResourceType, List<UUID>> expected = new EnumMap<>(ResourceType.class);
            switch (type) {
                case ENTRY -> {
                    removed = tx.deleteEntry(uuid);
                    if (live.containsKey(uuid)) {
                        EntryRecord root = (EntryRecord) o.template.get(uuid);
                        expected.put(ResourceType.ENTRY, root.kind() == EntryKind.DIRECTORY ? subtree(o, root) : List.of(uuid));
                    }
                }
                case LOCATION -> {
                    removed = tx.deleteLocation(uuid);
                    if (live.containsKey(uuid)) {
                        expected.put(ResourceType.ENTRY, entriesOf(o, Set.of(uuid)));
                        expected.put(ResourceType.LOCATION, List.of(uuid));
                    }
                }
                case VOLUME -> {
                    removed = tx.deleteVolume(uuid);
                    if (live.containsKey(uuid)) {
                        List<UUID> locations = o.rows.get(ResourceType.LOCATION).keySet().stream()
                                .filter(l -> uuid.equals(((LocationRecord) o.template.get(l)).volumeUuid())).toList();
                        expected.put(ResourceType.ENTRY, entriesOf(o, new HashSet<>(locations)));
                        expected.put(ResourceType.LOCATION, locations);
                        expected.put(ResourceType.VOLUME, List.of(uuid));
                    }
                }
                default -> throw new AssertionError("no cascading delete of " + type);
            }
            for (ResourceType t : SyncOrder.deviceOwned()) {
                List<UUID> gone = expected.getOrDefault(t, List.of());
                assertThat(removed.count(t)).as("%s: %s removed by deleting %s %s", where(), t.plural(), type.singular(), uuid)
                        .isEqualTo(gone.size());
                deleted(o, t, gone, txIndex);
            }
        }

        List<UUID> entriesOf(Owner o, Set<UUID> locations) {
            return o.rows.get(ResourceType.ENTRY).keySet().stream()
                    .filter(e -> locations.contains(((EntryRecord) o.template.get(e)).locationUuid())).toList();
        }

        List<UUID> subtree(Owner o, EntryRecord root) {
            Map<UUID, List<UUID>> children = new HashMap<>();
            for (UUID e : o.rows.get(ResourceType.ENTRY).keySet()) {
                EntryRecord rec = (EntryRecord) o.template.get(e);
                if (rec.locationUuid().equals(root.locationUuid()) && rec.parentUuid() != null) {
                    children.computeIfAbsent(rec.parentUuid(), p -> new ArrayList<>()).add(e);
                }
            }
            List<UUID> found = new ArrayList<>();
            Set<UUID> seen = new HashSet<>();
            Deque<UUID> todo = new ArrayDeque<>(List.of(root.uuid()));
            while (!todo.isEmpty()) {
                UUID next = todo.pop();
                if (seen.add(next)) {
                    found.add(next);
                    todo.addAll(children.getOrDefault(next, List.of()));
                }
            }
            return found;
        }

        OwnedRecord newRecord(Owner o, ResourceType type, UUID uuid) {
            int n = ++o.names;
            return switch (type) {
                case DEVICE -> new DeviceRecord(uuid, o.id, 0, o.name + " device " + n, "Linux", "1." + n,
                        random.nextBoolean() ? null : new byte[] {(byte) n, 1, 2});
                case VOLUME -> new VolumeRecord(uuid, o.id, 0, "disk " + n, "/mnt/" + n, random.nextBoolean() ? "ext4" : null, n);
                case LOCATION -> {
                    UUID volume = random.nextInt(5) == 0 ? null : pick(o.rows.get(ResourceType.VOLUME).keySet());
                    yield new LocationRecord(uuid, o.id, 0, volume, "/data/" + n, "location " + n);
                }
                case ENTRY -> {
                    UUID location = pick(o.rows.get(ResourceType.LOCATION).keySet());
                    UUID where = location == null ? o.orphanLocation : location;
                    List<UUID> dirs = o.rows.get(ResourceType.ENTRY).keySet().stream().filter(e -> {
                        EntryRecord rec = (EntryRecord) o.template.get(e);
                        return rec.kind() == EntryKind.DIRECTORY && rec.locationUuid().equals(where);
                    }).toList();
                    UUID parent = random.nextInt(5) < 3 ? pick(dirs) : null;
                    EntryKind kind = random.nextInt(10) < 4 ? EntryKind.DIRECTORY : random.nextInt(5) == 0 ? EntryKind.SYMLINK : EntryKind.FILE;
                    yield new EntryRecord(uuid, o.id, 0, where, parent, "e" + n, kind, n, 1_700_000_000_000L + n, null);
                }
                default -> throw new AssertionError("no generator for " + type);
            };
        }

        /** {@code r} with new data and the same place in the tree. */
        OwnedRecord changed(Owner o, OwnedRecord r) {
            int n = ++o.names;
            return switch (r) {
                case DeviceRecord d -> new DeviceRecord(d.uuid(), d.owner(), 0, d.name() + "'", d.os(), "2." + n, d.certFingerprint());
                case VolumeRecord v -> new VolumeRecord(v.uuid(), v.owner(), 0, v.name() + "'", v.mountPoint(), v.fsType(), n);
                case LocationRecord l -> new LocationRecord(l.uuid(), l.owner(), 0, l.volumeUuid(), l.path(), l.name() + "'");
                case EntryRecord e -> new EntryRecord(e.uuid(), e.owner(), 0, e.locationUuid(), e.parentUuid(), e.name() + "'",
                        e.kind(), n, e.modifiedAtMillis() + 1, e.contentUuid());
            };
        }

        // ---- checks of one library ---------------------------------------------------------------

        /** The owner's own records are exactly the model's, with versions 1..n issued in order and never reused. */
        void checkOwnRecords(Owner o, Map<ResourceType, Long> before) {
            for (ResourceType type : SyncOrder.deviceOwned()) {
                KeySummary s = o.store.summary(o.id, type, null);
                assertThat(s.maxVersion()).as("%s: %s's version counter of %s", where(), o.name, type.plural())
                        .isEqualTo(o.counter.get(type));
                Map<UUID, Long> rowVersions = new HashMap<>();
                Map<UUID, Long> deleteVersions = new HashMap<>();
                Snapshot own = everything(o.store, o.id, type);
                own.records().forEach(r -> rowVersions.put(r.uuid(), r.version()));
                own.deletes().forEach(t -> deleteVersions.put(t.uuid(), t.version()));
                assertThat(rowVersions.keySet()).as("%s: %s's %s", where(), o.name, type.plural())
                        .isEqualTo(o.rows.get(type).keySet());
                assertThat(deleteVersions.keySet()).as("%s: %s's deleted %s", where(), o.name, type.plural())
                        .isEqualTo(o.deletes.get(type).keySet());
                Set<Long> versions = new HashSet<>();
                for (boolean isDelete : new boolean[] {false, true}) {
                    Map<UUID, Long> held = isDelete ? deleteVersions : rowVersions;
                    Map<UUID, Expect> model = isDelete ? o.deletes.get(type) : o.rows.get(type);
                    for (Map.Entry<UUID, Long> e : held.entrySet()) {
                        long v = e.getValue();
                        Expect x = model.get(e.getKey());
                        assertThat(v).as("%s: version of %s's %s %s %s", where(), o.name, isDelete ? "delete of" : "row",
                                type.singular(), e.getKey()).isBetween(x.lo(), x.hi());
                        assertThat(versions.add(v)).as("%s: version %d held twice", where(), v).isTrue();
                        String name = (isDelete ? "delete " : "row ") + e.getKey();
                        String was = o.named.get(type).putIfAbsent(v, name);
                        if (was == null) {
                            assertThat(v).as("%s: a version first held now was issued now", where()).isGreaterThan(before.get(type));
                        } else {
                            assertThat(was).as("%s: version %d of %s reused", where(), v, type.plural()).isEqualTo(name);
                        }
                    }
                }
                assertThat(s.rows()).isEqualTo(o.rows.get(type).size());
                assertThat(s.deleted()).isEqualTo(o.deletes.get(type).size());
            }
        }

        /** In {@code o}'s library, every key's maintained summary equals a scan; maxVersion never went down. */
        void checkConsistent(Owner o) {
            for (Owner owner : List.of(a, b)) {
                for (ResourceType type : SyncOrder.deviceOwned()) {
                    KeySummary maintained = o.store.summary(owner.id, type, null);
                    KeySummary scanned = o.store.scannedSummary(owner.id, type, null);
                    assertSame(maintained, scanned, where() + ", in " + o.name + ", maintained vs scanned");
                    if (owner == o) {
                        assertThat(maintained.maxVersion()).isGreaterThanOrEqualTo(scanned.maxVersion());
                    } else {
                        // A copy's highest version seen is one it still holds: replaced rows and deletes only give way to higher ones.
                        assertThat(maintained.maxVersion()).as("%s: %s's max version of %s's %s", where(), o.name, owner.name,
                                type.plural()).isEqualTo(scanned.maxVersion());
                    }
                    String key = owner.name + "/" + type;
                    long last = o.lastMax.getOrDefault(key, 0L);
                    assertThat(maintained.maxVersion()).as("%s: %s's max version of %s never decreases", where(), o.name, key)
                            .isGreaterThanOrEqualTo(last);
                    o.lastMax.put(key, maintained.maxVersion());
                }
            }
            for (KeySummary s : o.store.summaries()) {
                assertThat(s.owner()).isIn(a.id, b.id);
            }
        }

        // ---- exchanges -----------------------------------------------------------------------------

        Snapshot snapshot(Owner o) {
            List<OwnedRecord> records = new ArrayList<>();
            List<Tombstone> deletes = new ArrayList<>();
            for (ResourceType type : SyncOrder.deviceOwned()) {
                Snapshot s = everything(o.store, o.id, type);
                records.addAll(s.records());
                deletes.addAll(s.deletes());
            }
            return new Snapshot(records, deletes);
        }

        /** Sends some of {@code from}'s records to {@code to} in one of the ways sync can. */
        void deliver(Owner from, Owner to) {
            switch (random.nextInt(4)) {
                case 0 -> { // the current pages, some applied twice
                    for (ResourceType type : SyncOrder.deviceOwned()) {
                        for (LibraryStore.OwnedChanges page : completePages(from.store, from.id, type, 1 + random.nextInt(12))) {
                            apply(to, page.records(), page.deleted(), random.nextInt(3) == 0);
                        }
                    }
                }
                case 1 -> { // an older snapshot: stale versions, deletes since re-created
                    Snapshot old = from.snapshots.isEmpty() ? snapshot(from) : from.snapshots.get(random.nextInt(from.snapshots.size()));
                    applyInBatches(to, old.records(), old.deletes(), false);
                }
                case 2 -> { // several snapshots mixed: duplicates and versions of every age, in any order
                    List<OwnedRecord> records = new ArrayList<>();
                    List<Tombstone> deletes = new ArrayList<>();
                    int n = 1 + random.nextInt(3);
                    for (int i = 0; i < n; i++) {
                        Snapshot s = i == 0 || from.snapshots.isEmpty() ? snapshot(from)
                                : from.snapshots.get(random.nextInt(from.snapshots.size()));
                        records.addAll(s.records());
                        deletes.addAll(s.deletes());
                    }
                    applyInBatches(to, records, deletes, true);
                }
                default -> { // rows and deletes of a snapshot apart: deletes first (newer than rows to come), or rows first
                    Snapshot s = from.snapshots.isEmpty() ? snapshot(from) : from.snapshots.get(random.nextInt(from.snapshots.size()));
                    if (random.nextBoolean()) {
                        apply(to, List.of(), s.deletes(), true);
                        apply(to, s.records(), List.of(), true);
                    } else {
                        apply(to, s.records(), List.of(), true);
                        apply(to, List.of(), s.deletes(), true);
                    }
                }
            }
        }

        /** Applies in random batches, shuffled or in order; with {@link #oneVersionPerBatch} a batch holds one version of a row. */
        void applyInBatches(Owner to, List<OwnedRecord> records, List<Tombstone> deletes, boolean shuffle) {
            List<Object> items = new ArrayList<>(records);
            items.addAll(deletes);
            if (shuffle) {
                Collections.shuffle(items, random);
            }
            Deque<Object> todo = new ArrayDeque<>(items);
            while (!todo.isEmpty()) {
                int size = 1 + random.nextInt(40);
                List<OwnedRecord> batchRows = new ArrayList<>();
                List<Tombstone> batchDeletes = new ArrayList<>();
                Map<UUID, Long> versionOf = new HashMap<>();
                List<Object> later = new ArrayList<>();
                while (!todo.isEmpty() && batchRows.size() + batchDeletes.size() < size) {
                    Object item = todo.poll();
                    if (item instanceof OwnedRecord r) {
                        Long held = versionOf.putIfAbsent(r.uuid(), r.version());
                        if (oneVersionPerBatch && held != null && held != r.version()) {
                            later.add(r);
                            continue;
                        }
                        batchRows.add(r);
                    } else {
                        batchDeletes.add((Tombstone) item);
                    }
                }
                for (int i = later.size() - 1; i >= 0; i--) {
                    todo.addFirst(later.get(i));
                }
                apply(to, batchRows, batchDeletes, random.nextInt(4) == 0);
            }
        }

        /** Applies one batch; applied {@code twice}, the second time must change nothing. */
        void apply(Owner to, List<OwnedRecord> records, List<Tombstone> deletes, boolean twice) {
            if (records.isEmpty() && deletes.isEmpty()) {
                return;
            }
            LibraryStore.ApplyResult first = to.store.applyChanges(records, deletes);
            assertThat(first.applied() + first.skipped()).isEqualTo(records.size());
            if (!twice) {
                return;
            }
            List<KeySummary> maintained = to.store.summaries();
            List<KeySummary> scanned = scannedAll(to);
            LibraryStore.ApplyResult again = to.store.applyChanges(records, deletes);
            assertThat(again).as("%s: the same batch again", where()).isEqualTo(new LibraryStore.ApplyResult(0, records.size()));
            assertThat(to.store.summaries()).as("%s: summaries after the same batch again", where()).isEqualTo(maintained);
            assertThat(scannedAll(to)).as("%s: records after the same batch again", where()).isEqualTo(scanned);
        }

        List<KeySummary> scannedAll(Owner o) {
            List<KeySummary> out = new ArrayList<>();
            for (Owner owner : List.of(a, b)) {
                for (ResourceType type : SyncOrder.deviceOwned()) {
                    out.add(o.store.scannedSummary(owner.id, type, null));
                }
            }
            return out;
        }

        // ---- the end -------------------------------------------------------------------------------

        /** Every key in both libraries: maintained, scanned and computed here from small pages agree. */
        void checkPaged() {
            for (Owner lib : List.of(a, b)) {
                checkConsistent(lib);
                for (Owner owner : List.of(a, b)) {
                    for (ResourceType type : SyncOrder.deviceOwned()) {
                        KeySummary maintained = lib.store.summary(owner.id, type, null);
                        KeySummary paged = pagedSummary(lib.store, owner.id, type, 1 + random.nextInt(5));
                        assertSame(maintained, paged, where() + ", in " + lib.name + ", maintained vs paged");
                        assertSame(lib.store.scannedSummary(owner.id, type, null), paged, where() + ", in " + lib.name + ", scanned vs paged");
                        assertThat(maintained.maxVersion()).isGreaterThanOrEqualTo(paged.maxVersion());
                    }
                }
            }
        }

        void finish() throws Exception {
            step++;
            checkPaged();
            // The run must have exercised what it is about.
            for (Owner o : List.of(a, b)) {
                assertThat(o.counter.get(focus)).as("%s: versions issued", where()).isGreaterThan(20);
                assertThat(o.deletes.get(focus)).as("%s: deletes", where()).isNotEmpty();
            }

            // Both ways, every page of the other: each library then holds exactly what the owner holds.
            for (Owner from : List.of(a, b)) {
                Owner to = from == a ? b : a;
                for (ResourceType type : SyncOrder.deviceOwned()) {
                    for (LibraryStore.OwnedChanges page : completePages(from.store, from.id, type, 1 + random.nextInt(7))) {
                        apply(to, page.records(), page.deleted(), random.nextBoolean());
                    }
                    assertSame(to.store.summary(from.id, type, null), from.store.summary(from.id, type, null),
                            where() + ", " + to.name + "'s copy after every page vs the owner " + from.name);
                    assertThat(to.store.heldVersions(from.id, type, null)).isEqualTo(from.store.heldVersions(from.id, type, null));
                }
                checkConsistent(to);
            }

            // An empty library that applies each owner's complete pages, in order for one and shuffled for the
            // other, holds exactly what the owner holds.
            Path home = Files.createDirectories(dir.resolve(focus + "-" + seed + "-" + oneVersionPerBatch + "-fresh"));
            boolean shuffleA = random.nextBoolean();
            try (LibraryStore fresh = TestLibraries.create(home)) {
                for (Owner owner : List.of(a, b)) {
                    boolean shuffled = owner == a ? shuffleA : !shuffleA;
                    for (ResourceType type : SyncOrder.deviceOwned()) {
                        List<LibraryStore.OwnedChanges> pages = new ArrayList<>(completePages(owner.store, owner.id, type,
                                1 + random.nextInt(9)));
                        if (shuffled) {
                            Collections.shuffle(pages, random);
                        }
                        for (LibraryStore.OwnedChanges page : pages) {
                            fresh.applyChanges(page.records(), page.deleted());
                        }
                        KeySummary ours = owner.store.summary(owner.id, type, null);
                        KeySummary theirs = fresh.summary(owner.id, type, null);
                        String what = where() + ", a fresh library (pages " + (shuffled ? "shuffled" : "in order") + ")";
                        assertSame(theirs, ours, what);
                        assertSame(fresh.scannedSummary(owner.id, type, null), ours, what + ", scanned");
                        assertThat(theirs.maxVersion()).as(what).isEqualTo(owner.store.scannedSummary(owner.id, type, null).maxVersion());
                        assertThat(fresh.heldVersions(owner.id, type, null)).as(what).isEqualTo(owner.store.heldVersions(owner.id, type, null));
                    }
                }
            }
        }
    }
}
