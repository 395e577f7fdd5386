package io.tidemark.engine.store.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SharedVersion;
import io.tidemark.engine.model.TagRecord;
import io.tidemark.engine.model.Tombstone;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TombstoneAndApplyTest {

    @TempDir
    Path dir;

    private static long t(int plusMillis) {
        return new HlcTimestamp(1_763_000_000_000L + plusMillis, 0).packed();
    }

    @Test
    void localDeleteLeavesATombstoneThatKeepsAStaleCopyOut() throws Exception {
        try (LibraryStore store = TestLibraries.create(dir)) {
            UUID self = store.identity().deviceId();
            EntryRecord entry = TestLibraries.entry(self, 0, Ids.newId());
            store.writeLocal(tx -> {
                tx.put(entry);
                return null;
            });
            EntryRecord stored = store.page(Tables.ENTRIES, self, Cursor.START, 10).get(0);
            long deletedAt = store.writeLocal(tx -> {
                tx.delete(ResourceType.ENTRY, entry.uuid());
                return tx.stamp();
            });

            assertThat(store.page(Tables.ENTRIES, self, Cursor.START, 10)).isEmpty();
            assertThat(store.count(self, ResourceType.ENTRY)).isZero();
            assertThat(store.tombstones(self, Cursor.START, 10))
                    .containsExactly(new Tombstone(ResourceType.ENTRY, entry.uuid(), self, deletedAt));

            // A peer that still holds the old version sends it back: it must not re-appear.
            LibraryStore.ApplyResult result = store.applyOwned(List.of(stored));
            assertThat(result.applied()).isZero();
            assertThat(store.page(Tables.ENTRIES, self, Cursor.START, 10)).isEmpty();
            assertThat(store.count(self, ResourceType.ENTRY)).isZero();
        }
    }

    @Test
    void appliedTombstoneRemovesOlderRowsOnlyAndBlocksTheirReturn() {
        try (LibraryStore store = TestLibraries.create(dir)) {
            UUID peer = Ids.newId();
            UUID location = Ids.newId();
            EntryRecord old = TestLibraries.entry(peer, t(1), location);
            EntryRecord newer = TestLibraries.entry(peer, t(10), location);
            store.applyOwned(List.of(old, newer));

            store.applyTombstones(List.of(new Tombstone(ResourceType.ENTRY, old.uuid(), peer, t(5)),
                    new Tombstone(ResourceType.ENTRY, newer.uuid(), peer, t(5))));

            assertThat(store.page(Tables.ENTRIES, peer, Cursor.START, 10)).extracting(EntryRecord::uuid).containsExactly(newer.uuid());
            assertThat(store.applyOwned(List.of(old)).applied()).isZero();
            assertThat(store.count(peer, ResourceType.ENTRY)).isEqualTo(1);
            // The delete older than the row it missed is not kept: the row is newer, so it stays alive only.
            assertThat(store.tombstones(peer, Cursor.START, 10)).extracting(Tombstone::uuid).containsExactly(old.uuid());
        }
    }

    @Test
    void olderVersionNeverOverwritesNewerAndOwnerNeverChanges() {
        try (LibraryStore store = TestLibraries.create(dir)) {
            UUID peer = Ids.newId();
            EntryRecord v2 = TestLibraries.entry(peer, t(20), Ids.newId());
            EntryRecord v1 = new EntryRecord(v2.uuid(), peer, t(10), v2.locationUuid(), null, "old name", v2.kind(), 1, 1, null);
            EntryRecord v3 = new EntryRecord(v2.uuid(), peer, t(30), v2.locationUuid(), null, "new name", v2.kind(), 3, 3, null);
            EntryRecord hijack = new EntryRecord(v2.uuid(), Ids.newId(), t(40), v2.locationUuid(), null, "hijack", v2.kind(), 4, 4, null);

            assertThat(store.applyOwned(List.of(v2)).applied()).isEqualTo(1);
            assertThat(store.applyOwned(List.of(v1)).applied()).isZero();
            assertThat(store.page(Tables.ENTRIES, peer, Cursor.START, 10).get(0).name()).isEqualTo(v2.name());
            assertThat(store.applyOwned(List.of(v3)).applied()).isEqualTo(1);
            assertThat(store.applyOwned(List.of(hijack)).applied()).isZero();
            assertThat(store.page(Tables.ENTRIES, peer, Cursor.START, 10)).containsExactly(v3);
            assertThat(store.count(peer, ResourceType.ENTRY)).isEqualTo(1);
        }
    }

    private static final UUID LOW = new UUID(0x0190_0000_0000_7000L, 0x8000_0000_0000_0001L);
    /** Greater than LOW as unsigned bytes, although negative as a Java long. */
    private static final UUID HIGH = new UUID(0xF190_0000_0000_7000L, 0x8000_0000_0000_0001L);

    private static List<TagRecord> tags(LibraryStore store) {
        return store.read(c -> Tables.TAGS.list(c, null, 10));
    }

    private static SharedVersion tag(UUID uuid, long hlc, String name, UUID origin) {
        return SharedVersion.put(new TagRecord(uuid, hlc, name, null), origin);
    }

    @Test
    void sharedRecordsAreLastWriterWinsByHlc() {
        try (LibraryStore store = TestLibraries.create(dir)) {
            UUID tag = Ids.newId();
            assertThat(store.applyShared(List.of(tag(tag, t(10), "blue", LOW))).applied()).isEqualTo(1);
            assertThat(store.applyShared(List.of(tag(tag, t(5), "stale", HIGH))).applied()).isZero();
            assertThat(store.applyShared(List.of(tag(tag, t(11), "navy", LOW))).applied()).isEqualTo(1);
            List<TagRecord> tags = store.read(c -> Tables.TAGS.list(c, null, 10));
            assertThat(tags).containsExactly(new TagRecord(tag, t(11), "navy", null));
            assertThat(store.count(null, ResourceType.TAG)).isEqualTo(1);
        }
    }

    /**
     * Version 1 to 2: shared rows and shared deletes from before shared sync can only be this
     * device's, so they get it as origin, and the tailer will log them as its own changes.
     */
    @Test
    void version1SharedRowsBecomeThisDevicesOwn() throws Exception {
        io.tidemark.engine.store.Schema v1 = new io.tidemark.engine.store.Schema(LibrarySchema.schema().fileDescription(),
                LibrarySchema.APPLICATION_ID, LibrarySchema.schema().migrations().subList(0, 1));
        Path file = dir.resolve("library.db");
        UUID self = HIGH;
        UUID tag = Ids.newId();
        UUID gone = Ids.newId();
        try (io.tidemark.engine.store.Database db = io.tidemark.engine.store.Database.open(file, v1, true)) {
            db.write(c -> {
                try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO library VALUES (1, ?, 'old', ?, 0)")) {
                    ps.setBytes(1, Ids.toBytes(Ids.newId()));
                    ps.setBytes(2, Ids.toBytes(self));
                    ps.executeUpdate();
                }
                try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO tag VALUES (?, ?, 'old tag', NULL)")) {
                    ps.setBytes(1, Ids.toBytes(tag));
                    ps.setLong(2, t(3));
                    ps.executeUpdate();
                }
                try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO tombstone VALUES (?, 'tag', NULL, ?)")) {
                    ps.setBytes(1, Ids.toBytes(gone));
                    ps.setLong(2, t(4));
                    ps.executeUpdate();
                }
                return null;
            });
        }
        try (LibraryStore store = LibraryStore.open(file, io.tidemark.engine.clock.HybridLogicalClock.system())) {
            assertThat(store.sharedChangesBy(self, Cursor.START, 10)).containsExactly(
                    tag(tag, t(3), "old tag", self), SharedVersion.delete(ResourceType.TAG, gone, t(4), self));
        }
    }

    /** Equal HLCs: the greater origin (unsigned bytes) wins in either arrival order; a delete beats a row of its HLC. */
    @Test
    void anHlcTieGoesToTheGreaterOriginAndADeleteBeatsItsHlc() {
        UUID tag = Ids.newId();
        List<SharedVersion> versions = List.of(tag(tag, t(20), "from low", LOW), tag(tag, t(20), "from high", HIGH));
        for (List<SharedVersion> order : List.of(versions, List.of(versions.get(1), versions.get(0)))) {
            Path home = dir.resolve("order-" + order.get(0).origin());
            try {
                java.nio.file.Files.createDirectories(home);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            try (LibraryStore store = TestLibraries.create(home)) {
                for (SharedVersion v : order) {
                    store.applyShared(List.of(v));
                }
                List<SharedVersion> rows = store.read(c -> Tables.TAGS.versions(c, null, 10));
                assertThat(rows).containsExactly(tag(tag, t(20), "from high", HIGH));
                assertThat(store.applyShared(List.of(tag(tag, t(20), "from low", LOW))).applied()).isZero();

                store.applyShared(List.of(SharedVersion.delete(ResourceType.TAG, tag, t(20), LOW)));
                assertThat(tags(store)).isEmpty();
                assertThat(store.applyShared(List.of(tag(tag, t(20), "from high", HIGH))).applied()).isZero();
                assertThat(tags(store)).isEmpty();
                assertThat(store.applyShared(List.of(tag(tag, t(21), "back", LOW))).applied()).isEqualTo(1);
                assertThat(tags(store)).containsExactly(new TagRecord(tag, t(21), "back", null));
                assertThat(store.count(null, ResourceType.TAG)).isEqualTo(1);
            }
        }
    }

    @Test
    void onlyTheOwnerWritesItsRecords() {
        try (LibraryStore store = TestLibraries.create(dir)) {
            EntryRecord foreign = TestLibraries.entry(Ids.newId(), 0, Ids.newId());
            assertThatThrownBy(() -> store.writeLocal(tx -> {
                tx.put(foreign);
                return null;
            })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Only the owner");
            assertThat(store.count(foreign.owner(), ResourceType.ENTRY)).isZero();
        }
    }

    @Test
    void reapplyingABatchChangesNothingAndKeepsCountsExact() {
        try (LibraryStore store = TestLibraries.create(dir)) {
            UUID peer = Ids.newId();
            UUID location = Ids.newId();
            List<EntryRecord> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 2_500; i++) {
                batch.add(TestLibraries.entry(peer, t(i / 1000), location));
            }
            assertThat(store.applyOwned(batch)).isEqualTo(new LibraryStore.ApplyResult(2_500, 0));
            assertThat(store.applyOwned(batch)).isEqualTo(new LibraryStore.ApplyResult(0, 2_500));
            assertThat(store.count(peer, ResourceType.ENTRY)).isEqualTo(2_500);
            assertThat(LibraryChecks.run(store)).filteredOn(f -> f.check().startsWith("counts"))
                    .allSatisfy(f -> assertThat(f.ok()).as(f.detail()).isTrue());
        }
    }

    @Test
    void withinOneLocalTransactionTheLastPutWinsAndADeleteSeesEarlierPuts() throws Exception {
        try (LibraryStore store = TestLibraries.create(dir)) {
            UUID self = store.identity().deviceId();
            EntryRecord first = TestLibraries.entry(self, 0, Ids.newId());
            EntryRecord renamed = new EntryRecord(first.uuid(), self, 0, first.locationUuid(), null, "renamed", first.kind(), 9, 9, null);
            EntryRecord doomed = TestLibraries.entry(self, 0, first.locationUuid());
            long stamp = store.writeLocal(tx -> {
                tx.put(first);
                tx.put(doomed);
                tx.put(renamed);
                tx.delete(ResourceType.ENTRY, doomed.uuid());
                return tx.stamp();
            });
            assertThat(store.page(Tables.ENTRIES, self, Cursor.START, 10))
                    .containsExactly(new EntryRecord(first.uuid(), self, stamp, first.locationUuid(), null, "renamed", first.kind(), 9, 9,
                            null, 3)); // versions 1 and 2 went to the first put and to doomed
            assertThat(store.count(self, ResourceType.ENTRY)).isEqualTo(1);
            assertThat(store.tombstones(self, Cursor.START, 10)).extracting(Tombstone::uuid).containsExactly(doomed.uuid());
        }
    }
}
