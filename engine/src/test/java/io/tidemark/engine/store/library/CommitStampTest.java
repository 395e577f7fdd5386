package io.tidemark.engine.store.library;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.api.JavaCommand;
import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.ResourceType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stamps are assigned at commit: unique and increasing across processes and restarts; nothing slips behind a seen stamp. */
class CommitStampTest {

    @TempDir
    Path dir;

    private static final int TRANSACTIONS = 60;
    private static final int ROWS = 50;

    @Test
    void severalProcessesWritingOneLibraryNeverReuseOrReorderStamps() throws Exception {
        UUID self;
        try (LibraryStore store = TestLibraries.create(dir)) {
            self = store.identity().deviceId();
        }
        Path db = dir.resolve("library.db");
        List<Process> writers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            writers.add(new ProcessBuilder(JavaCommand.of(List.of(), ConcurrentWriterMain.class,
                    List.of(db.toString(), "" + TRANSACTIONS, "" + ROWS)))
                    .redirectErrorStream(true).start());
        }
        try (LibraryStore store = LibraryStore.open(db, HybridLogicalClock.system())) {
            Thread inProcess = new Thread(() -> {
                UUID location = Ids.newId();
                for (int t = 0; t < TRANSACTIONS; t++) {
                    store.writeLocal(tx -> {
                        for (int i = 0; i < ROWS; i++) {
                            tx.put(TestLibraries.entry(tx.device(), 0, location));
                        }
                        return null;
                    });
                }
            });
            inProcess.start();

            // The leapfrog check: once a reader has seen stamp S, no row at or below S may appear later.
            long seenMax = 0;
            long rowsAtOrBelowSeenMax = 0;
            int observations = 0;
            while (writers.stream().anyMatch(Process::isAlive) || inProcess.isAlive()) {
                long previousMax = seenMax;
                long[] now = store.read(c -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM entry WHERE stamp <= ?),"
                            + " (SELECT coalesce(max(stamp), 0) FROM entry), (SELECT count(*) FROM entry)")) {
                        ps.setLong(1, previousMax);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
                        }
                    }
                });
                assertThat(now[0]).as("rows at or below an already seen stamp").isEqualTo(rowsAtOrBelowSeenMax);
                seenMax = now[1];
                rowsAtOrBelowSeenMax = now[2]; // in one snapshot, every row is at or below the max
                observations++;
            }
            inProcess.join();
            for (Process p : writers) {
                assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.exitValue()).as(output).isZero();
                assertThat(output).doesNotContain("locked");
            }
            assertThat(observations).isPositive();

            List<EntryRecord> all = new ArrayList<>();
            Cursor after = Cursor.START;
            for (List<EntryRecord> page; !(page = store.page(Tables.ENTRIES, self, after, 1_000)).isEmpty(); ) {
                all.addAll(page);
                after = page.get(page.size() - 1).cursor();
            }
            assertThat(all).hasSize(3 * TRANSACTIONS * ROWS);
            assertThat(store.count(self, ResourceType.ENTRY)).isEqualTo(3L * TRANSACTIONS * ROWS);
            // One stamp per transaction, never shared between two transactions.
            assertThat(all.stream().map(EntryRecord::stamp).distinct().count()).isEqualTo(3L * TRANSACTIONS);
            assertThat(all.stream().collect(Collectors.groupingBy(EntryRecord::stamp, Collectors.counting())).values())
                    .allMatch(n -> n == ROWS);
        }
    }

    @Test
    void aRestartWithTheWallClockBehindStillIssuesLargerStamps() throws Exception {
        AtomicLong wall = new AtomicLong(1_763_000_000_000L);
        long before;
        try (LibraryStore store = TestLibraries.create(dir, new HybridLogicalClock(wall::get, Duration.ofMinutes(5)))) {
            before = store.writeLocal(LocalTransaction::stamp);
        }
        wall.addAndGet(-3_600_000); // the system clock was set back an hour while we were down
        try (LibraryStore store = LibraryStore.open(dir.resolve("library.db"), new HybridLogicalClock(wall::get, Duration.ofMinutes(5)))) {
            long after = store.writeLocal(LocalTransaction::stamp);
            assertThat(after).isGreaterThan(before);
            assertThat(HlcTimestamp.fromPacked(after).physicalMillis()).isEqualTo(HlcTimestamp.fromPacked(before).physicalMillis());
        }
    }

    @Test
    void twoStoresOnOneFileShareTheClockThroughTheFile() throws Exception {
        AtomicLong fastWall = new AtomicLong(1_763_000_100_000L);
        AtomicLong slowWall = new AtomicLong(1_763_000_000_000L);
        TestLibraries.create(dir).close();
        Path db = dir.resolve("library.db");
        try (LibraryStore fast = LibraryStore.open(db, new HybridLogicalClock(fastWall::get, Duration.ofMinutes(5)));
             LibraryStore slow = LibraryStore.open(db, new HybridLogicalClock(slowWall::get, Duration.ofMinutes(5)))) {
            long a = fast.writeLocal(LocalTransaction::stamp);
            long b = slow.writeLocal(LocalTransaction::stamp);
            long c = fast.writeLocal(LocalTransaction::stamp);
            assertThat(b).isGreaterThan(a);
            assertThat(c).isGreaterThan(b);
        }
    }
}
