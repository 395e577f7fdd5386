package io.tidemark.engine.store.library;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.Tombstone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One owner's rows and deletes of one type as one stream in (stamp, uuid) order, and applying that
 * stream: the delete half of sync at the store level.
 */
class OwnedChangesTest {

    @TempDir
    Path dir;

    private static final UUID PEER = Ids.newId();
    private static final UUID LOCATION = Ids.newId();

    private static long t(int plusMillis) {
        return new HlcTimestamp(1_763_000_000_000L + plusMillis, 0).packed();
    }

    private static EntryRecord row(long stamp) {
        return row(Ids.newId(), stamp);
    }

    private static EntryRecord row(UUID uuid, long stamp) {
        return new EntryRecord(uuid, PEER, stamp, LOCATION, null, "n" + stamp, io.tidemark.engine.model.EntryKind.FILE, 1, 1, null);
    }

    private static Tombstone deleted(long stamp) {
        return deleted(Ids.newId(), stamp);
    }

    private static Tombstone deleted(UUID uuid, long stamp) {
        return new Tombstone(ResourceType.ENTRY, uuid, PEER, stamp);
    }

    private LibraryStore open(String name) throws Exception {
        return TestLibraries.create(Files.createDirectories(dir.resolve(name)));
    }

    /** A change as a comparable value: the cursor and whether it is a row or a delete. */
    private record Change(Cursor cursor, boolean isDelete) {
    }

    private static List<Change> asChanges(LibraryStore.OwnedChanges page) {
        List<Change> changes = new ArrayList<>();
        page.records().forEach(r -> changes.add(new Change(r.cursor(), false)));
        page.deleted().forEach(d -> changes.add(new Change(d.cursor(), true)));
        changes.sort(Comparator.comparing(Change::cursor));
        return changes;
    }

    /**
     * The peer's entries: rows at t1, t3, t5 (two), t7 and deletes at t2, t4, t5, t6, so the stream
     * alternates and one stamp holds both kinds, ordered by uuid. Noise that must never show up: the
     * peer's location rows and deletes, and another owner's entry rows and deletes, interleaved.
     */
    private List<Change> fill(LibraryStore store) {
        List<EntryRecord> rows = List.of(row(t(1)), row(t(3)), row(t(5)), row(t(5)), row(t(7)));
        List<Tombstone> deletes = List.of(deleted(t(2)), deleted(t(4)), deleted(t(5)), deleted(t(6)));
        UUID other = Ids.newId();
        List<OwnedRecord> noise = List.of(new LocationRecord(Ids.newId(), PEER, t(2), null, "/p", "p"),
                new EntryRecord(Ids.newId(), other, t(3), LOCATION, null, "o", io.tidemark.engine.model.EntryKind.FILE, 1, 1, null));
        List<Tombstone> noiseDeletes = List.of(new Tombstone(ResourceType.LOCATION, Ids.newId(), PEER, t(4)),
                new Tombstone(ResourceType.ENTRY, Ids.newId(), other, t(4)));
        store.applyChanges(rows, deletes);
        store.applyChanges(noise, noiseDeletes);
        List<Change> expected = new ArrayList<>();
        rows.forEach(r -> expected.add(new Change(r.cursor(), false)));
        deletes.forEach(d -> expected.add(new Change(d.cursor(), true)));
        expected.sort(Comparator.comparing(Change::cursor));
        return expected;
    }

    @Test
    void rowsAndDeletesComeMergedInCursorOrderWithExactLastAndRemaining() throws Exception {
        try (LibraryStore store = open("a")) {
            List<Change> expected = fill(store);
            assertThat(expected).hasSize(9);

            List<Change> seen = new ArrayList<>();
            Cursor after = Cursor.START;
            for (int page = 0; page < 3; page++) {
                LibraryStore.OwnedChanges changes = store.changes(PEER, ResourceType.ENTRY, after, null, 4);
                List<Change> got = asChanges(changes);
                assertThat(got).hasSize(page < 2 ? 4 : 1);
                seen.addAll(got);
                assertThat(changes.last()).isEqualTo(got.get(got.size() - 1).cursor());
                assertThat(changes.remaining()).isEqualTo(9 - seen.size());
                after = changes.last();
            }
            assertThat(seen).isEqualTo(expected);

            LibraryStore.OwnedChanges end = store.changes(PEER, ResourceType.ENTRY, after, null, 4);
            assertThat(end.isEmpty()).isTrue();
            assertThat(end.last()).isEqualTo(after);
            assertThat(end.remaining()).isZero();
        }
    }

    @Test
    void aCapStopsThePageAndTheRemainingCountAtIt() throws Exception {
        try (LibraryStore store = open("a")) {
            List<Change> expected = fill(store);
            Cursor cap = expected.get(4).cursor();

            LibraryStore.OwnedChanges all = store.changes(PEER, ResourceType.ENTRY, Cursor.START, cap, 100);
            assertThat(asChanges(all)).isEqualTo(expected.subList(0, 5));
            assertThat(all.last()).isEqualTo(cap);
            assertThat(all.remaining()).isZero();

            LibraryStore.OwnedChanges two = store.changes(PEER, ResourceType.ENTRY, Cursor.START, cap, 2);
            assertThat(asChanges(two)).isEqualTo(expected.subList(0, 2));
            assertThat(two.remaining()).as("up to the cap only").isEqualTo(3);

            // A cap between two changes: the t(4) delete is in, whatever comes at t(5) is not.
            Cursor between = new Cursor(t(4) + 1, Ids.MIN);
            LibraryStore.OwnedChanges upToT4 = store.changes(PEER, ResourceType.ENTRY, expected.get(1).cursor(), between, 100);
            assertThat(asChanges(upToT4)).isEqualTo(expected.subList(2, 4));
            assertThat(upToT4.last()).isEqualTo(expected.get(3).cursor());
            assertThat(upToT4.remaining()).isZero();

            LibraryStore.OwnedChanges atCap = store.changes(PEER, ResourceType.ENTRY, cap, cap, 100);
            assertThat(atCap.isEmpty()).isTrue();
            assertThat(atCap.last()).isEqualTo(cap);
            assertThat(atCap.remaining()).isZero();
        }
    }

    @Test
    void newestIsTheLaterOfTheNewestRowAndTheNewestDelete() throws Exception {
        try (LibraryStore store = open("a")) {
            assertThat(store.newest(PEER, ResourceType.ENTRY)).isEqualTo(Cursor.START);
            EntryRecord r = row(t(3));
            store.applyChanges(List.of(r), List.of());
            assertThat(store.newest(PEER, ResourceType.ENTRY)).isEqualTo(r.cursor());
            Tombstone d = deleted(t(4));
            store.applyChanges(List.of(), List.of(d));
            assertThat(store.newest(PEER, ResourceType.ENTRY)).isEqualTo(d.cursor());
            assertThat(store.newest(PEER, ResourceType.LOCATION)).isEqualTo(Cursor.START);
        }
    }

    @Test
    void applyingTheSameChangesTwiceChangesNothing() throws Exception {
        try (LibraryStore source = open("a"); LibraryStore replica = open("b")) {
            fill(source);
            LibraryStore.OwnedChanges page = source.changes(PEER, ResourceType.ENTRY, Cursor.START, null, 100);

            assertThat(replica.applyChanges(page.records(), page.deleted())).isEqualTo(new LibraryStore.ApplyResult(5, 0));
            LibraryStore.OwnedChanges once = replica.changes(PEER, ResourceType.ENTRY, Cursor.START, null, 100);
            assertThat(replica.applyChanges(page.records(), page.deleted())).isEqualTo(new LibraryStore.ApplyResult(0, 5));
            LibraryStore.OwnedChanges twice = replica.changes(PEER, ResourceType.ENTRY, Cursor.START, null, 100);

            assertThat(once).isEqualTo(page);
            assertThat(twice).isEqualTo(page);
            assertThat(replica.count(PEER, ResourceType.ENTRY)).isEqualTo(5);
            assertThat(LibraryChecks.run(replica)).filteredOn(f -> f.check().startsWith("counts"))
                    .allSatisfy(f -> assertThat(f.ok()).as(f.detail()).isTrue());
        }
    }

    @Test
    void aDeleteThatArrivesBeforeItsRecordKeepsTheRecordFromBeingCreated() throws Exception {
        try (LibraryStore replica = open("b")) {
            UUID uuid = Ids.newId();
            replica.applyChanges(List.of(), List.of(deleted(uuid, t(5))));

            assertThat(replica.applyChanges(List.of(row(uuid, t(3))), List.of()).applied()).isZero();
            assertThat(replica.applyChanges(List.of(row(uuid, t(5))), List.of()).applied()).as("same stamp: the delete wins").isZero();

            LibraryStore.OwnedChanges held = replica.changes(PEER, ResourceType.ENTRY, Cursor.START, null, 10);
            assertThat(held.records()).isEmpty();
            assertThat(held.deleted()).containsExactly(deleted(uuid, t(5)));
            assertThat(replica.count(PEER, ResourceType.ENTRY)).isZero();
        }
    }

    @Test
    void aRecordRecreatedWithANewerStampWinsOverTheOlderDelete() throws Exception {
        try (LibraryStore replica = open("b")) {
            UUID uuid = Ids.newId();
            replica.applyChanges(List.of(row(uuid, t(3))), List.of());
            replica.applyChanges(List.of(), List.of(deleted(uuid, t(5))));
            assertThat(replica.count(PEER, ResourceType.ENTRY)).isZero();

            assertThat(replica.applyChanges(List.of(row(uuid, t(7))), List.of()).applied()).isEqualTo(1);
            // The old delete arriving again (from another member) leaves the newer row alone and is
            // not kept: a uuid is alive or deleted, never both.
            replica.applyChanges(List.of(), List.of(deleted(uuid, t(5))));

            LibraryStore.OwnedChanges held = replica.changes(PEER, ResourceType.ENTRY, Cursor.START, null, 10);
            assertThat(held.deleted()).isEmpty();
            assertThat(held.records()).containsExactly(row(uuid, t(7)));
            assertThat(replica.count(PEER, ResourceType.ENTRY)).isEqualTo(1);
        }
    }

    /**
     * Delete and re-create on the owner: the row replaces the delete, so the stream carries the row
     * alone, and a member that pulled the delete before the re-creation ends up with the row too.
     */
    @Test
    void aLocalRecreationTravelsAfterItsDelete() throws Exception {
        try (LibraryStore owner = open("a"); LibraryStore member = open("b")) {
            UUID self = owner.identity().deviceId();
            EntryRecord first = TestLibraries.entry(self, 0, LOCATION);
            owner.writeLocal(tx -> {
                tx.put(first);
                return null;
            });
            long deletedAt = owner.writeLocal(tx -> {
                tx.delete(ResourceType.ENTRY, first.uuid());
                return tx.stamp();
            });
            LibraryStore.OwnedChanges beforeRecreation = owner.changes(self, ResourceType.ENTRY, Cursor.START, null, 10);
            assertThat(asChanges(beforeRecreation)).containsExactly(new Change(new Cursor(deletedAt, first.uuid()), true));
            member.applyChanges(beforeRecreation.records(), beforeRecreation.deleted());
            long recreatedAt = owner.writeLocal(tx -> {
                tx.put(first);
                return tx.stamp();
            });

            List<Change> stream = new ArrayList<>();
            Cursor after = beforeRecreation.last();
            for (LibraryStore.OwnedChanges page; !(page = owner.changes(self, ResourceType.ENTRY, after, null, 1)).isEmpty(); ) {
                member.applyChanges(page.records(), page.deleted());
                stream.addAll(asChanges(page));
                after = page.last();
            }

            assertThat(stream).containsExactly(new Change(new Cursor(recreatedAt, first.uuid()), false));
            assertThat(owner.changes(self, ResourceType.ENTRY, Cursor.START, null, 10).deleted()).isEmpty();
            assertThat(member.changes(self, ResourceType.ENTRY, Cursor.START, null, 10).deleted()).isEmpty();
            assertThat(member.summary(self, ResourceType.ENTRY, null)).isEqualTo(owner.summary(self, ResourceType.ENTRY, null));
            assertThat(member.page(Tables.ENTRIES, self, Cursor.START, 10)).extracting(EntryRecord::stamp).containsExactly(recreatedAt);
            assertThat(member.count(self, ResourceType.ENTRY)).isEqualTo(1);
        }
    }
}
