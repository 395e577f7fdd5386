package io.tidemark.engine.api;

import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.discovery.DiscoveredDevice;
import io.tidemark.engine.discovery.DiscoveryConfig;
import io.tidemark.engine.discovery.LanDiscovery;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.identity.InviteCode;
import io.tidemark.engine.store.sync.Peer;
import io.tidemark.engine.sync.Marks;
import io.tidemark.engine.sync.SyncEngine;
import io.tidemark.engine.store.sync.Trust;
import io.tidemark.engine.transport.PeerDirectory;
import io.tidemark.engine.transport.PeerService;
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
public final class Engine implements PeerActions, AutoCloseable {

    public static final String APP_VERSION = AppInfo.current().version();

    private final Home home;
    private final LibraryStore library;
    private final SyncStore sync;
    private final DeviceIdentity identity;
    private final ExecutorService work;
    private final ScheduledExecutorService publisher;
    private final AtomicReference<EngineSnapshot> snapshot = new AtomicReference<>();
    private final StorePeerDirectory directory;
    private volatile PeerService peers;
    private volatile LanDiscovery discovery;
    private volatile List<DiscoveredDevice> discovered = List.of();
    private final io.tidemark.engine.sync.SyncMetrics syncMetrics = new io.tidemark.engine.sync.SyncMetrics();
    private final SyncEngine syncEngine;
    private HomeLock homeLock;

    private Engine(Home home, LibraryStore library, SyncStore sync, DeviceIdentity identity, SyncEngine.Options syncOptions) {
        this.home = home;
        this.library = library;
        this.sync = sync;
        this.identity = identity;
        this.directory = new StorePeerDirectory(library, sync, identity.deviceId());
        this.syncEngine = new SyncEngine(library, sync, syncOptions, syncMetrics, directory::event,
                PausedPeers.load(home), paused -> PausedPeers.save(home, paused));
        this.work = Executors.newSingleThreadExecutor(daemonThreads("tidemark-work"));
        this.publisher = Executors.newSingleThreadScheduledExecutor(daemonThreads("tidemark-snapshot"));
        snapshot.set(readSnapshot());
    }

    /** Creates a new library in an empty home, with this device as its first member. */
    public static Engine init(Home home, String deviceName, String libraryName) {
        return init(home, deviceName, libraryName, HybridLogicalClock.system());
    }

    /** {@link #init(Home, String, String)} with a given clock: tests run devices whose wall clocks disagree. */
    public static Engine init(Home home, String deviceName, String libraryName, HybridLogicalClock clock) {
        if (Files.exists(home.libraryDb())) {
            throw new StoreException("A library already exists in " + home.dir() + "; nothing was changed.");
        }
        HomeAccess.ownerOnly(home.dir());
        DeviceIdentity identity = loadIdentity(home);
        // The row owner id derives from the certificate, so owner and device id map both ways.
        UUID deviceUuid = Ids.fromDigest(identity.deviceId().bytes());
        DeviceRecord device = new DeviceRecord(deviceUuid, deviceUuid, 0, deviceName, osDescription(), APP_VERSION,
                identity.deviceId().bytes());
        Engine engine = withSyncStore(home, LibraryStore.create(home.libraryDb(), libraryName, device, clock), identity,
                SyncEngine.Options.DEFAULT);
        HomeAccess.ownerOnly(home.dir()); // the files SQLite just created, with the user's umask
        return engine;
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
        return open(home, HybridLogicalClock.system());
    }

    /** {@link #open(Home)} with given sync tunables (the daemon's hidden tuning options, benchmarks). */
    public static Engine open(Home home, SyncEngine.Options syncOptions) {
        return open(home, HybridLogicalClock.system(), syncOptions);
    }

    /** {@link #open(Home)} with a given clock. */
    public static Engine open(Home home, HybridLogicalClock clock) {
        return open(home, clock, SyncEngine.Options.DEFAULT);
    }

    private static Engine open(Home home, HybridLogicalClock clock, SyncEngine.Options syncOptions) {
        if (!Files.exists(home.libraryDb())) {
            throw new StoreException("No Tidemark library in " + home.dir() + ". Run 'tidemark init' first.");
        }
        HomeAccess.ownerOnly(home.dir());
        LibraryStore library = LibraryStore.open(home.libraryDb(), clock);
        try {
            DeviceIdentity identity = loadIdentity(home);
            recordFingerprint(library, identity);
            return withSyncStore(home, library, identity, syncOptions);
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
    private static Engine withSyncStore(Home home, LibraryStore library, DeviceIdentity identity, SyncEngine.Options syncOptions) {
        try {
            LibraryIdentity id = library.identity();
            SyncStore sync = SyncStore.open(home.syncDb(), id.libraryId(), id.deviceId(), true);
            return new Engine(home, library, sync, identity, syncOptions);
        } catch (RuntimeException e) {
            library.close();
            throw e;
        }
    }

    /** How this device takes part in the network. {@code listen} null: dial out only (a one-off CLI join). */
    public record NetworkOptions(java.net.InetSocketAddress listen, boolean discovery, java.util.Set<String> discoveryInterfaces,
                                 PeerService.Timing timing) {
        public static final int DEFAULT_PORT = 22100;

        public static NetworkOptions standard() {
            return new NetworkOptions(new java.net.InetSocketAddress(DEFAULT_PORT), true, java.util.Set.of(), PeerService.Timing.DEFAULT);
        }
    }

    /**
     * Starts listening for peers (TLS), dialling members, and, if asked, mDNS discovery. Members found
     * by discovery get their address remembered and are dialled; other devices show as nearby.
     */
    public synchronized void startNetwork(NetworkOptions options) throws IOException {
        if (peers != null) {
            throw new IllegalStateException("The network is already running");
        }
        holdHome();
        PeerService service = new PeerService(identity, directory, library.clock(), deviceName(), osDescription(), options.timing());
        service.syncHandler(syncEngine);
        syncEngine.start();
        if (options.listen() != null) {
            service.listen(options.listen());
        }
        service.startMaintenance();
        peers = service;
        if (options.discovery() && options.listen() != null) {
            LanDiscovery lan = new LanDiscovery(new DiscoveryConfig(identity.deviceId().toString(), service.port(),
                    io.tidemark.engine.protocol.Message.PROTOCOL_VERSION, options.discoveryInterfaces(), DiscoveryConfig.DEFAULT_REFRESH),
                    this::discovered);
            lan.start();
            discovery = lan;
        }
    }

    private void discovered(List<DiscoveredDevice> devices) {
        discovered = List.copyOf(devices);
        PeerService service = peers;
        for (DiscoveredDevice d : devices) {
            DeviceId id;
            try {
                id = DeviceId.parse(d.deviceId());
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (directory.trustOf(id) == PeerDirectory.Trust.MEMBER && service != null) {
                d.addresses().forEach(a -> directory.rememberAddress(id, a.getAddress().getHostAddress() + ":" + a.getPort()));
                service.dialSoon(id);
            }
        }
    }

    /** The sync of other owners' records, e.g. to follow its progress. */
    public SyncEngine syncEngine() {
        return syncEngine;
    }

    /** Records moved per peer since start, for per-minute metrics. */
    public io.tidemark.engine.sync.SyncMetrics syncMetrics() {
        return syncMetrics;
    }

    /** Records, bytes and RTT per member since start: the source of per-minute and Prometheus metrics. */
    public Map<DeviceId, PeerTraffic> traffic() {
        return PeerTraffic.of(syncMetrics, peers);
    }

    /** A counter that moves whenever an event is recorded: pass it to {@link #awaitEvents}. */
    public long eventsVersion() {
        return directory.eventsVersion();
    }

    /** Blocks until an event is recorded after {@code seenVersion}, or the timeout passes. */
    public void awaitEvents(long seenVersion, java.time.Duration timeout) throws InterruptedException {
        directory.awaitEvents(seenVersion, timeout.toMillis());
    }

    /** The port peers reach this device at, or -1 while the network is off. */
    public int peerPort() {
        PeerService service = peers;
        return service == null ? -1 : service.port();
    }

    private String deviceName() {
        UUID self = library.identity().deviceId();
        return library.devices().stream().filter(d -> d.uuid().equals(self)).map(DeviceRecord::name).findFirst().orElse("");
    }

    @Override
    public Invitation invite() {
        PeerService service = peers;
        if (service == null || service.port() < 0) {
            throw new IllegalStateException("This device is not listening for peers, so nobody could join with an invite."
                    + " Start the daemon or the app first.");
        }
        InviteCode code = service.invite();
        directory.event("invite.issued", null, "Made an invite code valid until " + code.expiresAt());
        return new Invitation(code.encode(), code.expiresAt(), code.addresses());
    }

    @Override
    public CompletableFuture<Joined> join(String code, String address) {
        InviteCode invite;
        try {
            invite = InviteCode.decode(code);
            if (address != null) {
                PeerService.checkAddress(address);
            }
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        PeerService service;
        synchronized (this) {
            if (peers == null) {
                try {
                    startNetwork(new NetworkOptions(null, false, java.util.Set.of(), PeerService.Timing.DEFAULT));
                } catch (IOException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
            service = peers;
        }
        return service.join(invite, address)
                .thenCompose(accepted -> directory.introducedBy(invite.inviter())
                        .completeOnTimeout(null, 10, TimeUnit.SECONDS)
                        .thenApply(ignored -> {
                            refreshQuietly();
                            List<String> members = directory.members().stream().map(io.tidemark.engine.protocol.Message.Member::deviceId).toList();
                            String inviterName = sync.peers().get(invite.inviter().bytes()).map(Peer::name).orElse("");
                            return new Joined(accepted.libraryId(), accepted.libraryName(), inviterName, members);
                        }));
    }

    /**
     * Remembers a HOST:PORT for a member given by hand (no discovery needed) and dials it at once.
     *
     * @throws IllegalArgumentException for an unknown member or a malformed address
     */
    public void addAddress(String deviceIdText, String hostPort) {
        DeviceId device = DeviceId.parse(deviceIdText);
        PeerService.checkAddress(hostPort);
        if (directory.trustOf(device) != PeerDirectory.Trust.MEMBER || device.equals(identity.deviceId())) {
            throw new IllegalArgumentException("No member " + device.shortForm() + " is known to this device; pair it first.");
        }
        directory.rememberAddress(device, hostPort);
        PeerService service = peers;
        if (service != null) {
            service.dialSoon(device);
        }
        refreshQuietly();
    }

    @Override
    public void forget(String deviceIdText) {
        DeviceId device = DeviceId.parse(deviceIdText);
        if (device.equals(identity.deviceId())) {
            throw new IllegalArgumentException("This device cannot forget itself.");
        }
        if (!directory.forget(device)) {
            throw new IllegalArgumentException("No member " + device.shortForm() + " is known to this device.");
        }
        directory.event("peer.forgotten", device, "Forgot member " + device.shortForm());
        PeerService service = peers;
        if (service != null) {
            service.disconnect(device, "forgotten on this device");
        }
        refreshQuietly();
    }

    @Override
    public void catchUp(String deviceIdText) {
        syncEngine.catchUp(member(deviceIdText));
        refreshQuietly();
    }

    @Override
    public void resync(String deviceIdText, io.tidemark.engine.model.ResourceType type) {
        syncEngine.resync(member(deviceIdText), type);
        refreshQuietly();
    }

    @Override
    public List<SyncEngine.RecoveryOutcome> recover(String deviceIdText, UUID owner, io.tidemark.engine.model.ResourceType type,
                                                    boolean dryRun) {
        DeviceId peer = member(deviceIdText);
        List<SyncEngine.RecoveryOutcome> out = dryRun ? syncEngine.planRecovery(peer, owner, type)
                : syncEngine.recoverNow(peer, owner, type);
        refreshQuietly();
        return out;
    }

    @Override
    public void pause(String deviceIdText) {
        syncEngine.pause(member(deviceIdText));
        refreshQuietly();
    }

    @Override
    public void resume(String deviceIdText) {
        syncEngine.resume(member(deviceIdText));
        refreshQuietly();
    }

    /**
     * The member a person named by its device id.
     *
     * @throws IllegalArgumentException for a malformed id, this device, or a device that is not a member
     */
    private DeviceId member(String deviceIdText) {
        DeviceId device = DeviceId.parse(deviceIdText);
        if (device.equals(identity.deviceId()) || directory.trustOf(device) != PeerDirectory.Trust.MEMBER) {
            throw new IllegalArgumentException("No member " + device.shortForm() + " is known to this device.");
        }
        return device;
    }

    /** Starts refreshing the snapshot every {@code periodMillis}, for long-running hosts (app, daemon). */
    public void startPublishing(long periodMillis) {
        publisher.scheduleWithFixedDelay(this::refreshQuietly, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        MinuteMetrics.start(sync, this::traffic, publisher);
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
                new EngineSnapshot.Library(id.libraryId(), id.libraryName()), counts, peerSnapshots(names, deviceIds), nearbySnapshots(),
                Instant.now(), recentEvents());
    }

    private List<EngineSnapshot.Peer> peerSnapshots(Map<UUID, String> namesByUuid, Map<UUID, String> deviceIdsByUuid) {
        PeerService service = peers;
        Map<DeviceId, PeerService.Status> live = service == null ? Map.of() : service.statuses();
        Map<String, String> recordNames = new HashMap<>();
        for (DeviceRecord d : library.devices()) {
            if (d.certFingerprint() != null && d.certFingerprint().length == DeviceId.LENGTH) {
                recordNames.put(new DeviceId(d.certFingerprint()).toString(), d.name());
            }
        }
        Marks ours = syncEngine.ourMarks();
        Map<DeviceId, io.tidemark.engine.sync.PeerSyncView> views = syncEngine.views(ours);
        List<EngineSnapshot.Peer> out = new ArrayList<>();
        for (Peer p : sync.peers().list(Trust.MEMBER)) {
            DeviceId id = new DeviceId(p.deviceId());
            PeerService.Status status = live.get(id);
            String name = recordNames.getOrDefault(id.toString(), p.name());
            EngineSnapshot.PeerState state = status == null ? EngineSnapshot.PeerState.OFFLINE
                    : EngineSnapshot.PeerState.valueOf(status.state().name());
            Instant lastSeen = status != null && status.lastSeen() != null ? status.lastSeen() : p.lastSeen();
            io.tidemark.engine.sync.PeerSyncView view = views.get(id);
            EngineSnapshot.SyncState syncState;
            String reason;
            Instant since;
            if (syncEngine.isPaused(id)) {
                syncState = EngineSnapshot.SyncState.PAUSED;
                reason = "paused on this device";
                since = view == null ? null : view.since();
            } else if (state != EngineSnapshot.PeerState.CONNECTED) {
                syncState = state == EngineSnapshot.PeerState.CONNECTING ? EngineSnapshot.SyncState.CONNECTING
                        : EngineSnapshot.SyncState.OFFLINE;
                reason = status != null && status.lastError() != null ? status.lastError()
                        : state == EngineSnapshot.PeerState.CONNECTING ? "connecting" : "not connected";
                since = lastSeen;
            } else if (view == null) {
                syncState = EngineSnapshot.SyncState.CONNECTING;
                reason = "exchanging watermarks";
                since = null;
            } else {
                syncState = EngineSnapshot.SyncState.valueOf(view.state().name());
                reason = view.reason();
                since = view.since();
            }
            out.add(new EngineSnapshot.Peer(id.toString(), name, state, p.addresses(), lastSeen,
                    status == null ? null : status.rttMs(), status == null ? null : status.clockOffsetMs(),
                    status == null ? null : status.lastError(), syncState, reason, since,
                    resources(id, view, ours, namesByUuid, deviceIdsByUuid)));
        }
        return out;
    }

    /**
     * One line per (owner, type) that either side holds: our count, the member's count and watermark
     * from its last exchange, and pull progress. For our own records the watermark shown is how far
     * the member holds them; for everyone else's, how far we hold them contiguously.
     */
    private List<EngineSnapshot.Resource> resources(DeviceId peer, io.tidemark.engine.sync.PeerSyncView view, Marks ours,
                                                    Map<UUID, String> names, Map<UUID, String> deviceIds) {
        java.util.Set<io.tidemark.engine.sync.SyncKey> keys = new java.util.TreeSet<>(java.util.Comparator
                .comparing((io.tidemark.engine.sync.SyncKey k) -> k.type().ordinal())
                .thenComparing(io.tidemark.engine.sync.SyncKey::owner, io.tidemark.engine.model.Cursor::compareIds));
        keys.addAll(ours.counts().keySet());
        keys.addAll(ours.held().keySet());
        if (view != null) {
            keys.addAll(view.peerMarks().keySet());
        }
        UUID self = library.identity().deviceId();
        List<EngineSnapshot.Resource> out = new ArrayList<>();
        for (io.tidemark.engine.sync.SyncKey key : keys) {
            io.tidemark.engine.protocol.Message.Mark theirs = view == null ? null : view.peerMarks().get(key);
            io.tidemark.engine.model.Cursor watermark = key.owner().equals(self)
                    ? (theirs == null ? null : new io.tidemark.engine.model.Cursor(theirs.stamp(), UUID.fromString(theirs.uuid())))
                    : ours.watermarks().get(key);
            io.tidemark.engine.sync.KeyProgress progress = view == null ? null : view.progress().get(key);
            EngineSnapshot.Backfill backfill = progress == null ? EngineSnapshot.Backfill.NONE
                    : new EngineSnapshot.Backfill(progress.done(), progress.total(), progress.ratePerSecond(), progress.etaSeconds(),
                    progress.active());
            out.add(new EngineSnapshot.Resource(key.owner(), names.getOrDefault(key.owner(), key.owner().toString()),
                    deviceIds.get(key.owner()), key.type(), ours.counts().getOrDefault(key, 0L), theirs == null ? null : theirs.count(),
                    watermark == null || watermark.isStart() ? null : watermark.stamp(),
                    key.owner().equals(self) ? null : ours.advancedAt().get(key), backfill,
                    ours.checkpointed().containsKey(key) ? ours.checkpointed().get(key).stamp() : null, gap(key, theirs, ours, view)));
        }
        Map<String, io.tidemark.engine.protocol.Message.Mark> ourShared = new HashMap<>();
        ours.shared().forEach(m -> ourShared.put(m.resource(), m));
        for (io.tidemark.engine.model.ResourceType type : io.tidemark.engine.model.ResourceType.values()) {
            if (type.deviceOwned()) {
                continue;
            }
            io.tidemark.engine.protocol.Message.Mark mine = ourShared.get(type.wireName());
            io.tidemark.engine.protocol.Message.Mark theirs = view == null ? null : view.sharedMarks().get(type.wireName());
            if (mine == null && theirs == null) {
                continue;
            }
            EngineSnapshot.Backfill backfill = EngineSnapshot.Backfill.NONE;
            if (view != null && view.sharedPull() != null && theirs != null) {
                io.tidemark.engine.sync.KeyProgress p = view.sharedPull().progress(type.wireName(), mine == null ? 0 : mine.count(),
                        theirs.count(), Instant.now());
                backfill = new EngineSnapshot.Backfill(p.done(), p.total(), p.ratePerSecond(), p.etaSeconds(), p.active());
            }
            out.add(new EngineSnapshot.Resource(null, null, null, type, mine == null ? 0 : mine.count(),
                    theirs == null ? null : theirs.count(), mine == null || mine.stamp() == 0 ? null : mine.stamp(), null,
                    backfill, null, sharedGap(mine, theirs)));
        }
        return out;
    }

    /** Our shared summary of a type against the member's last mark of it (rows and deletes); null before an exchange. */
    private static EngineSnapshot.Gap sharedGap(io.tidemark.engine.protocol.Message.Mark mine, io.tidemark.engine.protocol.Message.Mark theirs) {
        if (mine == null || theirs == null) {
            return null;
        }
        boolean same = mine.count() == theirs.count() && mine.deleted() == theirs.deleted() && mine.digest() == theirs.digest();
        return new EngineSnapshot.Gap(theirs.count() + theirs.deleted() - mine.count() - mine.deleted(), same, null);
    }

    /** Our summary of {@code key} against the member's last mark of it, with the key's recovery; null before an exchange. */
    private static EngineSnapshot.Gap gap(io.tidemark.engine.sync.SyncKey key, io.tidemark.engine.protocol.Message.Mark theirs,
                                          Marks ours, io.tidemark.engine.sync.PeerSyncView view) {
        if (theirs == null) {
            return null;
        }
        io.tidemark.engine.model.KeySummary mine = ours.summary(key);
        io.tidemark.engine.model.KeySummary other = new io.tidemark.engine.model.KeySummary(key.owner(), key.type(), theirs.count(),
                theirs.deleted(), theirs.digest(), theirs.maxVersion());
        return new EngineSnapshot.Gap(other.items() - mine.items(), mine.sameAs(other), view.recoveries().get(key));
    }

    private List<EngineSnapshot.EventLine> recentEvents() {
        List<EngineSnapshot.EventLine> out = new ArrayList<>();
        for (io.tidemark.engine.store.sync.LoggedEvent e : sync.events().recent(RECENT_EVENTS)) {
            byte[] peer = e.event().peer();
            out.add(new EngineSnapshot.EventLine(e.id(), e.event().at(), e.event().kind(),
                    peer != null && peer.length == DeviceId.LENGTH ? new DeviceId(peer).toString() : null, e.event().message()));
        }
        out.sort(java.util.Comparator.comparingLong(EngineSnapshot.EventLine::id));
        return out;
    }

    /** Events the snapshot carries, newest last; the full log stays in sync.db. */
    private static final int RECENT_EVENTS = 200;

    private List<EngineSnapshot.Nearby> nearbySnapshots() {
        List<EngineSnapshot.Nearby> out = new ArrayList<>();
        for (DiscoveredDevice d : discovered) {
            DeviceId id;
            try {
                id = DeviceId.parse(d.deviceId());
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (directory.trustOf(id) == PeerDirectory.Trust.UNKNOWN) {
                out.add(new EngineSnapshot.Nearby(id.toString(),
                        d.addresses().stream().map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).toList(), d.lastSeen()));
            }
        }
        return out;
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

    /**
     * Makes this the one engine running on its home (see {@link HomeLock}); once, until closed. The
     * network and the control API need it, one-off reads and writes of the stores do not.
     *
     * @throws io.tidemark.engine.store.StoreException if another engine runs on this home
     */
    public synchronized void holdHome() {
        if (homeLock == null) {
            homeLock = HomeLock.acquire(home);
        }
    }

    @Override
    public void close() {
        LanDiscovery lan = discovery;
        if (lan != null) {
            lan.close();
        }
        PeerService service = peers;
        if (service != null) {
            service.close();
        }
        syncEngine.close();
        publisher.shutdownNow();
        work.shutdownNow();
        try {
            work.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sync.close();
        library.close();
        synchronized (this) {
            if (homeLock != null) {
                homeLock.close();
                homeLock = null;
            }
        }
    }
}
