package io.tidemark.engine.store.library;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.Tombstone;
import io.tidemark.engine.store.Database;
import io.tidemark.engine.store.Schema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** library.db files written by earlier versions open, migrate forward and keep their rows. */
class LibraryMigrationTest {

    @TempDir
    Path dir;

    private static final long T = new HlcTimestamp(1_763_000_000_000L, 0).packed();

    private Path file() {
        return dir.resolve("library.db");
    }

    /** Version 1 as it shipped: the migrations up to it and nothing after. */
    private static Schema version1() {
        Schema latest = LibrarySchema.schema();
        return new Schema(latest.fileDescription(), latest.applicationId(), latest.migrations().subList(0, 1));
    }

    @Test
    void aVersion1FileGetsThePerTypeDeleteIndexAndKeepsItsDeletes() throws SQLException {
        UUID device = Ids.newId();
        List<Tombstone> entryDeletes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            entryDeletes.add(new Tombstone(ResourceType.ENTRY, Ids.newId(), device, T + 10 - i));
        }
        Tombstone locationDelete = new Tombstone(ResourceType.LOCATION, Ids.newId(), device, T + 5);
        try (Database v1 = Database.open(file(), version1(), true)) {
            v1.write(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO library (singleton, id, name, this_device, created_at) VALUES (1, X'"
                            + hex(Ids.newId()) + "', 'old', X'" + hex(device) + "', 0)");
                    s.execute("INSERT INTO device (owner, stamp, uuid, name) VALUES (X'" + hex(device) + "', " + T
                            + ", X'" + hex(device) + "', 'old laptop')");
                    s.execute("INSERT INTO record_count (owner, type, n) VALUES (X'" + hex(device) + "', 'device', 1)");
                    s.execute("UPDATE clock SET last_stamp = " + (T + 10));
                    // A shared tag and a shared delete, as version 1 wrote them: counted as rows only, no origins.
                    s.execute("INSERT INTO tag (uuid, hlc, name) VALUES (X'" + hex(Ids.newId()) + "', " + T + ", 'old tag')");
                    s.execute("INSERT INTO tombstone (uuid, type, owner, stamp) VALUES (X'" + hex(Ids.newId()) + "', 'tag', NULL, "
                            + (T + 1) + ")");
                    s.execute("INSERT INTO record_count (owner, type, n) VALUES (X'', 'tag', 1)");
                }
                // Version 1's tombstone table, as version 1 wrote it (no origin column yet).
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO tombstone (uuid, type, owner, stamp) VALUES (?, ?, ?, ?)")) {
                    for (Tombstone t : concat(entryDeletes, locationDelete)) {
                        Sql.setId(ps, 1, t.uuid());
                        ps.setString(2, t.type().wireName());
                        Sql.setId(ps, 3, t.owner());
                        ps.setLong(4, t.stamp());
                        ps.executeUpdate();
                    }
                }
                return null;
            });
            int version = v1.read(LibraryMigrationTest::userVersion);
            List<String> indexes = v1.read(LibraryMigrationTest::tombstoneIndexes);
            assertThat(version).isEqualTo(1);
            assertThat(indexes).containsExactly("tombstone_cursor(owner,stamp,uuid)");
        }

        try (LibraryStore store = LibraryStore.open(file(), HybridLogicalClock.system())) {
            int version = store.read(LibraryMigrationTest::userVersion);
            List<String> indexes = store.read(LibraryMigrationTest::tombstoneIndexes);
            assertThat(version).isEqualTo(5).isEqualTo(LibrarySchema.schema().latestVersion());
            assertThat(store.sharedLogMark()).as("no member has been told a position of the shared log yet").isEmpty();
            assertThat(indexes).containsExactly("tombstone_type_cursor(owner,type,stamp,uuid,version)");

            LibraryStore.OwnedChanges entries = store.changes(device, ResourceType.ENTRY, Cursor.START, null, 10);
            List<Tombstone> inOrder = new ArrayList<>(entryDeletes);
            inOrder.sort(Comparator.comparing(Tombstone::cursor));
            // Version 3 numbers this device's own records in the order it committed them.
            List<Tombstone> numbered = new ArrayList<>();
            for (int i = 0; i < inOrder.size(); i++) {
                Tombstone t = inOrder.get(i);
                numbered.add(new Tombstone(t.type(), t.uuid(), t.owner(), t.stamp(), i + 1));
            }
            assertThat(entries.deleted()).isEqualTo(numbered);
            assertThat(entries.remaining()).isZero();
            assertThat(store.changes(device, ResourceType.LOCATION, Cursor.START, null, 10).deleted())
                    .containsExactly(new Tombstone(ResourceType.LOCATION, locationDelete.uuid(), device, locationDelete.stamp(), 1));
            // ... and builds the summaries from the rows and deletes once, on open.
            assertThat(store.summary(device, ResourceType.ENTRY, null))
                    .isEqualTo(store.scannedSummary(device, ResourceType.ENTRY, null))
                    .satisfies(s -> {
                        assertThat(s.rows()).isZero();
                        assertThat(s.deleted()).isEqualTo(3);
                        assertThat(s.maxVersion()).isEqualTo(3);
                    });
            assertThat(store.summary(device, ResourceType.DEVICE, null).rows()).isEqualTo(1);
            assertThat(store.summary(device, ResourceType.DEVICE, null).maxVersion()).isEqualTo(1);
            assertThat(store.devices()).hasSize(1);
            // Version 5 summarizes shared types over rows and deletes too.
            assertThat(store.sharedSummary(ResourceType.TAG)).isEqualTo(store.scannedSharedSummary(ResourceType.TAG))
                    .satisfies(s -> {
                        assertThat(s.rows()).isEqualTo(1);
                        assertThat(s.deleted()).isEqualTo(1);
                        assertThat(s.digest()).isNotZero();
                        assertThat(s.maxVersion()).isEqualTo(T + 1);
                    });
            assertThat(LibraryChecks.run(store)).allSatisfy(f -> assertThat(f.ok()).as(f.check() + ": " + f.detail()).isTrue());
        }
    }

    /** One page of one owner's deletes of one type is a single range scan of the new index, with no sort. */
    @Test
    void aPageOfDeletesIsOneRangeScanOfTheIndex() {
        try (LibraryStore store = TestLibraries.create(dir)) {
            List<String> plan = store.read(c -> {
                List<String> steps = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + TombstoneSql.PAGE)) {
                    Sql.setId(ps, 1, Ids.newId());
                    ps.setString(2, "entry");
                    ps.setLong(3, 0);
                    Sql.setId(ps, 4, Ids.MIN);
                    ps.setInt(5, 10);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            steps.add(rs.getString("detail"));
                        }
                    }
                }
                return steps;
            });
            assertThat(plan).singleElement().asString()
                    .startsWith("SEARCH tombstone USING COVERING INDEX tombstone_type_cursor (owner=? AND type=? AND (stamp,uuid)>(?,?))");
        }
    }

    private static List<Tombstone> concat(List<Tombstone> list, Tombstone one) {
        List<Tombstone> all = new ArrayList<>(list);
        all.add(one);
        return all;
    }

    private static String hex(UUID id) {
        return id.toString().replace("-", "");
    }

    private static int userVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The tombstone table's explicit indexes as name(columns). */
    private static List<String> tombstoneIndexes(Connection c) throws SQLException {
        List<String> indexes = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT il.name, group_concat(ii.name, ',') FROM pragma_index_list('tombstone') il"
                     + " JOIN pragma_index_info(il.name) ii WHERE il.origin = 'c' GROUP BY il.name ORDER BY il.name")) {
            while (rs.next()) {
                indexes.add(rs.getString(1) + "(" + rs.getString(2) + ")");
            }
        }
        return indexes;
    }
}
