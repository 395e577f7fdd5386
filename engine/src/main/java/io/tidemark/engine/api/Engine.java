package io.tidemark.engine.api;

import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.identity.DeviceIdentity;
import io.tidemark.engine.index.FolderIndexer;
import io.tidemark.engine.index.IndexListener;
import io.tidemark.engine.index.IndexReport;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LibraryIdentity;
import io.tidemark.engine.model.RecordCount;
import io.tidemark.engine.store.StoreException;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.sync.SyncStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One device's Tidemark engine over one home: its two stores, its clock and its background work. The
 * app, the daemon and the CLI all run this same class. It owns its threads and never calls into a UI
 * toolkit: readers take {@link #snapshot()}, an immutable value refreshed after every change and
 * periodically, so sampling it costs nothing and never waits on the database.
 */
public final class Engine implements AutoCloseable {

    public static final String APP_VERSION = Engine.class.getPackage().getImplementationVersion() != null
            ? Engine.class.getPackage().getImplementationVersion() : "0.1.0-SNAPSHOT";

    private final Home home;
    private final LibraryStore library;
    private final SyncStore sync;
    private final DeviceIdentity identity;
    private final ExecutorService work;
    private final ScheduledExecutorService publisher;
    private final AtomicReference<EngineSnapshot> snapshot = new AtomicReference<>();

    private Engine(Home home, LibraryStore library, SyncStore sync, DeviceIdentity identity) {
        this.home = home;
        this.library = library;
        this.sync = sync;
        this.identity = identity;
        this.work = Executors.newSingleThreadExecutor(daemonThreads("tidemark-work"));
        this.publisher = Executors.newSingleThreadScheduledExecutor(daemonThreads("tidemark-snapshot"));
        snapshot.set(readSnapshot());
    }

    /** Creates a new library in an empty home, with this device as its first member. */
    public static Engine init(Home home, String deviceName, String libraryName) {
        if (Files.exists(home.libraryDb())) {
            throw new StoreException("A library already exists in " + home.dir() + "; nothing was changed.");
        }
        try {
            Files.createDirectories(home.dir());
        } catch (IOException e) {
            throw new StoreException("Could not create the home folder " + home.dir() + ": " + e.getMessage(), e);
        }
        DeviceIdentity identity = loadIdentity(home);
        // The row owner id derives from the certificate, so owner and device id map both ways.
        UUID deviceUuid = Ids.fromDigest(identity.deviceId().bytes());
        DeviceRecord device = new DeviceRecord(deviceUuid, deviceUuid, 0, deviceName, osDescription(), APP_VERSION,
                identity.deviceId().bytes());
        return withSyncStore(home, LibraryStore.create(home.libraryDb(), libraryName, device, HybridLogicalClock.system()), identity);
    }

    private static DeviceIdentity loadIdentity(Home home) {
        try {
            return DeviceIdentity.loadOrCreate(home.dir());
        } catch (IOException e) {
            throw new StoreException("Could not read or create this device's key in " + home.dir() + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new StoreException(e.getMessage(), e);
        }
    }

    /** Opens the library in {@code home}. */
    public static Engine open(Home home) {
        if (!Files.exists(home.libraryDb())) {
            throw new StoreException("No Tidemark library in " + home.dir() + ". Run 'tidemark init' first.");
        }
        LibraryStore library = LibraryStore.open(home.libraryDb(), HybridLogicalClock.system());
        try {
            DeviceIdentity identity = loadIdentity(home);
            recordFingerprint(library, identity);
            return withSyncStore(home, library, identity);
        } catch (RuntimeException e) {
            library.close();
            throw e;
        }
    }

    /** This device's record must carry its certificate's fingerprint: peers trust members by it. */
    private static void recordFingerprint(LibraryStore library, DeviceIdentity identity) {
        UUID self = library.identity().deviceId();
        byte[] fingerprint = identity.deviceId().bytes();
        library.devices().stream()
                .filter(d -> d.uuid().equals(self) && !java.util.Arrays.equals(d.certFingerprint(), fingerprint))
                .findFirst()
                .ifPresent(d -> library.writeLocal(tx -> {
                    tx.put(new DeviceRecord(d.uuid(), d.owner(), 0, d.name(), osDescription(), APP_VERSION, fingerprint));
                    return null;
                }));
    }

    /** Opens (or creates) the home's sync.db for {@code library}; closes the library if that fails. */
    private static Engine withSyncStore(Home home, LibraryStore library, DeviceIdentity identity) {
        try {
            LibraryIdentity id = library.identity();
            SyncStore sync = SyncStore.open(home.syncDb(), id.libraryId(), id.deviceId(), true);
            return new Engine(home, library, sync, identity);
        } catch (RuntimeException e) {
            library.close();
            throw e;
        }
    }

    /** Starts refreshing the snapshot every {@code periodMillis}, for long-running hosts (app, daemon). */
    public void startPublishing(long periodMillis) {
        publisher.scheduleWithFixedDelay(this::refreshQuietly, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    public Home home() {
        return home;
    }

    public LibraryStore library() {
        return library;
    }

    public SyncStore sync() {
        return sync;
    }

    public LibraryIdentity identity() {
        return library.identity();
    }

    /** This device's certificate and key; its device id is the certificate's SHA-256. */
    public DeviceIdentity deviceIdentity() {
        return identity;
    }

    /** The latest published snapshot; never blocks. */
    public EngineSnapshot snapshot() {
        return snapshot.get();
    }

    /** Reads the stores now and publishes the result. */
    public EngineSnapshot refreshSnapshot() {
        EngineSnapshot fresh = readSnapshot();
        snapshot.set(fresh);
        return fresh;
    }

    private void refreshQuietly() {
        try {
            refreshSnapshot();
        } catch (RuntimeException e) {
            // A busy or closing store: keep the last snapshot; the next period tries again.
        }
    }

    private EngineSnapshot readSnapshot() {
        LibraryIdentity id = library.identity();
        Map<UUID, String> names = new HashMap<>();
        Map<UUID, String> deviceIds = new HashMap<>();
        for (DeviceRecord d : library.devices()) {
            names.put(d.uuid(), d.name());
            if (d.certFingerprint() != null && d.certFingerprint().length == DeviceId.LENGTH) {
                deviceIds.put(d.uuid(), new DeviceId(d.certFingerprint()).toString());
            }
        }
        List<EngineSnapshot.Count> counts = new ArrayList<>();
        for (RecordCount c : library.counts()) {
            counts.add(c.owner() == null
                    ? new EngineSnapshot.Count(null, null, c.type(), c.count())
                    : new EngineSnapshot.Count(c.owner(), names.getOrDefault(c.owner(), c.owner().toString()), c.type(), c.count(),
                            deviceIds.get(c.owner())));
        }
        return new EngineSnapshot(new EngineSnapshot.Device(id.deviceId(), names.getOrDefault(id.deviceId(), ""),
                        identity.deviceId().toString()),
                new EngineSnapshot.Library(id.libraryId(), id.libraryName()), counts, List.of(), List.of(), Instant.now());
    }

    /**
     * Indexes {@code folder} on the engine's work thread; the snapshot is refreshed as batches commit
     * and when it ends. Progress goes to {@code listener} on that thread.
     */
    public CompletableFuture<IndexReport> index(Path folder, IndexListener listener) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new FolderIndexer(library).index(folder, progress -> {
                    listener.onProgress(progress);
                });
            } finally {
                refreshQuietly();
            }
        }, work);
    }

    private static String osDescription() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")";
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        publisher.shutdownNow();
        work.shutdownNow();
        try {
            work.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sync.close();
        library.close();
    }
}
