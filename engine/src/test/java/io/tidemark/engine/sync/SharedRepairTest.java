package io.tidemark.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.PeerTraffic;
import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.CollectionRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.KeySummary;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SharedVersion;
import io.tidemark.engine.model.SyncOrder;
import io.tidemark.engine.model.TagRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Shared state that differs although both members have pulled all of each other's log (versions
 * that reached one of them only through a log since pruned), between real engines over TLS on
 * loopback: found by the exchange's summaries, repaired from both sides by fetching exactly the
 * versions each lacks, after which both hold the same shared state.
 */
class SharedRepairTest {
    @RegisterExtension
    final SyncCluster cluster = new SyncCluster();

    private static DeviceId id(Engine e) {
        return e.deviceIdentity().deviceId();
    }

    /** Versions a third device wrote, applied to {@code holder}'s library.db only: no log will carry them. */
    private static List<SharedVersion> unlogged(Engine holder, List<SharedVersion> versions) {
        holder.library().applyShared(versions);
        return versions;
    }

    private static long now() {
        return new HlcTimestamp(System.currentTimeMillis(), 0).packed();
    }

    @Test
    void versionsOnlyOneSideHoldsAreFetchedExactlyByEachSide() throws Exception {
        Engine[] ab = cluster.pairedAndReady();
        Engine alpha = ab[0];
        Engine bravo = ab[1];
        alpha.library().writeLocal(tx -> {
            for (int i = 0; i < 400; i++) {
                tx.putShared(new TagRecord(Ids.newId(), 0, "tag " + i, null));
            }
            return null;
        });
        alpha.syncEngine().flushLocalChanges();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> sameShared(alpha, bravo));
        SyncCluster.awaitReady(alpha, bravo);

        UUID charlie = Ids.newId();
        long t = now();
        List<SharedVersion> alphaOnly = new ArrayList<>();
        for (int i = 0; i < 37; i++) {
            alphaOnly.add(SharedVersion.put(new TagRecord(Ids.newId(), t + i, "only on alpha " + i, null), charlie));
        }
        UUID gone = Ids.newId(); // a collection both hold, deleted on bravo through a log it alone read
        SharedVersion collection = SharedVersion.put(new CollectionRecord(gone, t, "holiday"), charlie);
        unlogged(alpha, List.of(collection));
        unlogged(bravo, List.of(collection, SharedVersion.delete(ResourceType.COLLECTION, gone, t + 100, charlie)));
        unlogged(alpha, alphaOnly);
        List<SharedVersion> bravoOnly = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            bravoOnly.add(SharedVersion.put(new TagRecord(Ids.newId(), t + 50 + i, "only on bravo " + i, null), charlie));
        }
        unlogged(bravo, bravoOnly);
        assertThat(sameShared(alpha, bravo)).isFalse();

        long alphaOut = recordsOut(alpha, bravo);
        long bravoOut = recordsOut(bravo, alpha);
        bravo.catchUp(id(alpha).toString());
        alpha.catchUp(id(bravo).toString());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> sameShared(alpha, bravo));
        SyncCluster.awaitReady(alpha, bravo);

        assertThat(alpha.library().sharedSummary(ResourceType.TAG).rows()).isEqualTo(400 + 37 + 5);
        assertThat(alpha.library().sharedSummary(ResourceType.COLLECTION).rows()).isZero();
        assertThat(alpha.library().sharedSummary(ResourceType.COLLECTION).deleted()).isEqualTo(1);
        // Exactly what differs moved in the repairs: 37 tags to bravo; 5 tags and the collection's delete
        // to alpha. (Each side then logs what it fetched, and the other reads that back through the
        // log, as with every relayed shared change: applying it again changes nothing.)
        assertThat(recordsOut(alpha, bravo) - alphaOut).as("records alpha sent").isGreaterThanOrEqualTo(37);
        assertThat(bravo.sync().events().recent(50)).anySatisfy(e -> {
            assertThat(e.event().kind()).isEqualTo("sync.recovered");
            assertThat(e.event().message()).contains("repair of shared tags with alpha").contains("fetched 37 records (37 changed here)");
        });
        assertThat(alpha.sync().events().recent(50)).anySatisfy(e ->
                assertThat(e.event().message()).contains("repair of shared tags with bravo").contains("fetched 5 records (5 changed here)"));
        assertThat(alpha.sync().events().recent(50)).anySatisfy(e ->
                assertThat(e.event().message()).contains("repair of shared collections with bravo").contains("fetched 1 record (1 changed here)"));
        assertThat(alpha.sync().events().recent(50)).noneSatisfy(e ->
                assertThat(e.event().message()).contains("repair of").contains("with bravo").contains("fetched 0 records"));
        assertThat(alpha.library().scannedSharedSummary(ResourceType.TAG)).isEqualTo(alpha.library().sharedSummary(ResourceType.TAG));
        SyncCluster.assertCountsAgree(alpha);
        SyncCluster.assertCountsAgree(bravo);
        alpha.sync().events().recent(50).stream().filter(e -> e.event().kind().equals("sync.recovered"))
                .forEach(e -> System.out.println("shared repair: " + e.event().message()));
    }

    @Test
    void aDryRunByHandSaysExactlyWhatTheRepairThenFetches() throws Exception {
        Engine[] ab = cluster.pairedAndReady();
        Engine alpha = ab[0];
        Engine bravo = ab[1];
        UUID charlie = Ids.newId();
        long t = now();
        List<SharedVersion> alphaOnly = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            alphaOnly.add(SharedVersion.put(new TagRecord(Ids.newId(), t + i, "only on alpha " + i, null), charlie));
        }
        unlogged(alpha, alphaOnly);

        List<SyncEngine.RecoveryOutcome> plan = bravo.recover(id(alpha).toString(), null, null, true);
        assertThat(plan).singleElement().satisfies(o -> {
            assertThat(o.owner()).as("a shared type").isNull();
            assertThat(o.type()).isEqualTo(ResourceType.TAG);
            assertThat(o.fetched()).isEqualTo(1_200);
            assertThat(o.removed()).isZero();
            assertThat(o.bytes()).isPositive();
            assertThat(o.dryRun()).isTrue();
        });
        assertThat(bravo.library().sharedSummary(ResourceType.TAG).rows()).as("a dry run moves nothing").isZero();

        List<SyncEngine.RecoveryOutcome> done = bravo.recover(id(alpha).toString(), null, ResourceType.TAG, false);
        assertThat(done).singleElement().satisfies(o -> {
            assertThat(o.fetched()).isEqualTo(plan.get(0).fetched());
            assertThat(o.after()).isEqualTo(o.theirs()).isEqualTo(1_200);
            assertThat(o.roundTrips()).isGreaterThanOrEqualTo(2);
        });
        assertThat(bravo.library().sharedSummary(ResourceType.TAG)).isEqualTo(alpha.library().sharedSummary(ResourceType.TAG));
        assertThat(bravo.sync().events().recent(20)).anySatisfy(e ->
                assertThat(e.event().message()).startsWith("Manual repair of shared tags with alpha").contains("fetched 1,200 records"));
    }

    private static boolean sameShared(Engine a, Engine b) {
        for (ResourceType type : SyncOrder.shared()) {
            KeySummary x = a.library().sharedSummary(type);
            if (!x.sameAs(b.library().sharedSummary(type))) {
                return false;
            }
        }
        return true;
    }

    private static long recordsOut(Engine from, Engine to) {
        return from.traffic().getOrDefault(id(to), PeerTraffic.ZERO).recordsOut();
    }
}
