package io.tidemark.engine.cli;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.api.Json;
import io.tidemark.engine.index.GenerateOptions;
import io.tidemark.engine.index.GenerateReport;
import io.tidemark.engine.index.LibraryGenerator;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.RecordCount;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.transport.PeerService;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Sync figures end to end, over TLS on 127.0.0.1 between two devices on this machine: a sender (an
 * engine in this process) and a receiver ({@code tidemark daemon} as a child process with its own
 * small heap). Full backfill, catch-up of a bulk write, realtime latency of single writes. Each is
 * timed until the rows are committed in the receiver's library.db, read from outside (read-only).
 * A benchmark, not a test: it prints figures next to their targets and asserts nothing.
 */
@Command(name = "sync", description = {"Measure sync end to end between two devices on this machine (TLS on 127.0.0.1, no discovery):",
        "full backfill rate, catch-up time, realtime latency, and the receiver's heap. Prints figures; asserts nothing."})
final class BenchSyncCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Option(names = "--entries", paramLabel = "N", defaultValue = "1000000", description = "Entries the sender holds before pairing (default: ${DEFAULT-VALUE}).")
    long entries;

    @Option(names = "--catch-up", paramLabel = "N", defaultValue = "10000", description = "Entries written in one commit after the backfill (default: ${DEFAULT-VALUE}).")
    int catchUp;

    @Option(names = "--realtime", paramLabel = "N", defaultValue = "200", description = "Single-entry writes timed one by one (default: ${DEFAULT-VALUE}).")
    int realtime;

    @Option(names = "--interval", paramLabel = "MS", defaultValue = "20", description = "Milliseconds between realtime writes (default: ${DEFAULT-VALUE}).")
    int intervalMillis;

    @Option(names = "--receiver-heap", paramLabel = "SIZE", defaultValue = "512m", description = "The receiver daemon's -Xmx (default: ${DEFAULT-VALUE}).")
    String receiverHeap;

    @Option(names = "--receiver-jvm-arg", paramLabel = "ARG", hidden = true,
            description = "An extra JVM option for the receiver, e.g. -XX:StartFlightRecording=filename=r.jfr (repeatable).")
    List<String> receiverJvmArgs = new ArrayList<>();

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to put the two homes; kept afterwards (default: a temporary folder, deleted).")
    Path dir;

    private static final long WAIT_NANOS = TimeUnit.MINUTES.toNanos(30);

    @Override
    public Integer call() throws Exception {
        if (entries <= 0 || catchUp <= 0 || realtime <= 0 || intervalMillis < 0) {
            throw new TidemarkCli.UserException("--entries, --catch-up and --realtime must be positive, --interval not negative");
        }
        PrintWriter out = bench.cli.spec.commandLine().getOut();
        Path scratch = dir == null ? Files.createTempDirectory("tidemark-bench-sync") : Files.createDirectories(dir);
        try {
            run(scratch, out);
        } finally {
            if (dir == null) {
                BenchCommand.deleteTree(scratch);
            }
        }
        return 0;
    }

    private void run(Path scratch, PrintWriter out) throws Exception {
        out.printf("Sync benchmark: %,d entries, receiver daemon -Xmx%s, %d cores, %s, Java %s%n", entries, receiverHeap,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("java.version"));
        out.flush();
        Home receiverHome = new Home(scratch.resolve("receiver"));
        try (Engine sender = Engine.init(new Home(scratch.resolve("sender")), "sender", "bench library")) {
            GenerateReport generated = new LibraryGenerator(sender.library()).generate(new GenerateOptions(0, entries, 0, 0, 1));
            out.printf("generate  %,d entries in the sender: %.1f s%n", generated.entries(), generated.took().toMillis() / 1000.0);
            Engine.init(receiverHome, "receiver", "receiver's own library").close();
            sender.startNetwork(new Engine.NetworkOptions(new InetSocketAddress("127.0.0.1", 0), false, Set.of(), PeerService.Timing.DEFAULT));
            // A daemon that was running while the library grew has logged its shared rows already; one
            // started on a generated library logs them first. Do that before timing, not during it.
            long tailStart = System.nanoTime();
            int tailed = sender.syncEngine().shared().tail();
            out.printf("log       %,d shared changes tailed into the sender's change log first: %.1f s%n", tailed,
                    (System.nanoTime() - tailStart) / 1e9);
            // The receiver runs with the collector the tidemark launcher gives every command, the daemon included.
            List<String> jvm = new ArrayList<>(List.of("-Xmx" + receiverHeap, "-XX:+UseSerialGC"));
            jvm.addAll(receiverJvmArgs);
            try (DaemonProcess receiver = DaemonProcess.start(receiverHome, scratch.resolve("receiver.log"), jvm,
                    List.of("--listen", "127.0.0.1:0", "--discovery", "off"), java.time.Duration.ofSeconds(60));
                 HomeProbe probe = new HomeProbe(receiverHome)) {
                UUID owner = sender.identity().deviceId();
                backfill(sender, receiver, probe, owner, out);
                awaitReady(sender, out);
                UUID location = catchUp(sender, probe, owner, out);
                realtime(sender, receiverHome, probe, owner, location, out);
                heap(receiver, out);
                if (!receiver.isAlive()) {
                    out.println("the receiver died; its log:\n" + receiver.log());
                }
            }
        }
        out.flush();
    }

    private void backfill(Engine sender, DaemonProcess receiver, HomeProbe probe, UUID owner, PrintWriter out) throws Exception {
        Map<ResourceType, Long> expected = new EnumMap<>(ResourceType.class);
        for (RecordCount c : sender.library().counts()) {
            if (owner.equals(c.owner()) && c.count() > 0) {
                expected.put(c.type(), c.count());
            }
        }
        long records = expected.values().stream().mapToLong(Long::longValue).sum();
        String code = sender.invite().code();
        double senderCpu0 = cpuSeconds(ProcessHandle.current());
        double receiverCpu0 = cpuSeconds(receiver.handle());
        long t0 = System.nanoTime();
        receiver.control().post("/v1/join", Json.object().put("code", code));
        long joined = System.nanoTime();
        long firstEntries = 0;
        long lastReport = t0;
        while (true) {
            Map<ResourceType, Long> now = probe.counts(owner);
            long t = System.nanoTime();
            if (firstEntries == 0 && now.getOrDefault(ResourceType.ENTRY, 0L) > 0) {
                firstEntries = t;
            }
            if (now.equals(expected)) {
                break;
            }
            if (t - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                out.printf("          ... %,d of %,d entries after %.0f s%n", now.getOrDefault(ResourceType.ENTRY, 0L),
                        expected.get(ResourceType.ENTRY), (t - t0) / 1e9);
                out.flush();
                lastReport = t;
            }
            checkAlive(receiver, t - t0);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf("backfill  %,d records (%s) in %.2f s from join to committed = %,.0f records/s (target >= 150,000)%n",
                records, expected, seconds, records / seconds);
        double senderCpu = cpuSeconds(ProcessHandle.current()) - senderCpu0;
        double receiverCpu = cpuSeconds(receiver.handle()) - receiverCpu0;
        out.printf("          join answered after %.2f s; first entries committed after %.2f s; CPU used: sender %.1f s,"
                        + " receiver %.1f s (%,.0f records per CPU-second of both)%n", (joined - t0) / 1e9, (firstEntries - t0) / 1e9,
                senderCpu, receiverCpu, records / (senderCpu + receiverCpu));
        String threads = busiestThreads(receiver.pid(), 6);
        if (!threads.isEmpty()) {
            out.println("          busiest threads (CPU s since start): receiver " + threads);
            out.println("                                               sender (with generate) " + busiestThreads(ProcessHandle.current().pid(), 6));
        }
        out.flush();
    }

    /**
     * Waits until the sender sees the receiver in sync — its shared log (the generated content
     * identities, tags and links) included — so the next figure starts from an idle pair.
     */
    private static void awaitReady(Engine sender, PrintWriter out) {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<EngineSnapshot.Peer> peers = sender.refreshSnapshot().peers();
            if (!peers.isEmpty() && peers.get(0).sync() == EngineSnapshot.SyncState.READY) {
                long shared = sender.library().counts().stream().filter(c -> c.owner() == null).mapToLong(RecordCount::count).sum();
                out.printf("ready     %.2f s after the entries: the shared log too (%,d shared rows)%n", (System.nanoTime() - t0) / 1e9, shared);
                out.flush();
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        out.println("          (the sender did not see the receiver ready within 10 minutes; measuring anyway)");
    }

    /** Returns the new location the entries went into. */
    private UUID catchUp(Engine sender, HomeProbe probe, UUID owner, PrintWriter out) throws SQLException {
        long before = probe.count(owner, ResourceType.ENTRY);
        UUID location = Ids.newId();
        sender.library().writeLocal(tx -> {
            tx.put(new LocationRecord(location, owner, 0, null, "/bench/catch-up", "catch-up"));
            for (int i = 0; i < catchUp; i++) {
                tx.put(entry(owner, location, "c" + i));
            }
            return null;
        });
        long committed = System.nanoTime();
        awaitCount(probe, owner, before + catchUp, committed);
        out.printf("catch-up  %,d entries written in one commit, committed on the receiver %.0f ms later (target < 1,000 ms)%n",
                catchUp, (System.nanoTime() - committed) / 1e6);
        out.flush();
        return location;
    }

    /**
     * Single-entry commits at a fixed pace while another thread watches the receiver's count: write
     * i's latency is from its commit returning here to the first read that shows it there.
     */
    private void realtime(Engine sender, Home receiverHome, HomeProbe probe, UUID owner, UUID location, PrintWriter out)
            throws Exception {
        long base = probe.count(owner, ResourceType.ENTRY);
        long[] committedAt = new long[realtime];
        long[] seenAt = new long[realtime];
        AtomicBoolean stop = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            int seen = 0;
            try (HomeProbe own = new HomeProbe(receiverHome)) {
                while (seen < realtime && !stop.get()) {
                    long n = own.count(owner, ResourceType.ENTRY) - base;
                    long t = System.nanoTime();
                    while (seen < Math.min(n, realtime)) {
                        seenAt[seen++] = t;
                    }
                    LockSupport.parkNanos(200_000);
                }
            } catch (SQLException e) {
                out.println("the watcher failed: " + e.getMessage());
            }
        }, "bench-watcher");
        watcher.start();
        long start = System.nanoTime();
        for (int i = 0; i < realtime; i++) {
            long due = start + TimeUnit.MILLISECONDS.toNanos((long) i * intervalMillis);
            LockSupport.parkNanos(due - System.nanoTime());
            EntryRecord e = entry(owner, location, "r" + i);
            sender.library().writeLocal(tx -> {
                tx.put(e);
                return null;
            });
            committedAt[i] = System.nanoTime();
        }
        watcher.join(TimeUnit.SECONDS.toMillis(60));
        stop.set(true);
        watcher.join();
        long[] latency = new long[realtime];
        int missing = 0;
        for (int i = 0; i < realtime; i++) {
            if (seenAt[i] == 0) {
                missing++;
                latency[i] = Long.MAX_VALUE;
            } else {
                latency[i] = Math.max(0, seenAt[i] - committedAt[i]);
            }
        }
        Arrays.sort(latency);
        out.printf("realtime  %d single-entry commits %d ms apart, commit to committed on the receiver: p50 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms (target p99 < 250 ms)%s%n", realtime, intervalMillis, millis(latency, 0.50), millis(latency, 0.99),
                millis(latency, 1.0), missing == 0 ? "" : "; " + missing + " never arrived within 60 s");
        out.flush();
    }

    private static double millis(long[] sorted, double quantile) {
        int i = (int) Math.ceil(quantile * sorted.length) - 1;
        long v = sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        return v == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : v / 1e6;
    }

    private static EntryRecord entry(UUID owner, UUID location, String name) {
        return new EntryRecord(Ids.newId(), owner, 0, location, null, name, EntryKind.FILE, 1_000, 1_700_000_000_000L, null);
    }

    private static void awaitCount(HomeProbe probe, UUID owner, long target, long since) throws SQLException {
        while (probe.count(owner, ResourceType.ENTRY) < target) {
            if (System.nanoTime() - since > WAIT_NANOS) {
                throw new IllegalStateException("the receiver did not get " + target + " entries within 30 minutes");
            }
            LockSupport.parkNanos(500_000);
        }
    }

    private static void checkAlive(DaemonProcess receiver, long elapsed) {
        if (!receiver.isAlive()) {
            throw new IllegalStateException("the receiver daemon died; its log:\n" + receiver.log());
        }
        if (elapsed > WAIT_NANOS) {
            throw new IllegalStateException("the backfill did not finish within 30 minutes");
        }
    }

    /** CPU time a process has used so far (user and system), where the OS tells; 0 otherwise. */
    private static double cpuSeconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }

    /**
     * The process's threads that used the most CPU since it started, from /proc (Linux; empty
     * elsewhere): shows whether time goes to sync, the connection's reader, or the JIT and GC.
     */
    private static String busiestThreads(long pid, int n) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return "";
        }
        Map<String, Double> byName = new java.util.HashMap<>();
        try (java.util.stream.Stream<Path> list = Files.list(tasks)) {
            for (Path task : list.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // "tid (comm) state ...": comm may hold spaces; fields 14 and 15 (utime, stime) count after it.
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[-#]?\\d+$", "");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
                    byName.merge(name, seconds, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return "";
        }
        return byName.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(n)
                .map(e -> String.format(java.util.Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static final Pattern HEAP = Pattern.compile("tidemark_jvm_heap_bytes\\{kind=\"(\\w+)\"} (\\d+)");

    /** The receiver's heap from its /metrics, and its peak resident memory from /proc where there is one. */
    private static void heap(DaemonProcess receiver, PrintWriter out) throws IOException, InterruptedException {
        Map<String, Long> heap = new java.util.HashMap<>();
        Matcher m = HEAP.matcher(receiver.control().get("/metrics"));
        while (m.find()) {
            heap.put(m.group(1), Long.parseLong(m.group(2)));
        }
        String rss = "";
        Path status = Path.of("/proc", Long.toString(receiver.pid()), "status");
        if (Files.isReadable(status)) {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    rss = "; peak resident memory of the process " + line.substring(6).strip();
                }
            }
        }
        // The target is the heap; resident memory (heap, code, SQLite's page cache, thread stacks) is shown beside it.
        out.printf("heap      the receiver finished within -Xmx (max %,d MB): peak heap used <= %,d MB (sum of pool peaks; target < 512 MB),"
                        + " committed %,d MB, used now %,d MB%s%n", mb(heap.get("max")), mb(heap.get("peak")),
                mb(heap.get("committed")), mb(heap.get("used")), rss);
    }

    private static long mb(Long bytes) {
        return bytes == null ? -1 : bytes / (1024 * 1024);
    }
}
