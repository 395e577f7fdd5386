package io.tidemark.engine.store.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.model.CollectionItemRecord;
import io.tidemark.engine.model.CollectionRecord;
import io.tidemark.engine.model.ContentIdentityRecord;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SharedRecord;
import io.tidemark.engine.model.TagAssignmentRecord;
import io.tidemark.engine.model.TagRecord;
import io.tidemark.engine.model.Tombstone;
import io.tidemark.engine.model.VolumeRecord;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cascading deletes: each removes a row with everything that references it, leaves exactly one
 * tombstone per removed row, keeps record_count exact and doctor clean, and a peer that applies the
 * resulting changes ends up with the same rows.
 */
class CascadeDeleteTest {

    @TempDir
    Path dir;

    /** After every row of a stamp: the largest id in SQLite's unsigned byte order. */
    private static final UUID MAX_ID = new UUID(-1L, -1L);

    private LibraryStore store;
    private UUID self;

    // Volume v1 holds locations l1 (8 entries) and l2 (3 entries); volume v2 holds l3 (2 entries).
    private VolumeRecord v1;
    private VolumeRecord v2;
    private LocationRecord l1;
    private LocationRecord l2;
    private LocationRecord l3;
    private final Map<String, EntryRecord> e = new java.util.HashMap<>();
    private ContentIdentityRecord content;
    private TagRecord red;
    private TagRecord blue;
    private CollectionRecord album;
    private CollectionRecord other;
    private final List<TagAssignmentRecord> redAssignments = new ArrayList<>();
    private TagAssignmentRecord blueAssignment;
    private final List<CollectionItemRecord> albumItems = new ArrayList<>();
    private CollectionItemRecord otherItem;

    @BeforeEach
    void createLibrary() {
        store = TestLibraries.create(dir);
        self = store.identity().deviceId();
        v1 = new VolumeRecord(Ids.newId(), self, 0, "disk", "/", "ext4", 1_000_000);
        v2 = new VolumeRecord(Ids.newId(), self, 0, "usb", "/media/usb", "vfat", 1_000);
        l1 = new LocationRecord(Ids.newId(), self, 0, v1.uuid(), "/home/me/photos", "photos");
        l2 = new LocationRecord(Ids.newId(), self, 0, v1.uuid(), "/home/me/music", "music");
        l3 = new LocationRecord(Ids.newId(), self, 0, v2.uuid(), "/media/usb/backup", "backup");
        content = new ContentIdentityRecord(Ids.newId(), 0, new byte[32], 5);
        List<OwnedRecord> owned = new ArrayList<>(List.of(v1, v2, l1, l2, l3));
        // l1: photos/{a/{x, b/{y, z}}, c, d/}
        owned.add(entry(l1, "photos", null, EntryKind.DIRECTORY));
        owned.add(entry(l1, "a", "photos", EntryKind.DIRECTORY));
        owned.add(entry(l1, "x", "a", EntryKind.FILE));
        owned.add(entry(l1, "b", "a", EntryKind.DIRECTORY));
        owned.add(entry(l1, "y", "b", EntryKind.FILE));
        owned.add(entry(l1, "z", "b", EntryKind.FILE));
        owned.add(entry(l1, "c", "photos", EntryKind.FILE));
        owned.add(entry(l1, "d", "photos", EntryKind.DIRECTORY));
        owned.add(entry(l2, "music", null, EntryKind.DIRECTORY));
        owned.add(entry(l2, "m1", "music", EntryKind.FILE));
        owned.add(entry(l2, "m2", "music", EntryKind.FILE));
        owned.add(entry(l3, "backup", null, EntryKind.DIRECTORY));
        owned.add(entry(l3, "u1", "backup", EntryKind.FILE));
        red = new TagRecord(Ids.newId(), 0, "red", "#f00");
        blue = new TagRecord(Ids.newId(), 0, "blue", "#00f");
        album = new CollectionRecord(Ids.newId(), 0, "album");
        other = new CollectionRecord(Ids.newId(), 0, "other");
        for (int i = 0; i < 3; i++) {
            redAssignments.add(new TagAssignmentRecord(Ids.newId(), 0, red.uuid(), content.uuid()));
            albumItems.add(new CollectionItemRecord(Ids.newId(), 0, album.uuid(), content.uuid()));
        }
        blueAssignment = new TagAssignmentRecord(Ids.newId(), 0, blue.uuid(), content.uuid());
        otherItem = new CollectionItemRecord(Ids.newId(), 0, other.uuid(), content.uuid());
        List<SharedRecord> shared = new ArrayList<>(List.of(content, red, blue, album, other, blueAssignment, otherItem));
        shared.addAll(redAssignments);
        shared.addAll(albumItems);
        store.writeLocal(tx -> {
            for (OwnedRecord r : owned) {
                tx.put(r);
            }
            for (SharedRecord r : shared) {
                tx.putShared(r);
            }
            return null;
        });
        assertThat(store.count(self, ResourceType.ENTRY)).isEqualTo(13);
        assertClean();
    }

    private EntryRecord entry(LocationRecord location, String name, String parent, EntryKind kind) {
        EntryRecord r = new EntryRecord(Ids.newId(), self, 0, location.uuid(), parent == null ? null : e.get(parent).uuid(),
                name, kind, kind == EntryKind.FILE ? 5 : 0, 1_700_000_000_000L, kind == EntryKind.FILE ? content.uuid() : null);
        e.put(name, r);
        return r;
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        store.close();
    }

    // ---- helpers ----

    private static Map<ResourceType, Integer> counts(Object... typeThenCount) {
        Map<ResourceType, Integer> m = new EnumMap<>(ResourceType.class);
        for (int i = 0; i < typeThenCount.length; i += 2) {
            m.put((ResourceType) typeThenCount[i], (Integer) typeThenCount[i + 1]);
        }
        return m;
    }

    private record Deleted(Removed removed, long stamp) {
    }

    private Deleted delete(LibraryStore.LocalWork<Removed> work) {
        return store.writeLocal(tx -> new Deleted(work.run(tx), tx.stamp()));
    }

    /** Every tombstone in the file, of every owner and type. */
    private List<Tombstone> allTombstones() {
        return store.read(c -> {
            List<Tombstone> all = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT type, uuid, owner, stamp FROM tombstone");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] owner = rs.getBytes(3);
                    all.add(new Tombstone(ResourceType.fromWireName(rs.getString(1)), Sql.getId(rs, 2),
                            owner == null ? null : Ids.fromBytes(owner), rs.getLong(4)));
                }
            }
            return all;
        });
    }

    private Tombstone own(ResourceType type, UUID uuid, long stamp) {
        return new Tombstone(type, uuid, self, stamp);
    }

    private static Tombstone shared(ResourceType type, UUID uuid, long stamp) {
        return new Tombstone(type, uuid, null, stamp);
    }

    private List<Tombstone> ownEntries(long stamp, String... names) {
        return java.util.Arrays.stream(names).map(n -> own(ResourceType.ENTRY, e.get(n).uuid(), stamp)).toList();
    }

    private List<String> entryNames() {
        List<String> names = new ArrayList<>();
        Cursor after = Cursor.START;
        for (List<EntryRecord> page; !(page = store.page(Tables.ENTRIES, self, after, 5)).isEmpty(); ) {
            page.forEach(r -> names.add(r.name()));
            after = page.get(page.size() - 1).cursor();
        }
        return names;
    }

    private <R extends io.tidemark.engine.model.SharedRecord> List<R> sharedRows(SharedTable<R> table) {
        return store.read(c -> table.list(c, null, 1_000));
    }

    private void assertClean() {
        assertThat(LibraryChecks.run(store)).allSatisfy(f -> assertThat(f.ok()).as(f.check() + ": " + f.detail()).isTrue());
    }

    // ---- device-owned cascades ----

    @Test
    void aDirectoryGoesWithItsWholeSubtreeAndNothingElse() {
        Deleted d = delete(tx -> tx.deleteEntry(e.get("a").uuid()));

        assertThat(d.removed().counts()).isEqualTo(counts(ResourceType.ENTRY, 5));
        assertThat(allTombstones()).containsExactlyInAnyOrderElementsOf(ownEntries(d.stamp(), "a", "x", "b", "y", "z"));
        assertThat(entryNames()).containsExactlyInAnyOrder("photos", "c", "d", "music", "m1", "m2", "backup", "u1");
        assertThat(store.count(self, ResourceType.ENTRY)).isEqualTo(8);
        assertClean();
    }

    @Test
    void aFileOrAnEmptyDirectoryGoesAlone() {
        Deleted file = delete(tx -> tx.deleteEntry(e.get("y").uuid()));
        Deleted empty = delete(tx -> tx.deleteEntry(e.get("d").uuid()));

        assertThat(file.removed().counts()).isEqualTo(counts(ResourceType.ENTRY, 1));
        assertThat(empty.removed().counts()).isEqualTo(counts(ResourceType.ENTRY, 1));
        assertThat(allTombstones()).containsExactlyInAnyOrder(own(ResourceType.ENTRY, e.get("y").uuid(), file.stamp()),
                own(ResourceType.ENTRY, e.get("d").uuid(), empty.stamp()));
        assertThat(store.count(self, ResourceType.ENTRY)).isEqualTo(11);
        assertClean();
    }

    @Test
    void aLocationGoesWithItsEntries() {
        Deleted d = delete(tx -> tx.deleteLocation(l1.uuid()));

        assertThat(d.removed().counts()).isEqualTo(counts(ResourceType.LOCATION, 1, ResourceType.ENTRY, 8));
        List<Tombstone> expected = new ArrayList<>(ownEntries(d.stamp(), "photos", "a", "x", "b", "y", "z", "c", "d"));
        expected.add(own(ResourceType.LOCATION, l1.uuid(), d.stamp()));
        assertThat(allTombstones()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(entryNames()).containsExactlyInAnyOrder("music", "m1", "m2", "backup", "u1");
        List<LocationRecord> locations = store.read(c -> IndexQueries.locations(c, self));
        assertThat(locations).extracting(LocationRecord::uuid)
                .containsExactlyInAnyOrder(l2.uuid(), l3.uuid());
        assertThat(store.count(self, ResourceType.LOCATION)).isEqualTo(2);
        assertThat(store.count(self, ResourceType.ENTRY)).isEqualTo(5);
        assertClean();
    }

    @Test
    void aVolumeGoesWithItsLocationsAndTheirEntries() {
        Deleted d = delete(tx -> tx.deleteVolume(v1.uuid()));

        assertThat(d.removed().counts())
                .isEqualTo(counts(ResourceType.VOLUME, 1, ResourceType.LOCATION, 2, ResourceType.ENTRY, 11));
        assertThat(d.removed().total()).isEqualTo(14);
        assertThat(allTombstones()).hasSize(14).allSatisfy(t -> {
            assertThat(t.owner()).isEqualTo(self);
            assertThat(t.stamp()).isEqualTo(d.stamp());
        });
        assertThat(entryNames()).containsExactlyInAnyOrder("backup", "u1");
        assertThat(store.page(Tables.VOLUMES, self, Cursor.START, 10)).extracting(VolumeRecord::uuid).containsExactly(v2.uuid());
        assertThat(store.page(Tables.LOCATIONS, self, Cursor.START, 10)).extracting(LocationRecord::uuid).containsExactly(l3.uuid());
        assertThat(store.count(self, ResourceType.VOLUME)).isEqualTo(1);
        assertThat(store.count(self, ResourceType.LOCATION)).isEqualTo(1);
        assertThat(store.count(self, ResourceType.ENTRY)).isEqualTo(2);
        assertClean();
    }

    @Test
    void theDeletesOfACascadeAreServedWithTheRowsOfTheirTypes() {
        long before = store.newest(self, ResourceType.ENTRY).stamp();
        Deleted d = delete(tx -> tx.deleteLocation(l2.uuid()));

        LibraryStore.OwnedChanges entries = store.changes(self, ResourceType.ENTRY, new Cursor(before, MAX_ID), null, 100);
        assertThat(entries.records()).isEmpty();
        assertThat(entries.deleted()).extracting(Tombstone::uuid)
                .containsExactlyInAnyOrder(e.get("music").uuid(), e.get("m1").uuid(), e.get("m2").uuid());
        assertThat(entries.remaining()).isZero();
        assertThat(entries.last()).isEqualTo(entries.deleted().get(2).cursor());
        assertThat(store.newest(self, ResourceType.ENTRY)).isEqualTo(entries.last());
        assertThat(store.newest(self, ResourceType.LOCATION)).isEqualTo(new Cursor(d.stamp(), l2.uuid()));
    }

    @Test
    void aPeerApplyingTheChangesEndsUpWithTheSameRows() throws Exception {
        Path peerDir = java.nio.file.Files.createDirectories(dir.resolve("peer"));
        try (LibraryStore peer = TestLibraries.create(peerDir)) {
            Map<ResourceType, Cursor> watermarks = new EnumMap<>(ResourceType.class);
            replicate(peer, watermarks);
            delete(tx -> tx.deleteVolume(v1.uuid()));
            delete(tx -> tx.deleteEntry(e.get("u1").uuid()));
            int applied = replicate(peer, watermarks);

            assertThat(applied).as("deletes applied: volume, 2 locations, 12 entries").isEqualTo(15);
            for (OwnedTable<?> table : List.of(Tables.DEVICES, Tables.VOLUMES, Tables.LOCATIONS, Tables.ENTRIES)) {
                assertThat(peer.page(table, self, Cursor.START, 100)).as(table.type().wireName())
                        .isEqualTo(store.page(table, self, Cursor.START, 100));
                assertThat(peer.count(self, table.type())).isEqualTo(store.count(self, table.type()));
            }
            assertThat(peer.count(self, ResourceType.ENTRY)).isEqualTo(1);
            assertThat(LibraryChecks.run(peer)).allSatisfy(f -> assertThat(f.ok()).as(f.check() + ": " + f.detail()).isTrue());
        }
    }

    /** Pulls every owned type of this device into {@code peer} from its watermarks, in pages of 4; returns deletes applied. */
    private int replicate(LibraryStore peer, Map<ResourceType, Cursor> watermarks) {
        peer.applyShared(store.read(c -> Tables.CONTENT_IDENTITIES.versions(c, null, 1_000)));
        int deletes = 0;
        for (ResourceType type : List.of(ResourceType.DEVICE, ResourceType.VOLUME, ResourceType.LOCATION, ResourceType.ENTRY)) {
            while (true) {
                LibraryStore.OwnedChanges page = store.changes(self, type, watermarks.getOrDefault(type, Cursor.START), null, 4);
                if (page.isEmpty()) {
                    assertThat(page.remaining()).isZero();
                    break;
                }
                peer.applyChanges(page.records(), page.deleted());
                deletes += page.deleted().size();
                watermarks.put(type, page.last());
            }
        }
        return deletes;
    }

    @Test
    void anotherDevicesRowsAreRefusedAndNothingChanges() {
        UUID peer = Ids.newId();
        LocationRecord theirs = new LocationRecord(Ids.newId(), peer, t(1), null, "/theirs", "theirs");
        VolumeRecord theirVolume = new VolumeRecord(Ids.newId(), peer, t(1), "disk", "/", "ext4", 1);
        EntryRecord theirEntry = new EntryRecord(Ids.newId(), peer, t(2), theirs.uuid(), null, "theirs", EntryKind.DIRECTORY,
                0, 1, null);
        store.applyOwned(List.of(theirVolume, theirs, theirEntry));
        List<Tombstone> before = allTombstones();

        List<LibraryStore.LocalWork<?>> attempts = List.of(
                tx -> tx.deleteEntry(theirEntry.uuid()),
                tx -> tx.deleteLocation(theirs.uuid()),
                tx -> tx.deleteVolume(theirVolume.uuid()),
                tx -> {
                    tx.delete(ResourceType.ENTRY, theirEntry.uuid());
                    return null;
                },
                tx -> {
                    // Refused halfway: what the transaction deleted before is rolled back too.
                    tx.deleteEntry(e.get("c").uuid());
                    return tx.deleteEntry(theirEntry.uuid());
                });
        for (LibraryStore.LocalWork<?> attempt : attempts) {
            assertThatThrownBy(() -> store.writeLocal(attempt)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Only the owner device deletes").hasMessageContaining(peer.toString());
        }

        assertThat(allTombstones()).isEqualTo(before).isEmpty();
        assertThat(store.count(peer, ResourceType.ENTRY)).isEqualTo(1);
        assertThat(store.count(peer, ResourceType.LOCATION)).isEqualTo(1);
        assertThat(store.count(peer, ResourceType.VOLUME)).isEqualTo(1);
        assertThat(store.count(self, ResourceType.ENTRY)).isEqualTo(13);
    }

    @Test
    void deletingWhatIsNotHeldRemovesNothing() {
        UUID unknown = Ids.newId();
        List<LibraryStore.LocalWork<Removed>> attempts = List.of(tx -> tx.deleteEntry(unknown), tx -> tx.deleteLocation(unknown),
                tx -> tx.deleteVolume(unknown), tx -> tx.deleteTag(unknown), tx -> tx.deleteCollection(unknown),
                tx -> tx.deleteTagAssignment(unknown), tx -> tx.deleteCollectionItem(unknown));
        for (LibraryStore.LocalWork<Removed> attempt : attempts) {
            assertThat(store.writeLocal(attempt)).isEqualTo(Removed.NONE);
        }
        assertThat(allTombstones()).isEmpty();
        assertThat(store.count(self, ResourceType.ENTRY)).isEqualTo(13);
    }

    // ---- shared cascades ----

    @Test
    void aTagGoesWithItsAssignments() {
        Deleted d = delete(tx -> tx.deleteTag(red.uuid()));

        assertThat(d.removed().counts()).isEqualTo(counts(ResourceType.TAG, 1, ResourceType.TAG_ASSIGNMENT, 3));
        List<Tombstone> expected = new ArrayList<>(List.of(shared(ResourceType.TAG, red.uuid(), d.stamp())));
        redAssignments.forEach(a -> expected.add(shared(ResourceType.TAG_ASSIGNMENT, a.uuid(), d.stamp())));
        assertThat(allTombstones()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(sharedRows(Tables.TAGS)).extracting(TagRecord::uuid).containsExactly(blue.uuid());
        assertThat(sharedRows(Tables.TAG_ASSIGNMENTS)).extracting(TagAssignmentRecord::uuid).containsExactly(blueAssignment.uuid());
        assertThat(store.count(null, ResourceType.TAG)).isEqualTo(1);
        assertThat(store.count(null, ResourceType.TAG_ASSIGNMENT)).isEqualTo(1);
        assertThat(sharedRows(Tables.CONTENT_IDENTITIES)).as("content stays").hasSize(1);
        assertClean();
    }

    @Test
    void aCollectionGoesWithItsItems() {
        Deleted d = delete(tx -> tx.deleteCollection(album.uuid()));

        assertThat(d.removed().counts()).isEqualTo(counts(ResourceType.COLLECTION, 1, ResourceType.COLLECTION_ITEM, 3));
        List<Tombstone> expected = new ArrayList<>(List.of(shared(ResourceType.COLLECTION, album.uuid(), d.stamp())));
        albumItems.forEach(i -> expected.add(shared(ResourceType.COLLECTION_ITEM, i.uuid(), d.stamp())));
        assertThat(allTombstones()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(sharedRows(Tables.COLLECTIONS)).extracting(CollectionRecord::uuid).containsExactly(other.uuid());
        assertThat(sharedRows(Tables.COLLECTION_ITEMS)).extracting(CollectionItemRecord::uuid).containsExactly(otherItem.uuid());
        assertThat(store.count(null, ResourceType.COLLECTION)).isEqualTo(1);
        assertThat(store.count(null, ResourceType.COLLECTION_ITEM)).isEqualTo(1);
        assertClean();
    }

    @Test
    void aSingleAssignmentOrItemGoesAlone() {
        Deleted assignment = delete(tx -> tx.deleteTagAssignment(redAssignments.get(1).uuid()));
        Deleted item = delete(tx -> tx.deleteCollectionItem(albumItems.get(2).uuid()));

        assertThat(assignment.removed().counts()).isEqualTo(counts(ResourceType.TAG_ASSIGNMENT, 1));
        assertThat(item.removed().counts()).isEqualTo(counts(ResourceType.COLLECTION_ITEM, 1));
        assertThat(allTombstones()).containsExactlyInAnyOrder(
                shared(ResourceType.TAG_ASSIGNMENT, redAssignments.get(1).uuid(), assignment.stamp()),
                shared(ResourceType.COLLECTION_ITEM, albumItems.get(2).uuid(), item.stamp()));
        assertThat(store.count(null, ResourceType.TAG)).isEqualTo(2);
        assertThat(store.count(null, ResourceType.TAG_ASSIGNMENT)).isEqualTo(3);
        assertThat(store.count(null, ResourceType.COLLECTION_ITEM)).isEqualTo(3);
        assertClean();
    }

    @Test
    void aSharedRowWrittenAheadOfOurClockIsStillDeletedAfterIt() {
        // Written by a device whose clock is an hour ahead. Applying it moved our clock past it, so the
        // delete is stamped after the row and removes it on every device, not just here.
        long ahead = HlcTimestamp.fromPacked(store.clock().tick().packed()).physicalMillis() + 3_600_000L;
        TagAssignmentRecord late = new TagAssignmentRecord(Ids.newId(), new HlcTimestamp(ahead, 0).packed(), blue.uuid(),
                content.uuid());
        store.applyShared(List.of(io.tidemark.engine.model.SharedVersion.put(late, Ids.newId())));

        Removed removed = store.writeLocal(tx -> tx.deleteTag(blue.uuid()));
        assertThat(removed.count(ResourceType.TAG)).isEqualTo(1);
        assertThat(allTombstones()).filteredOn(t -> t.uuid().equals(late.uuid()))
                .singleElement().satisfies(t -> assertThat(t.stamp()).isGreaterThan(late.hlc()));
        assertThat(sharedRows(Tables.TAG_ASSIGNMENTS)).noneMatch(a -> a.uuid().equals(late.uuid()));
        // Doctor says the clock now runs an hour ahead, and calls it harmless: that is what merging the row means.
        assertThat(LibraryChecks.run(store)).filteredOn(f -> f.check().equals("clock")).singleElement().satisfies(f -> {
            assertThat(f.ok()).isTrue();
            assertThat(f.detail()).endsWith(", 1 h ahead of the system time: stamps merged from a clock that ran ahead;"
                    + " harmless, it falls back as the system time catches up");
        });
    }

    private static long t(int plusMillis) {
        return new HlcTimestamp(1_763_000_000_000L + plusMillis, 0).packed();
    }

    // ---- size ----

    /** 100,000 entries: found with one scan of the location and removed in chunks, not row by row. */
    @Test
    void aHundredThousandEntryLocationIsRemovedWithExactCounts() {
        LocationRecord big = new LocationRecord(Ids.newId(), self, 0, v2.uuid(), "/big", "big");
        EntryRecord root = new EntryRecord(Ids.newId(), self, 0, big.uuid(), null, "big", EntryKind.DIRECTORY, 0, 1, null);
        List<EntryRecord> dirs = new ArrayList<>();
        List<EntryRecord> files = new ArrayList<>();
        for (int d = 0; d < 100; d++) {
            EntryRecord dirEntry = new EntryRecord(Ids.newId(), self, 0, big.uuid(), root.uuid(), "d" + d, EntryKind.DIRECTORY,
                    0, 1, null);
            dirs.add(dirEntry);
            for (int f = 0; f < 999; f++) {
                files.add(new EntryRecord(Ids.newId(), self, 0, big.uuid(), dirEntry.uuid(), "f" + f, EntryKind.FILE, 1, 1, null));
            }
        }
        store.writeLocal(tx -> {
            tx.put(big);
            tx.put(root);
            for (EntryRecord r : dirs) {
                tx.put(r);
            }
            for (EntryRecord r : files) {
                tx.put(r);
            }
            return null;
        });
        assertThat(store.count(self, ResourceType.ENTRY)).isEqualTo(13 + 100_001);

        Deleted oneDir = delete(tx -> tx.deleteEntry(dirs.get(7).uuid()));
        Deleted location = delete(tx -> tx.deleteLocation(big.uuid()));

        assertThat(oneDir.removed().counts()).isEqualTo(counts(ResourceType.ENTRY, 1_000));
        assertThat(location.removed().counts()).isEqualTo(counts(ResourceType.LOCATION, 1, ResourceType.ENTRY, 99_001));
        assertThat(allTombstones()).hasSize(100_002);
        assertThat(store.changes(self, ResourceType.ENTRY, new Cursor(oneDir.stamp(), MAX_ID), null, 10).remaining())
                .as("the location's entry deletes after the first page").isEqualTo(99_001 - 10);
        assertThat(store.count(self, ResourceType.ENTRY)).isEqualTo(13);
        assertClean();
    }
}
