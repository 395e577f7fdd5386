package io.tidemark.engine.cli;

import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.library.Tables;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Store throughput figures: applying a peer's entries in batches, keyset-reading them back, and
 * counting per (owner, type). A benchmark, not a test: it prints figures and asserts nothing, in a
 * scratch library that it deletes afterwards.
 */
@Command(name = "bench", description = {"Measure store throughput (apply, keyset read, count) in a scratch library and print the figures.",
        "'bench sync' measures sync between two devices instead."}, subcommands = BenchSyncCommand.class)
final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    TidemarkCli cli;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "1000000", description = "Entries to apply (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "10000", description = "Rows per transaction and per page (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to put the scratch library (default: a temporary folder).")
    Path dir;

    @Override
    public Integer call() throws IOException {
        if (rows <= 0 || batch <= 0) {
            throw new TidemarkCli.UserException("--rows and --batch must be positive");
        }
        PrintWriter out = cli.spec.commandLine().getOut();
        Path scratch = dir == null ? Files.createTempDirectory("tidemark-bench") : Files.createDirectories(dir).resolve("bench-" + System.nanoTime());
        Files.createDirectories(scratch);
        try {
            run(scratch, out);
        } finally {
            deleteTree(scratch);
        }
        return 0;
    }

    private void run(Path scratch, PrintWriter out) {
        UUID self = Ids.newId();
        HybridLogicalClock clock = HybridLogicalClock.system();
        try (LibraryStore store = LibraryStore.create(scratch.resolve("library.db"), "bench",
                new DeviceRecord(self, self, 0, "bench", "", "", null), clock)) {
            UUID peer = Ids.newId();
            UUID location = Ids.newId();
            out.printf("Store benchmark: %,d entries, %,d-row batches, %d cores, %s, Java %s%n", rows, batch,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                    System.getProperty("java.version"));

            Random random = new Random(42);
            long stampMillis = System.currentTimeMillis() - 3_600_000;
            long applyNanos = 0;
            for (int done = 0; done < rows; done += batch) {
                int n = Math.min(batch, rows - done);
                // One peer commit = one stamp for the whole batch, as the owner's writer produces them.
                long stamp = new HlcTimestamp(stampMillis + done / batch, 0).packed();
                List<EntryRecord> records = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    records.add(new EntryRecord(Ids.uuidV7(stampMillis + done / batch, random.nextLong(), random.nextLong()), peer, stamp,
                            location, null, "file-" + (done + i) + ".jpg", EntryKind.FILE, random.nextInt(10_000_000),
                            stampMillis - random.nextInt(1_000_000_000), null));
                }
                long t0 = System.nanoTime();
                store.applyOwned(records);
                applyNanos += System.nanoTime() - t0;
            }
            report(out, "apply", rows, applyNanos, "rows/s (target >= 200,000)");

            long t0 = System.nanoTime();
            long read = store.read(c -> {
                long n = 0;
                Cursor after = Cursor.START;
                for (List<EntryRecord> page; !(page = Tables.ENTRIES.page(c, peer, after, batch)).isEmpty(); ) {
                    n += page.size();
                    after = page.get(page.size() - 1).cursor();
                }
                return n;
            });
            report(out, "read", read, System.nanoTime() - t0, "rows/s (target >= 400,000)");

            long[] maintained = new long[7];
            long[] scanned = new long[3];
            long count = 0;
            for (int i = 0; i < maintained.length; i++) {
                long s = System.nanoTime();
                count = store.count(peer, ResourceType.ENTRY);
                store.counts();
                maintained[i] = System.nanoTime() - s;
            }
            for (int i = 0; i < scanned.length; i++) {
                long s = System.nanoTime();
                store.read(c -> Tables.ENTRIES.countByQuery(c, peer));
                scanned[i] = System.nanoTime() - s;
            }
            out.printf("count  %,d entries: %.2f ms per (owner, type) incl. all counts, median of %d (target < 50 ms);"
                    + " full scan by the count query %.1f ms%n", count, median(maintained) / 1e6, maintained.length, median(scanned) / 1e6);
        }
    }

    private static void report(PrintWriter out, String what, long n, long nanos, String unit) {
        double seconds = nanos / 1e9;
        out.printf("%-6s %,d rows in %.2f s = %,.0f %s%n", what, n, seconds, n / seconds, unit);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
