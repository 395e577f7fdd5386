package io.tidemark.engine.store.library;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.model.CollectionRecord;
import io.tidemark.engine.model.ContentIdentityRecord;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.TagAssignmentRecord;
import io.tidemark.engine.model.TagRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cursor queries every later sync step stands on, with the cases that broke the reference system. */
class KeysetPagingTest {

    @TempDir
    Path dir;

    private static final long T = new HlcTimestamp(1_763_000_000_000L, 0).packed();

    private static long t(int plusMillis) {
        return new HlcTimestamp(HlcTimestamp.fromPacked(T).physicalMillis() + plusMillis, 0).packed();
    }

    private static <R extends OwnedRecord> List<R> pageAll(LibraryStore store, OwnedTable<R> table, UUID owner, Cursor from, int limit) {
        List<R> all = new ArrayList<>();
        Cursor after = from;
        for (List<R> page; !(page = store.page(table, owner, after, limit)).isEmpty(); ) {
            assertThat(page.size()).isLessThanOrEqualTo(limit);
            all.addAll(page);
            after = page.get(page.size() - 1).cursor();
        }
        return all;
    }

    /**
     * Reference scenario: locations stamped T+0..9, entries T+20..29. With one global watermark, a
     * resume of entries at T+25 would skip every location. Per-type cursors keep them apart.
     */
    @Test
    void resumingEntriesDoesNotSkipLocationsBehindTheEntryWatermark() {
        try (LibraryStore store = TestLibraries.create(dir)) {
            UUID peer = Ids.newId();
            List<LocationRecord> locations = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                locations.add(new LocationRecord(Ids.newId(), peer, t(i), null, "/loc" + i, "loc" + i));
            }
            List<EntryRecord> entries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                entries.add(TestLibraries.entry(peer, t(20 + i), locations.get(i).uuid()));
            }
            store.applyOwned(locations);
            store.applyOwned(entries);

            Cursor entryWatermark = entries.get(5).cursor(); // entries applied up to T+25
            List<EntryRecord> restOfEntries = pageAll(store, Tables.ENTRIES, peer, entryWatermark, 3);
            List<LocationRecord> allLocations = pageAll(store, Tables.LOCATIONS, peer, Cursor.START, 3);

            assertThat(restOfEntries).extracting(EntryRecord::uuid)
                    .containsExactlyElementsOf(entries.subList(6, 10).stream().map(EntryRecord::uuid).toList());
            assertThat(allLocations).extracting(LocationRecord::uuid)
                    .containsExactlyElementsOf(locations.stream().map(LocationRecord::uuid).toList());
        }
    }

    /** A whole commit shares one stamp: 25,000 rows at the same stamp are paged exactly once each. */
    @Test
    void rowsSharingOneStampArePagedExactlyOnce() throws Exception {
        try (LibraryStore store = TestLibraries.create(dir)) {
            UUID self = store.identity().deviceId();
            UUID location = Ids.newId();
            Set<UUID> written = new HashSet<>();
            store.writeLocal(tx -> {
                for (int i = 0; i < 25_000; i++) {
                    EntryRecord e = TestLibraries.entry(self, 0, location);
                    written.add(e.uuid());
                    tx.put(e);
                }
                return null;
            });

            List<EntryRecord> paged = pageAll(store, Tables.ENTRIES, self, Cursor.START, 10_000);
            List<EntryRecord> firstDefaultPage = store.page(Tables.ENTRIES, self, Cursor.START);

            assertThat(firstDefaultPage).hasSize(LibraryStore.DEFAULT_PAGE_SIZE).isEqualTo(paged.subList(0, 10_000));
            assertThat(paged).hasSize(25_000);
            assertThat(paged.stream().map(EntryRecord::stamp).distinct()).hasSize(1);
            assertThat(paged.stream().map(EntryRecord::uuid).collect(Collectors.toSet())).isEqualTo(written);
            assertThat(store.count(self, ResourceType.ENTRY)).isEqualTo(25_000);
        }
    }

    /**
     * For every type and owner, the maintained count, the count query and the paging query agree row
     * for row, and paging returns only that owner's rows. (The reference system counted with one owner
     * filter and fetched with another that returned 0 rows.)
     */
    @Test
    void countAndPagingAgreeForEveryTypeAndOwner() throws Exception {
        try (LibraryStore store = TestLibraries.create(dir)) {
            UUID self = store.identity().deviceId();
            UUID peerA = Ids.newId();
            UUID peerB = Ids.newId();
            Map<UUID, Integer> sizes = Map.of(self, 7, peerA, 130, peerB, 1);
            // Local rows through the commit-stamped path.
            store.writeLocal(tx -> {
                for (int i = 0; i < sizes.get(self); i++) {
                    tx.put(TestLibraries.volume(self, 0));
                    LocationRecord l = TestLibraries.location(self, 0);
                    tx.put(l);
                    tx.put(TestLibraries.entry(self, 0, l.uuid()));
                }
                return null;
            });
            // Peer rows through the apply path, with their own stamps.
            for (UUID peer : List.of(peerA, peerB)) {
                List<OwnedRecord> rows = new ArrayList<>();
                rows.add(TestLibraries.device(peer, t(0)));
                for (int i = 0; i < sizes.get(peer); i++) {
                    rows.add(TestLibraries.volume(peer, t(i)));
                    LocationRecord l = TestLibraries.location(peer, t(i));
                    rows.add(l);
                    rows.add(TestLibraries.entry(peer, t(i % 3), l.uuid()));
                }
                store.applyOwned(rows);
            }

            for (ResourceType type : ResourceType.values()) {
                if (!type.deviceOwned()) {
                    continue;
                }
                OwnedTable<? extends OwnedRecord> table = Tables.owned(type);
                for (UUID owner : List.of(self, peerA, peerB)) {
                    long expected = type == ResourceType.DEVICE ? 1 : sizes.get(owner);
                    List<? extends OwnedRecord> paged = pageAll(store, table, owner, Cursor.START, 4);
                    long queried = store.read(c -> table.countByQuery(c, owner));
                    assertThat(paged).as("%s of %s", type, owner).hasSize((int) expected)
                            .allSatisfy(r -> assertThat(r.owner()).isEqualTo(owner));
                    assertThat(queried).as("count query %s", type).isEqualTo(expected);
                    assertThat(store.count(owner, type)).as("maintained count %s", type).isEqualTo(expected);
                    long after = store.read(c -> table.countAfter(c, owner, paged.get(0).cursor()));
                    assertThat(after).isEqualTo(expected - 1);
                }
            }
            assertThat(LibraryChecks.run(store)).allSatisfy(f -> assertThat(f.ok()).as(f.check() + ": " + f.detail()).isTrue());
        }
    }

    @Test
    void sharedCountsMatchTheirRows() throws Exception {
        try (LibraryStore store = TestLibraries.create(dir)) {
            store.writeLocal(tx -> {
                for (int i = 0; i < 5; i++) {
                    ContentIdentityRecord content = new ContentIdentityRecord(Ids.newId(), 0, new byte[] {(byte) i}, i);
                    TagRecord tag = new TagRecord(Ids.newId(), 0, "tag" + i, "#ff0000");
                    tx.putShared(content);
                    tx.putShared(tag);
                    tx.putShared(new TagAssignmentRecord(Ids.derived("tag", tag.uuid(), content.uuid()), 0, tag.uuid(), content.uuid()));
                }
                tx.putShared(new CollectionRecord(Ids.newId(), 0, "favourites"));
                return null;
            });
            assertThat(store.count(null, ResourceType.CONTENT_IDENTITY)).isEqualTo(5);
            assertThat(store.count(null, ResourceType.TAG_ASSIGNMENT)).isEqualTo(5);
            assertThat(store.count(null, ResourceType.COLLECTION)).isEqualTo(1);
            List<TagRecord> tags = store.read(c -> Tables.TAGS.list(c, null, 100));
            assertThat(tags).hasSize(5);
            assertThat(store.counts()).filteredOn(c -> c.owner() == null).extracting(c -> c.type().wireName() + "=" + c.count())
                    .containsExactlyInAnyOrder("content_identity=5", "tag=5", "tag_assignment=5", "collection=1");
        }
    }
}
