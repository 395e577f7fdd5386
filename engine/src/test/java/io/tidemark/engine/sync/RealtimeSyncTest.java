package io.tidemark.engine.sync;

import static io.tidemark.engine.sync.SyncCluster.count;
import static io.tidemark.engine.sync.SyncCluster.state;
import static io.tidemark.engine.sync.SyncCluster.writeEntries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.api.EngineSnapshot.SyncState;
import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.store.library.LibraryStore;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Realtime pushes, the watermark exchange's states, and the per-peer controls, between real engines over TLS. */
class RealtimeSyncTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final SyncCluster cluster = new SyncCluster();
    private Engine alpha;
    private Engine bravo;

    @BeforeEach
    void pairTwo() throws Exception {
        Engine[] two = cluster.pairedAndReady();
        alpha = two[0];
        bravo = two[1];
    }

    private void awaitReady() {
        SyncCluster.awaitReady(alpha, bravo);
    }

    /** Counts realtime batches as they are applied. */
    static final class Pushes implements SyncEngine.Listener {
        final AtomicInteger rows = new AtomicInteger();
        final AtomicInteger advancedRows = new AtomicInteger();
        final AtomicInteger pulledRows = new AtomicInteger();

        @Override
        public void pushed(DeviceId from, UUID owner, ResourceType type, int n, boolean advanced) {
            rows.addAndGet(n);
            if (advanced) {
                advancedRows.addAndGet(n);
            }
        }

        @Override
        public void pageDone(DeviceId from, UUID owner, ResourceType type, int n, long done, long total) {
            pulledRows.addAndGet(n);
        }
    }

    @Test
    void aLocalCommitIsPushedAndMovesTheWatermarkItFollows() {
        Pushes pushes = new Pushes();
        bravo.syncEngine().listener(pushes);
        List<UUID> written = writeEntries(alpha, 250);

        await().atMost(WAIT).until(() -> count(bravo, alpha, ResourceType.ENTRY) == 250);
        assertThat(pushes.rows.get()).as("all 250 came as realtime batches, not a pull").isEqualTo(250);
        assertThat(pushes.advancedRows.get()).as("each batch followed the watermark").isEqualTo(250);
        assertThat(pushes.pulledRows.get()).isZero();
        assertThat(bravo.sync().watermarks().get(alpha.identity().deviceId(), ResourceType.ENTRY).orElseThrow())
                .isEqualTo(alpha.library().newest(alpha.identity().deviceId(), ResourceType.ENTRY));
        assertThat(written).hasSize(250);
        awaitReady();
    }

    @Test
    void commitsOfAnotherProcessOnTheSameHomeArePushedToo() {
        Pushes pushes = new Pushes();
        bravo.syncEngine().listener(pushes);
        // A second store on alpha's library.db, as a CLI 'index' run beside the daemon opens it.
        try (LibraryStore cli = LibraryStore.open(alpha.home().libraryDb(), HybridLogicalClock.system())) {
            UUID self = cli.identity().deviceId();
            cli.writeLocal(tx -> {
                for (int i = 0; i < 40; i++) {
                    tx.put(new io.tidemark.engine.model.EntryRecord(io.tidemark.engine.model.Ids.newId(), self, 0,
                            io.tidemark.engine.model.Ids.newId(), null, "cli" + i, io.tidemark.engine.model.EntryKind.FILE, i, 0, null));
                }
                return null;
            });
        }
        // From the moment the commit returned, alpha never calls bravo ready before bravo holds it.
        await().atMost(WAIT).until(() -> {
            boolean ready = state(alpha, bravo) == SyncState.READY;
            if (ready) {
                assertThat(count(bravo, alpha, ResourceType.ENTRY)).as("ready only once the commit arrived").isEqualTo(40);
            }
            return ready;
        });
        assertThat(count(bravo, alpha, ResourceType.ENTRY)).isEqualTo(40);
        // Pushed, or pulled by a round that happened to run at that moment: either way all 40, once.
        assertThat(pushes.rows.get() + pushes.pulledRows.get()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void aBulkChangeIsAnnouncedAndPulledInPages() {
        Pushes pushes = new Pushes();
        bravo.syncEngine().listener(pushes);
        writeEntries(alpha, 12_000);
        await().atMost(WAIT).until(() -> count(bravo, alpha, ResourceType.ENTRY) == 12_000);
        assertThat(pushes.pulledRows.get()).isEqualTo(12_000);
        assertThat(pushes.rows.get()).isZero();
        awaitReady();
    }

    @Test
    void deletesTravelInTheSameOrderAsRows() {
        List<UUID> written = writeEntries(alpha, 300);
        await().atMost(WAIT).until(() -> count(bravo, alpha, ResourceType.ENTRY) == 300);
        alpha.library().writeLocal(tx -> {
            for (UUID id : written.subList(0, 120)) {
                tx.delete(ResourceType.ENTRY, id);
            }
            return null;
        });
        await().atMost(WAIT).until(() -> count(bravo, alpha, ResourceType.ENTRY) == 180);
        awaitReady();
        SyncCluster.assertCountsAgree(bravo);
    }

    @Test
    void theSnapshotShowsBothCountsPerOwnerAndType() {
        writeEntries(alpha, 500);
        writeEntries(bravo, 70);
        await().atMost(WAIT).until(() -> count(bravo, alpha, ResourceType.ENTRY) == 500 && count(alpha, bravo, ResourceType.ENTRY) == 70);
        awaitReady();
        bravo.syncEngine().catchUp(alpha.deviceIdentity().deviceId());
        await().atMost(WAIT).until(() -> resource(bravo, alpha, alpha, ResourceType.ENTRY).peerCount() != null
                && resource(bravo, alpha, bravo, ResourceType.ENTRY).peerCount() == 70);
        EngineSnapshot.Resource theirs = resource(bravo, alpha, alpha, ResourceType.ENTRY);
        assertThat(theirs.localCount()).isEqualTo(500);
        assertThat(theirs.peerCount()).isEqualTo(500);
        assertThat(theirs.watermark()).isEqualTo(alpha.library().newest(alpha.identity().deviceId(), ResourceType.ENTRY).stamp());
        EngineSnapshot.Resource ours = resource(bravo, alpha, bravo, ResourceType.ENTRY);
        assertThat(ours.localCount()).isEqualTo(70);
    }

    private static EngineSnapshot.Resource resource(Engine viewer, Engine member, Engine owner, ResourceType type) {
        return SyncCluster.peer(viewer, member).resources().stream()
                .filter(r -> owner.identity().deviceId().equals(r.owner()) && r.type() == type).findFirst().orElseThrow();
    }

    @Test
    void pauseStopsSyncUntilResumeAndSurvivesARestart() throws Exception {
        String alphaId = alpha.deviceIdentity().deviceId().toString();
        bravo.pause(alphaId);
        assertThat(state(bravo, alpha)).isEqualTo(SyncState.PAUSED);
        writeEntries(alpha, 80);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> count(bravo, alpha, ResourceType.ENTRY) == 0);

        cluster.close(bravo);
        bravo = cluster.reopen("bravo");
        bravo.addAddress(alphaId, "127.0.0.1:" + alpha.peerPort());
        await().atMost(WAIT).until(() -> SyncCluster.peer(bravo, alpha).state() == EngineSnapshot.PeerState.CONNECTED);
        assertThat(state(bravo, alpha)).as("still paused after a restart").isEqualTo(SyncState.PAUSED);
        assertThat(count(bravo, alpha, ResourceType.ENTRY)).isZero();

        bravo.resume(alphaId);
        await().atMost(WAIT).until(() -> count(bravo, alpha, ResourceType.ENTRY) == 80);
        awaitReady();
    }

    @Test
    void aFullResyncFetchesEverythingAgainAndEndsWithExactCounts() {
        writeEntries(alpha, 3_000);
        await().atMost(WAIT).until(() -> count(bravo, alpha, ResourceType.ENTRY) == 3_000);
        awaitReady();
        Pushes refetch = new Pushes();
        bravo.syncEngine().listener(refetch);
        bravo.resync(alpha.deviceIdentity().deviceId().toString(), null);
        await().atMost(WAIT).until(() -> refetch.pulledRows.get() >= 3_001 && state(bravo, alpha) == SyncState.READY);
        assertThat(refetch.pulledRows.get()).as("3,000 entries and alpha's device row").isEqualTo(3_001);
        assertThat(count(bravo, alpha, ResourceType.ENTRY)).isEqualTo(3_000);
        SyncCluster.assertCountsAgree(bravo);
    }

    @Test
    void controlsRefuseStrangersAndOfflineMembersClearly() {
        assertThatThrownBy(() -> bravo.catchUp(bravo.deviceIdentity().deviceId().toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No member");
        String alphaId = alpha.deviceIdentity().deviceId().toString();
        cluster.close(alpha);
        await().atMost(WAIT).until(() -> state(bravo, alpha) == SyncState.OFFLINE);
        assertThatThrownBy(() -> bravo.catchUp(alphaId)).isInstanceOf(IllegalStateException.class).hasMessageContaining("not connected");
    }
}
