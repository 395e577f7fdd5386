package io.tidemark.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.store.library.LibraryChecks;
import io.tidemark.engine.transport.PeerService;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Real engines in one test: each with its own home under a temp folder, listening on 127.0.0.1 with
 * discovery off and short timings, closed (and the folder removed) after each test. Shared by the
 * sync tests: {@code @RegisterExtension final SyncCluster cluster = new SyncCluster();}.
 */
final class SyncCluster implements AutoCloseable, org.junit.jupiter.api.extension.BeforeEachCallback,
        org.junit.jupiter.api.extension.AfterEachCallback {
    static final PeerService.Timing FAST = new PeerService.Timing(Duration.ofSeconds(5), Duration.ofMillis(300),
            Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMillis(500));

    private Path dir;
    private final List<Engine> engines = new ArrayList<>();

    @Override
    public void beforeEach(org.junit.jupiter.api.extension.ExtensionContext context) throws java.io.IOException {
        dir = java.nio.file.Files.createTempDirectory("tidemark-sync-");
    }

    @Override
    public void afterEach(org.junit.jupiter.api.extension.ExtensionContext context) throws java.io.IOException {
        close();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        }
    }

    /** The folder holding the devices' homes. */
    Path dir() {
        return dir;
    }

    private Engine online(Engine e) throws Exception {
        e.startNetwork(new Engine.NetworkOptions(new InetSocketAddress("127.0.0.1", 0), false, Set.of(), FAST));
        engines.add(e);
        return e;
    }

    Engine create(String name) throws Exception {
        return online(Engine.init(new Home(dir.resolve(name)), name, name + "'s library"));
    }

    /** A device whose wall clock is {@code clock} (tests of skew and jumps). */
    Engine create(String name, java.util.function.LongSupplier wallClockMillis) throws Exception {
        return online(Engine.init(new Home(dir.resolve(name)), name, name + "'s library",
                new io.tidemark.engine.clock.HybridLogicalClock(wallClockMillis,
                        io.tidemark.engine.clock.HybridLogicalClock.DEFAULT_MAX_DRIFT)));
    }

    /** A device on its own hybrid logical clock (tests of clock jumps, which need a monotonic source beside the wall clock). */
    Engine create(String name, io.tidemark.engine.clock.HybridLogicalClock clock) throws Exception {
        return online(Engine.init(new Home(dir.resolve(name)), name, name + "'s library", clock));
    }

    /** Reopens a device on a clock of its own, as a restart with that system clock would. */
    Engine reopen(String name, io.tidemark.engine.clock.HybridLogicalClock clock) throws Exception {
        return online(Engine.open(new Home(dir.resolve(name)), clock));
    }

    /** Reopens a device with its own sync options (e.g. a short shared-log retention). */
    Engine reopen(String name, SyncEngine.Options options) throws Exception {
        return online(Engine.open(new Home(dir.resolve(name)), options));
    }

    Engine reopen(String name) throws Exception {
        return online(Engine.open(new Home(dir.resolve(name))));
    }

    void close(Engine e) {
        e.close();
        engines.remove(e);
    }

    /** Two new devices, alpha and bravo, paired and in sync with each other: most sync tests start here. */
    Engine[] pairedAndReady() throws Exception {
        Engine alpha = create("alpha");
        Engine bravo = create("bravo");
        pair(alpha, bravo);
        awaitReady(alpha, bravo);
        return new Engine[] {alpha, bravo};
    }

    /** Waits until each of the two calls the other ready. */
    static void awaitReady(Engine a, Engine b) {
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> state(a, b) == EngineSnapshot.SyncState.READY && state(b, a) == EngineSnapshot.SyncState.READY);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // Say where each side stands: "not ready in 30 s" alone leaves nothing to go on.
            throw new AssertionError("not both ready within 30 s: " + peer(a, b).sync() + " (" + peer(a, b).syncReason() + ") and "
                    + peer(b, a).sync() + " (" + peer(b, a).syncReason() + ")", e);
        }
    }

    /** Pairs {@code joiner} into {@code inviter}'s library. */
    static void pair(Engine inviter, Engine joiner) throws Exception {
        joiner.join(inviter.invite().code(), null).get();
    }

    /** The reference fixture's locations: written in one transaction, so they share one (old) stamp. */
    static void writeLocations(Engine owner, int n) {
        UUID self = owner.identity().deviceId();
        owner.library().writeLocal(tx -> {
            for (int i = 0; i < n; i++) {
                tx.put(new LocationRecord(Ids.newId(), self, 0, null, "/loc/" + i, "loc" + i));
            }
            return null;
        });
    }

    /** {@code n} new file entries of a new location, in one transaction; returns their uuids. */
    static List<UUID> writeEntries(Engine owner, int n) {
        UUID self = owner.identity().deviceId();
        UUID location = Ids.newId();
        List<UUID> ids = new ArrayList<>(n);
        owner.library().writeLocal(tx -> {
            for (int i = 0; i < n; i++) {
                UUID id = Ids.newId();
                ids.add(id);
                tx.put(new EntryRecord(id, self, 0, location, null, "f" + i, EntryKind.FILE, i, 1_700_000_000_000L, null));
            }
            return null;
        });
        return ids;
    }

    static long count(Engine viewer, Engine owner, ResourceType type) {
        return viewer.library().count(owner.identity().deviceId(), type);
    }

    static void assertCountsAgree(Engine e) {
        assertThat(LibraryChecks.run(e.library())).filteredOn(f -> f.check().startsWith("counts"))
                .allSatisfy(f -> assertThat(f.ok()).as(f.detail()).isTrue());
    }

    /** {@code viewer}'s sync state with {@code member}, from a fresh snapshot. */
    static EngineSnapshot.SyncState state(Engine viewer, Engine member) {
        return peer(viewer, member).sync();
    }

    static EngineSnapshot.Peer peer(Engine viewer, Engine member) {
        String id = member.deviceIdentity().deviceId().toString();
        return viewer.refreshSnapshot().peers().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        engines.forEach(Engine::close);
        engines.clear();
    }
}
