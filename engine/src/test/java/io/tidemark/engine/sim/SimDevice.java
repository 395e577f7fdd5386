package io.tidemark.engine.sim;

import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.sync.SyncStore;
import io.tidemark.engine.sync.SyncEngine;
import io.tidemark.engine.sync.SyncMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One simulated device: the production stores and sync engine on real SQLite files in its own
 * folder, on the run's scheduler and its own clock. It can stop, crash (its tasks die with it, what a
 * transaction had not committed is gone) and start again from its files, which a fault may first
 * replace with an older copy of library.db.
 */
final class SimDevice {
    /** Thrown from inside the engine where a fault crashes the device; nothing may catch it for good. */
    static final class Crash extends RuntimeException {
        Crash(String where) {
            super("simulated crash " + where, null, false, false);
        }
    }

    /** Told of each recovery before and after it moves records, so the oracle can hold it to its budget. */
    interface RecoveryWatch {
        void before(SimDevice device, DeviceId from, UUID owner, ResourceType type);

        void after(SimDevice device, DeviceId from, UUID owner, ResourceType type, long fetched, long removed);
    }

    private final String name;
    private final DeviceId id;
    private final UUID uuid;
    private final Path dir;
    private final SimScheduler scheduler;
    private final SimClock clock;
    private final UUID libraryId;
    private final SyncEngine.Options options;
    private final List<String> events = new ArrayList<>();
    private SimRuntime runtime;
    private LibraryStore library;
    private SyncStore sync;
    private SyncEngine engine;
    private boolean crashInWindow;
    private boolean crashNow;
    private Path backup;
    private int starts;
    private RecoveryWatch watch;

    SimDevice(String name, byte[] idBytes, Path dir, SimScheduler scheduler, SimClock clock, UUID libraryId,
              SyncEngine.Options options) {
        this.name = name;
        this.id = new DeviceId(idBytes);
        this.uuid = Ids.fromDigest(idBytes);
        this.dir = dir;
        this.scheduler = scheduler;
        this.clock = clock;
        this.libraryId = libraryId;
        this.options = options;
    }

    void watch(RecoveryWatch watch) {
        this.watch = watch;
    }

    String name() {
        return name;
    }

    DeviceId id() {
        return id;
    }

    UUID uuid() {
        return uuid;
    }

    SimClock clock() {
        return clock;
    }

    boolean running() {
        return engine != null;
    }

    SyncEngine engine() {
        return engine;
    }

    LibraryStore library() {
        return library;
    }

    SyncStore sync() {
        return sync;
    }

    List<String> events() {
        return events;
    }

    private Path libraryDb() {
        return dir.resolve("library.db");
    }

    /** Opens the stores (creating them the first time) and starts the engine. */
    void start() {
        if (running()) {
            return;
        }
        starts++;
        // The run's virtual time is the monotonic clock nobody sets: the HLC tells this device's jumps from time passing.
        HybridLogicalClock hlc = new HybridLogicalClock(clock::millis, scheduler::now, HybridLogicalClock.DEFAULT_MAX_DRIFT);
        if (Files.exists(libraryDb())) {
            library = LibraryStore.open(libraryDb(), hlc);
        } else {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            library = LibraryStore.create(libraryDb(), "simulated library",
                    new DeviceRecord(uuid, uuid, 0, name, "simulated", "sim", id.bytes()), hlc);
            library.adoptLibrary(libraryId, "simulated library");
        }
        sync = SyncStore.open(dir.resolve("sync.db"), libraryId, uuid, true, clock);
        runtime = new SimRuntime(scheduler, name, clock);
        engine = new SyncEngine(library, sync, options, new SyncMetrics(),
                (kind, peer, message) -> events.add(kind + ": " + message), Set.of(), paused -> { }, runtime);
        engine.listener(new SyncEngine.Listener() {
            @Override
            public void applied(UUID owner, ResourceType type, int rows) {
                if (crashInWindow) {
                    // Between a page's library.db commit and its watermark's sync.db commit.
                    crashInWindow = false;
                    crashNow = true;
                    throw new Crash("between a page's commit and its watermark");
                }
            }

            @Override
            public void recovering(DeviceId from, UUID owner, ResourceType type, boolean reclaim) {
                if (watch != null) {
                    watch.before(SimDevice.this, from, owner, type);
                }
            }

            @Override
            public void recovered(DeviceId from, UUID owner, ResourceType type, long fetched, long removed) {
                if (watch != null) {
                    watch.after(SimDevice.this, from, owner, type, fetched, removed);
                }
            }
        });
        engine.start();
    }

    /** The next page this device applies crashes it before its watermark moves. */
    void crashInCommitWindow() {
        crashInWindow = true;
    }

    /** Takes back a crash asked for at the next page: healing runs without faults. */
    void disarm() {
        crashInWindow = false;
    }

    /** Whether a fault inside the engine asked for this device to die at the end of the running task. */
    boolean crashAsked() {
        return crashNow;
    }

    /** Queues {@code body} as a task of this device's current run: it dies with the device. */
    void whenRunning(String what, Runnable body) {
        SimRuntime current = runtime;
        if (current == null) {
            return;
        }
        scheduler.after(1 + scheduler.random().nextInt(3), name + ":" + what, () -> runtime == current && !current.closed(), body);
    }

    /** Stops the device abruptly: its tasks are dropped, the stores closed where they stand. */
    void crash() {
        if (!running()) {
            return;
        }
        crashNow = false;
        crashInWindow = false;
        engine.close();
        sync.close();
        library.close();
        engine = null;
        sync = null;
        library = null;
        runtime = null;
    }

    /** Keeps a copy of library.db as it is now (the device is stopped): a later fault may restore it. */
    void keepBackup() {
        if (running()) {
            throw new IllegalStateException(name + " is running");
        }
        backup = dir.resolve("library-backup.db");
        copy(libraryDb(), backup);
    }

    boolean hasBackup() {
        return backup != null;
    }

    /** Puts the kept copy back in place of library.db (the device is stopped): the watermarks-lie case. */
    void restoreBackup() {
        if (running() || backup == null) {
            throw new IllegalStateException(name + " cannot be restored now");
        }
        copy(backup, libraryDb());
    }

    private static void copy(Path from, Path to) {
        try {
            for (String suffix : List.of("-wal", "-shm")) {
                Files.deleteIfExists(Path.of(to + suffix));
                Path side = Path.of(from + suffix);
                if (Files.exists(side)) {
                    Files.copy(side, Path.of(to + suffix), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int starts() {
        return starts;
    }
}
