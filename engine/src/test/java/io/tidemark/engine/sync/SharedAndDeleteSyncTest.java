package io.tidemark.engine.sync;

import static io.tidemark.engine.sync.SyncCluster.count;
import static io.tidemark.engine.sync.SyncCluster.pair;
import static io.tidemark.engine.sync.SyncCluster.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.EngineSnapshot.SyncState;
import io.tidemark.engine.api.TagActions;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.ResourceType;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Shared resources and deletes between real engines over TLS (reference tests 5 and 6, end to end). */
class SharedAndDeleteSyncTest {
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

    private static List<String> tagNames(Engine e) {
        return new TagActions(e.library()).list().stream().map(TagActions.Tag::name).sorted().toList();
    }

    @Test
    void tagsReachTheOtherDeviceAndOnlyTheNewOnesTravelLater() {
        TagActions tags = new TagActions(alpha.library());
        tags.add("red", null);
        tags.add("green", null);
        tags.add("blue", null);
        await().atMost(WAIT).until(() -> tagNames(bravo).equals(List.of("blue", "green", "red")));
        awaitReady();

        AtomicInteger applied = new AtomicInteger();
        bravo.syncEngine().shared().listener(new SharedLogSync.Listener() {
            @Override
            public void applied(io.tidemark.engine.identity.DeviceId from, int changes) {
                applied.addAndGet(changes);
            }
        });
        tags.add("amber", null);
        tags.add("violet", null);
        await().atMost(WAIT).until(() -> tagNames(bravo).size() == 5);
        assertThat(applied.get()).as("exactly the 2 new changes travelled").isEqualTo(2);
        assertThat(bravo.library().count(null, ResourceType.TAG)).isEqualTo(5);
    }

    @Test
    void concurrentRenamesConvergeToTheLaterOneOnBothDevices() {
        new TagActions(alpha.library()).add("draft", null);
        await().atMost(WAIT).until(() -> tagNames(bravo).equals(List.of("draft")));
        cluster.close(bravo); // bravo edits offline (as a CLI run would), then alpha edits later
        try (io.tidemark.engine.store.library.LibraryStore offline = io.tidemark.engine.store.library.LibraryStore.open(
                bravo.home().libraryDb(), io.tidemark.engine.clock.HybridLogicalClock.system())) {
            new TagActions(offline).rename("draft", "from bravo");
        }
        new TagActions(alpha.library()).rename("draft", "from alpha");
        Engine back;
        try {
            back = cluster.reopen("bravo");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        back.addAddress(alpha.deviceIdentity().deviceId().toString(), "127.0.0.1:" + alpha.peerPort());
        await().atMost(WAIT).until(() -> tagNames(back).equals(List.of("from alpha")) && tagNames(alpha).equals(List.of("from alpha")));
    }

    @Test
    void aDeletedDirectoryDisappearsWithItsSubtreeOnThePeer() {
        UUID self = alpha.identity().deviceId();
        UUID location = Ids.newId();
        UUID dir = Ids.newId();
        UUID sub = Ids.newId();
        alpha.library().writeLocal(tx -> {
            tx.put(new LocationRecord(location, self, 0, null, "/photos", "photos"));
            tx.put(new EntryRecord(dir, self, 0, location, null, "2024", EntryKind.DIRECTORY, 0, 0, null));
            tx.put(new EntryRecord(sub, self, 0, location, dir, "summer", EntryKind.DIRECTORY, 0, 0, null));
            for (int i = 0; i < 40; i++) {
                tx.put(new EntryRecord(Ids.newId(), self, 0, location, i % 2 == 0 ? dir : sub, "p" + i + ".jpg", EntryKind.FILE, i, 0, null));
            }
            tx.put(new EntryRecord(Ids.newId(), self, 0, location, null, "keep.txt", EntryKind.FILE, 1, 0, null));
            return null;
        });
        await().atMost(WAIT).until(() -> count(bravo, alpha, ResourceType.ENTRY) == 43);

        alpha.library().writeLocal(tx -> tx.deleteEntry(dir));
        await().atMost(WAIT).until(() -> count(bravo, alpha, ResourceType.ENTRY) == 1);
        awaitReady();
        assertThat(count(alpha, alpha, ResourceType.ENTRY)).isEqualTo(1);
        SyncCluster.assertCountsAgree(bravo);
    }

    @Test
    void aDeletedTagGoesWithItsAssignmentsEverywhere() {
        TagActions tags = new TagActions(alpha.library());
        tags.add("tmp", null);
        tags.add("keep", null);
        await().atMost(WAIT).until(() -> tagNames(bravo).size() == 2);
        tags.remove("tmp");
        await().atMost(WAIT).until(() -> tagNames(bravo).equals(List.of("keep")));
        assertThat(bravo.library().count(null, ResourceType.TAG)).isEqualTo(1);
    }

    @Test
    void sharedRowsWrittenWhileNoEngineRanAreLoggedAtStartAndTravel() throws Exception {
        Engine charlie = cluster.create("charlie");
        pair(alpha, charlie);
        cluster.close(charlie);
        // As 'tidemark generate' or 'tag add' would, with no daemon running.
        try (io.tidemark.engine.store.library.LibraryStore offline = io.tidemark.engine.store.library.LibraryStore.open(
                charlie.home().libraryDb(), io.tidemark.engine.clock.HybridLogicalClock.system())) {
            TagActions tags = new TagActions(offline);
            for (int i = 0; i < 7; i++) {
                tags.add("offline-" + i, null);
            }
        }
        Engine back = cluster.reopen("charlie");
        back.addAddress(alpha.deviceIdentity().deviceId().toString(), "127.0.0.1:" + alpha.peerPort());
        await().atMost(WAIT).until(() -> tagNames(alpha).size() == 7 && tagNames(bravo).size() == 7);
        assertThat(alpha.library().count(null, ResourceType.TAG)).isEqualTo(7);
    }

    /**
     * Reference test 8 over real connections: pruning keeps every change a member has not acked while
     * it is merely offline; once it has been away past the retention limit the log is pruned anyway,
     * and on its return it gets a snapshot (deletes included) and converges.
     */
    @Test
    void pruningWaitsForAcksUntilAMemberIsAwayPastRetentionThenItGetsASnapshot() throws Exception {
        cluster.close(alpha);
        Duration retention = Duration.ofSeconds(2);
        Engine owner = cluster.reopen("alpha", SyncEngine.Options.DEFAULT.withSharedRetention(retention));
        bravo.addAddress(owner.deviceIdentity().deviceId().toString(), "127.0.0.1:" + owner.peerPort());
        TagActions tags = new TagActions(owner.library());
        tags.add("one", null);
        tags.add("two", null);
        tags.add("three", null);
        await().atMost(WAIT).until(() -> tagNames(bravo).size() == 3 && state(owner, bravo) == SyncState.READY);
        long acked = owner.syncEngine().shared().headSeq();
        // Bravo's ack travels after it applied the tags; a member that never acked blocks pruning
        // for good, so it must have arrived before bravo goes away (under load it had not, once).
        byte[] bravoId = bravo.deviceIdentity().deviceId().bytes();
        await().atMost(WAIT).until(() -> owner.sync().acks().get(bravoId)
                .map(ack -> ack.seq() >= acked).orElse(false));

        cluster.close(bravo);
        tags.add("four", null);
        tags.rename("one", "uno");
        tags.remove("two");
        owner.syncEngine().flushLocalChanges();
        await().atMost(WAIT).until(() -> owner.syncEngine().shared().headSeq() == acked + 3);
        owner.syncEngine().shared().prune();
        assertThat(owner.sync().changeLog().page(acked, null, 100).changes())
                .as("the 3 changes bravo has not acked stay while it is only offline").hasSize(3);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            owner.syncEngine().shared().prune();
            return owner.sync().changeLog().prunedThrough() >= acked + 3;
        });
        assertThat(owner.sync().changeLog().count()).as("bravo, away past retention, no longer holds the log").isZero();

        Engine back = cluster.reopen("bravo");
        back.addAddress(owner.deviceIdentity().deviceId().toString(), "127.0.0.1:" + owner.peerPort());
        await().atMost(WAIT).until(() -> tagNames(back).equals(List.of("four", "three", "uno")));
        assertThat(back.library().count(null, ResourceType.TAG)).isEqualTo(3);
        assertThat(tagNames(owner)).isEqualTo(tagNames(back));
    }
}
