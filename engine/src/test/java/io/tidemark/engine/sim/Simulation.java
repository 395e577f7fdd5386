package io.tidemark.engine.sim;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SyncOrder;
import io.tidemark.engine.sync.SyncEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One seeded run: 3 to 5 real engines on real SQLite files, a workload and faults chosen by the
 * seed, the oracle's safety checks after every step, then the network healed and the liveness check.
 * Everything that happens comes from the seed, so {@code run(seed)} twice gives the same
 * {@link Result#trace()}.
 */
final class Simulation {
    /** How a run went: its fingerprint, what it did, and what the oracle found (empty: nothing). */
    record Result(long seed, long trace, long tasks, long requests, long notices, long written, int crashes, int restores,
                  long recoveries, long recovered, long healedAfterMillis, List<String> violations) {
        boolean ok() {
            return violations.isEmpty();
        }
    }

    private static final String[] NAMES = {"alpha", "bravo", "charlie", "delta", "echo"};
    /** Tunables scaled to a simulated run: small pages so a few hundred rows take several. */
    static final SyncEngine.Options OPTIONS = new SyncEngine.Options(40, Duration.ofSeconds(10), Duration.ofSeconds(5),
            Duration.ofSeconds(1), 20, 60, Duration.ofSeconds(90));
    private static final int STEPS = 50;
    private static final long HEAL_LIMIT_MILLIS = Duration.ofMinutes(15).toMillis();

    private final long seed;
    private final Path dir;
    private final SimScheduler scheduler;
    private final Random random;
    private final List<SimDevice> devices = new ArrayList<>();
    private final SimNetwork network;
    private final SimOracle oracle;
    private final SimWorkload workload;
    private int crashes;
    private int restores;
    /** What the run did, in words, for a person replaying a failed seed. */
    private final List<String> actions = new ArrayList<>();

    private Simulation(long seed, Path dir) {
        this.seed = seed;
        this.dir = dir;
        this.scheduler = new SimScheduler(seed);
        this.random = scheduler.random();
        this.network = new SimNetwork(scheduler);
        this.oracle = new SimOracle(devices);
        this.workload = new SimWorkload(scheduler, OPTIONS.bulkThreshold());
    }

    /** Runs seed {@code seed} in a new folder under {@code parent}, removed afterwards. */
    static Result run(long seed, Path parent) {
        Path dir;
        try {
            dir = Files.createTempDirectory(parent, "seed-" + seed + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Simulation sim = new Simulation(seed, dir);
        try {
            return sim.run();
        } finally {
            sim.devices.forEach(SimDevice::crash);
            delete(dir);
        }
    }

    private Result run() {
        long t0 = System.nanoTime();
        try {
            return runTimed();
        } finally {
            System.out.printf("seed %d: %.2f s, checks %.2f s%n", seed, (System.nanoTime() - t0) / 1e9, oracle.checkNanos / 1e9);
        }
    }

    private Result runTimed() {
        int n = 3 + random.nextInt(3);
        UUID libraryId = new UUID(random.nextLong(), random.nextLong());
        for (int i = 0; i < n; i++) {
            byte[] id = new byte[32];
            random.nextBytes(id);
            // Skew within the HLC's tolerance, a little drift: clocks that disagree but can agree.
            SimClock clock = new SimClock(scheduler, random.nextInt(120_001) - 60_000, random.nextInt(201) - 100);
            SimDevice d = new SimDevice(NAMES[i], id, dir.resolve(NAMES[i]), scheduler, clock, libraryId, OPTIONS);
            d.watch(oracle);
            devices.add(d);
        }
        SimNetwork.Faults faults = new SimNetwork.Faults(random.nextDouble() * 0.05, random.nextDouble() * 0.05,
                random.nextDouble() * 0.03, random.nextDouble() * 0.1, random.nextDouble() * 0.1);
        network.faults(faults);
        // The first device starts the library; the others join one member each, at different times.
        devices.get(0).start();
        for (int i = 1; i < n; i++) {
            SimDevice joiner = devices.get(i);
            long at = random.nextInt(20_000);
            scheduler.after(at, "join " + joiner.name(), () -> true, () -> {
                joiner.start();
                SimDevice via = runningOther(joiner);
                if (via != null) {
                    network.connect(joiner, via);
                }
            });
        }
        for (int step = 0; step < STEPS && oracle.violations.isEmpty(); step++) {
            act();
            runFor(50 + random.nextInt(3_000));
            oracle.checkSafety(scheduler.now());
        }
        long healStart = scheduler.now();
        long healed = heal();
        List<String> violations = new ArrayList<>(oracle.violations);
        if (healed < 0 && violations.isEmpty()) {
            violations.add("not converged " + Duration.ofMillis(HEAL_LIMIT_MILLIS).toMinutes() + " min after healing: "
                    + String.join("; ", oracle.divergence()));
        }
        if (!violations.isEmpty() && Boolean.getBoolean("tidemark.sim.verbose")) {
            System.out.println("--- last actions");
            actions.subList(Math.max(0, actions.size() - 80), actions.size()).forEach(a -> System.out.println("  " + a));
            System.out.println("--- records where devices differ");
            oracle.explainDivergence().forEach(System.out::println);
            for (SimDevice d : devices) {
                List<String> ev = d.events();
                System.out.println("--- " + d.name() + " (" + d.uuid() + "), last events of " + ev.size());
                ev.subList(Math.max(0, ev.size() - 40), ev.size()).forEach(e -> System.out.println("  " + e));
            }
        }
        long trace = scheduler.trace();
        if (violations.isEmpty()) {
            trace = trace * 31 + oracle.fingerprint();
        }
        return new Result(seed, trace, scheduler.tasksRun(), network.requests, network.notices, workload.written, crashes,
                restores, oracle.recoveries, oracle.recovered, healed < 0 ? -1 : healed - healStart, violations);
    }

    private void note(String what) {
        actions.add("at " + scheduler.now() + " ms: " + what);
    }

    private SimDevice runningOther(SimDevice d) {
        List<SimDevice> others = devices.stream().filter(o -> o != d && o.running()).toList();
        return others.isEmpty() ? null : others.get(random.nextInt(others.size()));
    }

    private SimDevice anyRunning() {
        List<SimDevice> up = devices.stream().filter(SimDevice::running).toList();
        return up.isEmpty() ? null : up.get(random.nextInt(up.size()));
    }

    /** Runs tasks for {@code millis} of virtual time, crashing a device where a fault inside the engine asked. */
    private void runFor(long millis) {
        long until = scheduler.now() + millis;
        while (oracle.violations.isEmpty() && scheduler.runNext(until)) {
            for (SimDevice d : devices) {
                if (d.crashAsked()) {
                    crash(d, false, false);
                }
            }
        }
    }

    /** One workload action or one fault, chosen by the seed. */
    private void act() {
        SimDevice d = anyRunning();
        if (d == null) {
            return;
        }
        int pick = random.nextInt(100);
        note(d.name() + " " + pick);
        if (pick < 52) {
            workload.act(d);
            oracle.checkIssued(d, workload.lastStamp, scheduler.now());
        } else if (pick < 58) {
            crash(d, random.nextInt(3) == 0, false);
        } else if (pick < 62) {
            d.crashInCommitWindow();
        } else if (pick < 65) {
            // A lost last commit: the file as it was before the commit comes back after a crash.
            network.dropAll(d);
            d.crash();
            d.keepBackup();
            restart(d);
            workload.act(d);
            oracle.checkIssued(d, workload.lastStamp, scheduler.now());
            crash(d, false, true);
        } else if (pick < 74) {
            SimDevice other = runningOther(d);
            if (other != null) {
                if (network.connected(d, other)) {
                    network.disconnect(d, other);
                    long back = 100 + random.nextInt(10_000);
                    scheduler.after(back, "reconnect", () -> true, () -> network.connect(d, other));
                } else {
                    network.connect(d, other);
                }
            }
        } else if (pick < 78) {
            SimDevice other = runningOther(d);
            if (other != null) {
                network.cut(d, other, true);
                scheduler.after(1_000 + random.nextInt(20_000), "heal cut", () -> true, () -> network.cut(d, other, false));
            }
        } else if (pick < 82) {
            // A clock jump, back or forward: half within the drift bound, half up to an hour, which
            // the HLC holds (forward: no member confirms it here, so it is taken when the hold runs out) or
            // lives down on its counter (back). Scaled, not drawn again, so the run's draws stay as they were.
            long jump = random.nextInt(240_001) - 120_000;
            d.clock().jump(jump % 2 == 0 ? jump * 30 : jump);
        } else if (pick < 85) {
            // Maintenance while members may be away: the shared log and old deletes are pruned.
            d.engine().shared().prune();
            Cursor through = new Cursor(d.library().clock().last().packed() - (30_000L << 16), new UUID(-1L, -1L));
            for (ResourceType type : SyncOrder.deviceOwned()) {
                d.library().pruneDeletes(type, through);
            }
        } else if (pick < 90) {
            SimDevice owner = devices.get(random.nextInt(devices.size()));
            if (owner.running()) {
                oracle.checkIdempotent(d, owner, ResourceType.ENTRY, scheduler.now());
            }
        } else {
            SimDevice other = runningOther(d);
            if (other != null) {
                network.connect(d, other);
            }
        }
    }

    /**
     * Stops {@code d} where it stands; it starts again later, sometimes much later, and sometimes from
     * an older copy of its library.db (one kept at an earlier stop).
     */
    private void crash(SimDevice d, boolean longAway, boolean restoreNow) {
        network.dropAll(d);
        d.crash();
        crashes++;
        boolean restore = d.hasBackup() && (restoreNow || random.nextInt(4) == 0);
        note("crash " + d.name() + (restore ? ", library.db restored" : ""));
        if (restore) {
            d.restoreBackup();
            oracle.restored(d);
            restores++;
        } else if (random.nextInt(3) == 0) {
            d.keepBackup();
        }
        long away = longAway ? 60_000 + random.nextInt(180_000) : 200 + random.nextInt(5_000);
        scheduler.after(away, "restart " + d.name(), () -> true, () -> restart(d));
    }

    private void restart(SimDevice d) {
        if (d.running()) {
            return;
        }
        note("start " + d.name());
        d.start();
        SimDevice via = runningOther(d);
        if (via != null) {
            network.connect(d, via);
        }
    }

    /**
     * Heals everything (no faults, every device up, every pair connected) and runs until every device
     * holds the same records; the virtual time when it did, or -1 if it did not within the limit.
     */
    private long heal() {
        network.faults(SimNetwork.Faults.NONE);
        network.healPartitions();
        // No fault is left armed: a device that crashed while healing was down when the oracle looked.
        devices.forEach(SimDevice::disarm);
        runFor(100);
        for (SimDevice d : devices) {
            if (d.crashAsked() || !d.running()) {
                d.crash();
                d.start();
            }
        }
        long deadline = scheduler.now() + HEAL_LIMIT_MILLIS;
        while (scheduler.now() < deadline && oracle.violations.isEmpty()) {
            for (SimDevice a : devices) {
                for (SimDevice b : devices) {
                    if (a != b) {
                        network.connect(a, b);
                    }
                }
            }
            runFor(10_000);
            if (oracle.divergence().isEmpty()) {
                oracle.checkSafety(scheduler.now());
                return scheduler.now();
            }
        }
        return -1;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover temp folder is not worth failing the run for.
        }
    }
}
