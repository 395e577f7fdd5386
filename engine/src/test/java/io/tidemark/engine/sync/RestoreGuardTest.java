package io.tidemark.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.sync.IssuedStore;
import io.tidemark.engine.store.sync.SyncStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A library.db restored from an older copy, with sync.db as it was: the device must not hand out
 * again the versions and stamps its members already hold, and must remember the lost ones as lost.
 */
class RestoreGuardTest {
    @TempDir
    Path dir;

    /** A wall clock the test moves, so it can go back in time as well. */
    private final AtomicLong wall = new AtomicLong(1_800_000_000_000L);
    private final UUID self = Ids.newId();

    private LibraryStore open() {
        Path file = dir.resolve("library.db");
        HybridLogicalClock clock = new HybridLogicalClock(wall::get, HybridLogicalClock.DEFAULT_MAX_DRIFT);
        return Files.exists(file) ? LibraryStore.open(file, clock)
                : LibraryStore.create(file, "Test", new DeviceRecord(self, self, 0, "self", "Linux", "t", null), clock);
    }

    private void write(LibraryStore library, int n) {
        UUID location = Ids.newId();
        library.writeLocal(tx -> {
            for (int i = 0; i < n; i++) {
                tx.put(new EntryRecord(Ids.newId(), self, 0, location, null, "f" + i, EntryKind.FILE, i, 0, null));
            }
            return null;
        });
    }

    @Test
    void aRestoredLibraryNeverReusesVersionsOrStampsAndRemembersWhatItLost() throws Exception {
        LibraryStore library = open();
        SyncStore sync = SyncStore.open(dir.resolve("sync.db"), library.identity().libraryId(), self, true);
        RestoreGuard guard = new RestoreGuard(library, sync);
        write(library, 5);
        assertThat(guard.check()).isNull();
        library.close();
        Files.copy(dir.resolve("library.db"), dir.resolve("backup.db"));

        library = open();
        guard = new RestoreGuard(library, sync);
        assertThat(guard.check()).isNull();
        write(library, 7);
        guard.record();
        long stampBefore = library.lastLocalStamp();
        assertThat(library.summary(self, ResourceType.ENTRY, null).maxVersion()).isEqualTo(12);
        library.close();

        // The backup comes back, and the wall clock is an hour behind the stamps members hold.
        Files.copy(dir.resolve("backup.db"), dir.resolve("library.db"), StandardCopyOption.REPLACE_EXISTING);
        wall.addAndGet(-3_600_000);
        library = open();
        guard = new RestoreGuard(library, sync);
        String words = guard.check();

        assertThat(words).contains("older copy").contains("7 changes of entries").doesNotContain(self.toString());
        IssuedStore.Issued issued = sync.issued().get(ResourceType.ENTRY);
        assertThat(issued.lostFrom()).isEqualTo(6);
        assertThat(issued.lostTo()).isEqualTo(12);
        assertThat(issued.lost(5)).isFalse();
        assertThat(issued.lost(6)).isTrue();
        assertThat(issued.lost(12)).isTrue();
        assertThat(issued.lost(13)).isFalse();

        write(library, 1);
        assertThat(library.summary(self, ResourceType.ENTRY, null).maxVersion()).isEqualTo(12 + RestoreGuard.VERSION_RESERVE + 1);
        assertThat(library.lastLocalStamp()).isGreaterThan(stampBefore);

        // Nothing more was lost on the next start: the lost range stays as it was, and no new event.
        library.close();
        library = open();
        guard = new RestoreGuard(library, sync);
        assertThat(guard.check()).isNull();
        assertThat(sync.issued().get(ResourceType.ENTRY).lostTo()).isEqualTo(12);
        assertThat(sync.issued().get(ResourceType.LOCATION).lostTo()).isZero();
        library.close();
        sync.close();
    }
}
