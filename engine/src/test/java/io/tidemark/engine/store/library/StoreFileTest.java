package io.tidemark.engine.store.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a file that is not ours, corrupt, or from a newer Tidemark stops with a clear message and changes nothing. */
class StoreFileTest {

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("library.db");
    }

    private void assertRefusedUnchanged(String messagePart) throws Exception {
        byte[] before = Files.readAllBytes(db());
        assertThatThrownBy(() -> LibraryStore.open(db(), HybridLogicalClock.system()))
                .isInstanceOf(StoreException.class).hasMessageContaining(messagePart);
        assertThat(Files.readAllBytes(db())).isEqualTo(before);
        // Not even SQLite's side files appear next to a refused file.
        assertThat(dir.resolve("library.db-wal")).doesNotExist();
        assertThat(dir.resolve("library.db-shm")).doesNotExist();
    }

    @Test
    void libraryCommitsReachTheDiskBeforeTheyReturnAndSyncDbsMayWait() throws Exception {
        // FULL (2): a watermark in sync.db must never outlive, across a power cut, the page it follows.
        try (LibraryStore library = TestLibraries.create(dir)) {
            assertThat(library.database().<Integer>write(StoreFileTest::synchronousOf)).isEqualTo(2);
        }
        try (io.tidemark.engine.store.sync.SyncStore sync = io.tidemark.engine.store.sync.SyncStore.open(dir.resolve("sync.db"),
                java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), true)) {
            assertThat(sync.database().<Integer>write(StoreFileTest::synchronousOf)).as("NORMAL (1)").isEqualTo(1);
        }
    }

    private static int synchronousOf(Connection c) throws java.sql.SQLException {
        try (Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
            return rs.next() ? rs.getInt(1) : -1;
        }
    }

    @Test
    void refusesGarbage() throws Exception {
        byte[] garbage = new byte[8192];
        new Random(7).nextBytes(garbage);
        Files.write(db(), garbage);
        assertRefusedUnchanged("not a database");
    }

    @Test
    void refusesAnotherProgramsSqliteFile() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
            s.execute("INSERT INTO notes (text) VALUES ('mine')");
        }
        assertRefusedUnchanged("not a Tidemark library database");
    }

    @Test
    void refusesAFileFromANewerTidemark() throws Exception {
        TestLibraries.create(dir).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            s.execute("PRAGMA journal_mode = DELETE");
        }
        assertRefusedUnchanged("newer Tidemark");
    }

    @Test
    void refusesATruncatedFile() throws Exception {
        TestLibraries.create(dir).close();
        byte[] whole = Files.readAllBytes(db());
        byte[] head = new byte[Math.min(whole.length, 100)];
        System.arraycopy(whole, 0, head, 0, head.length);
        byte[] corrupt = new byte[whole.length];
        System.arraycopy(head, 0, corrupt, 0, head.length);
        new Random(3).nextBytes(new byte[0]);
        for (int i = head.length; i < corrupt.length; i++) {
            corrupt[i] = (byte) (i * 31);
        }
        Files.write(db(), corrupt);
        byte[] before = Files.readAllBytes(db());
        assertThatThrownBy(() -> LibraryStore.open(db(), HybridLogicalClock.system()))
                .isInstanceOf(StoreException.class).hasMessageMatching("(?s).*(corrupt|not a database).*");
        assertThat(Files.readAllBytes(db())).isEqualTo(before);
    }

    @Test
    void missingFileIsAClearError() {
        assertThatThrownBy(() -> LibraryStore.open(db(), HybridLogicalClock.system()))
                .isInstanceOf(StoreException.class).hasMessageContaining("No library database");
        assertThat(db()).doesNotExist();
    }

    @Test
    void reopeningKeepsDataAndRunsNoMigration() throws Exception {
        java.util.UUID library;
        try (LibraryStore store = TestLibraries.create(dir)) {
            library = store.identity().libraryId();
        }
        try (LibraryStore store = LibraryStore.open(db(), HybridLogicalClock.system())) {
            assertThat(store.identity().libraryId()).isEqualTo(library);
            assertThat(store.devices()).hasSize(1);
            int version = store.read(c -> {
                try (var rs = c.createStatement().executeQuery("PRAGMA user_version")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(version).isEqualTo(LibrarySchema.schema().latestVersion());
        }
    }

    @Test
    void creatingTwiceIsRefused() {
        TestLibraries.create(dir).close();
        assertThatThrownBy(() -> TestLibraries.create(dir)).isInstanceOf(StoreException.class).hasMessageContaining("already holds a library");
    }
}
