package io.tidemark.engine.store.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.model.LogIncarnation;
import io.tidemark.engine.model.LogPosition;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared log's high-water mark in library.db: it only rises within an incarnation, and outlives a reopen. */
class SharedLogMarkTest {

    @TempDir
    Path dir;

    @Test
    void theMarkRisesWithinAnIncarnationAndIsReplacedByANewOne() {
        LogIncarnation first = LogIncarnation.random();
        LogIncarnation second = LogIncarnation.random();
        try (LibraryStore store = TestLibraries.create(dir)) {
            assertThat(store.sharedLogMark()).isEmpty();
            store.markSharedLog(new LogPosition(first, 7));
            store.markSharedLog(new LogPosition(first, 3));
            assertThat(store.sharedLogMark()).as("a late, lower position does not lower it").contains(new LogPosition(first, 7));
            store.markSharedLog(new LogPosition(first, 9));
            assertThat(store.sharedLogMark()).contains(new LogPosition(first, 9));
            store.markSharedLog(new LogPosition(second, 2));
            assertThat(store.sharedLogMark()).as("a new incarnation counts anew").contains(new LogPosition(second, 2));
            assertThatThrownBy(() -> store.markSharedLog(LogPosition.START)).isInstanceOf(IllegalArgumentException.class);
        }
        try (LibraryStore store = LibraryStore.open(dir.resolve("library.db"), HybridLogicalClock.system())) {
            assertThat(store.sharedLogMark()).contains(new LogPosition(second, 2));
        }
    }
}
