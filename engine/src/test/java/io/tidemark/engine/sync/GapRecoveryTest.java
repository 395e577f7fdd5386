package io.tidemark.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.PeerTraffic;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.KeySummary;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.VersionSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Count gaps between real engines over TLS on loopback: found by the exchange, repaired by fetching
 * exactly what differs, with exact counts before and after.
 */
class GapRecoveryTest {
    @RegisterExtension
    final SyncCluster cluster = new SyncCluster();

    private static DeviceId id(Engine e) {
        return e.deviceIdentity().deviceId();
    }

    private static UUID owner(Engine e) {
        return e.identity().deviceId();
    }

    private static KeySummary entries(Engine viewer, Engine owner) {
        return viewer.library().summary(owner(owner), ResourceType.ENTRY, null);
    }

    /** Makes {@code holder} lose {@code n} of {@code owner}'s entries scattered through the range, as a dropped write would. */
    private static VersionSet lose(Engine holder, Engine owner, int n, long seed) {
        VersionSet held = holder.library().heldVersions(owner(owner), ResourceType.ENTRY, null);
        List<Long> all = new ArrayList<>();
        held.forEach(all::add);
        java.util.Collections.shuffle(all, new Random(seed));
        VersionSet.Builder lost = VersionSet.builder();
        all.subList(0, n).forEach(lost::add);
        VersionSet gone = lost.build();
        assertThat(holder.library().dropVersions(owner(owner), ResourceType.ENTRY, null, gone)).isEqualTo(n);
        return gone;
    }

    private static long recordsOut(Engine from, Engine to) {
        return from.traffic().getOrDefault(id(to), PeerTraffic.ZERO).recordsOut();
    }

    @Test
    void theReferenceScenarioIsFoundAndRepairedExactly() {
        Engine[] ab = pairedOwnerWith(170_000);
        Engine alpha = ab[0];
        Engine bravo = ab[1];
        KeySummary truth = entries(alpha, alpha);
        assertThat(entries(bravo, alpha)).isEqualTo(truth);
        Cursor watermarkBefore = bravo.sync().watermarks().get(owner(alpha), ResourceType.ENTRY).orElseThrow();
        long sharedBefore = bravo.library().counts().stream().filter(c -> c.owner() == null).mapToLong(c -> c.count()).sum();

        lose(bravo, alpha, 33_000, 11);
        assertThat(entries(bravo, alpha).rows()).isEqualTo(truth.rows() - 33_000);
        // The watermark still says caught up: only the summaries can tell.
        assertThat(bravo.sync().watermarks().get(owner(alpha), ResourceType.ENTRY)).contains(watermarkBefore);

        long outBefore = recordsOut(alpha, bravo);
        bravo.catchUp(id(alpha).toString()); // the next exchange
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> entries(bravo, alpha).sameAs(truth));
        SyncCluster.awaitReady(alpha, bravo);

        long moved = recordsOut(alpha, bravo) - outBefore;
        assertThat(moved).as("records transferred").isEqualTo(33_000).isLessThanOrEqualTo((long) (1.2 * 33_000));
        assertThat(bravo.library().counts().stream().filter(c -> c.owner() == null).mapToLong(c -> c.count()).sum())
                .isEqualTo(sharedBefore);
        assertThat(bravo.sync().events().recent(50)).anySatisfy(e -> {
            assertThat(e.event().kind()).isEqualTo("sync.recovered");
            assertThat(e.event().message()).contains("entries from alpha").contains("fetched 33,000 records")
                    .contains("removed 0 records").contains("the same as there");
        });
        SyncCluster.assertCountsAgree(bravo);
        // The figures the README quotes: bytes and round trips of the repair.
        bravo.sync().events().recent(50).stream().filter(e -> e.event().kind().equals("sync.recovered"))
                .forEach(e -> System.out.println("reference scenario: " + e.event().message()));
    }

    @Test
    void aMissedDeleteIsRemovedAndNothingElseMoves() {
        Engine[] ab = pairedOwnerWith(5_000);
        Engine alpha = ab[0];
        Engine bravo = ab[1];
        // bravo keeps 1,000 entries that alpha deletes while bravo is away, and alpha then prunes those deletes.
        cluster.close(bravo);
        assertThat(deleteAndPrune(alpha, all -> all.subList(0, 1_000))).isEqualTo(1_000);
        KeySummary truth = entries(alpha, alpha);
        assertThat(truth.rows()).isEqualTo(4_000);
        assertThat(truth.deleted()).isZero();

        long outBefore = recordsOut(alpha, bravo);
        Engine back = reopen("bravo");
        // Nothing after bravo's watermark is left to pull, yet bravo holds 1,000 rows too many.
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> entries(back, alpha).sameAs(truth));
        SyncCluster.awaitReady(alpha, back);
        assertThat(back.sync().events().recent(50)).anySatisfy(e ->
                assertThat(e.event().message()).contains("fetched 0 records").contains("removed 1,000 records"));
        assertThat(recordsOut(alpha, back) - outBefore).as("records sent for the repair").isZero();
    }

    /**
     * Found by simulator seed 1400: the owner deletes its newest records while a member is away and
     * prunes those deletes. The member's watermark is now past the newest record the owner holds,
     * which is no sign of a restore: the owner must not take the deleted records back from the
     * member (that would resurrect them); the member removes them.
     */
    @Test
    void deletesOfTheNewestRecordsPrunedWhileAMemberWasAwayAreNotTakenBack() {
        Engine[] ab = pairedOwnerWith(3_000);
        Engine alpha = ab[0];
        Engine bravo = ab[1];
        cluster.close(bravo);
        assertThat(deleteAndPrune(alpha, all -> all.subList(all.size() - 700, all.size()))).isEqualTo(700);
        KeySummary truth = entries(alpha, alpha);
        assertThat(truth.rows()).isEqualTo(2_300);

        Engine back = reopen("bravo");
        assertThat(back.sync().watermarks().get(owner(alpha), ResourceType.ENTRY).orElseThrow())
                .as("bravo's watermark is past the newest entry alpha still holds")
                .isGreaterThan(alpha.library().newest(owner(alpha), ResourceType.ENTRY));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> entries(back, alpha).sameAs(truth));
        SyncCluster.awaitReady(alpha, back);
        assertThat(entries(alpha, alpha).rows()).as("alpha took none of its deleted entries back").isEqualTo(2_300);
        assertThat(entries(back, alpha).rows()).isEqualTo(2_300);
        assertThat(back.sync().events().recent(50)).anySatisfy(e ->
                assertThat(e.event().message()).contains("fetched 0 records").contains("removed 700 records"));
    }

    @Test
    void staleVersionsAreFetchedAgainAndOnlyThose() {
        Engine[] ab = pairedOwnerWith(3_000);
        Engine alpha = ab[0];
        Engine bravo = ab[1];
        cluster.close(bravo);
        // alpha renames 500 entries while bravo is away; bravo's library.db is then put back as it
        // was before the renames arrived, with its watermark already past them.
        List<EntryRecord> renamed = new ArrayList<>();
        alpha.library().changes(owner(alpha), ResourceType.ENTRY, Cursor.START, null, 500).records()
                .forEach(r -> renamed.add((EntryRecord) r));
        Engine bravoAgain = reopen("bravo");
        Cursor before = bravoAgain.sync().watermarks().get(owner(alpha), ResourceType.ENTRY).orElseThrow();
        bravoAgain.syncEngine().pause(id(alpha));
        alpha.library().writeLocal(tx -> {
            for (EntryRecord e : renamed) {
                tx.put(new EntryRecord(e.uuid(), e.owner(), 0, e.locationUuid(), e.parentUuid(), "renamed-" + e.name(), EntryKind.FILE,
                        e.size(), e.modifiedAtMillis(), null));
            }
            return null;
        });
        // The watermark "lies": it is moved to alpha's newest while the 500 renames never arrived.
        bravoAgain.sync().watermarks().advance(owner(alpha), ResourceType.ENTRY, alpha.library().newest(owner(alpha), ResourceType.ENTRY));
        assertThat(before).isNotNull();
        KeySummary truth = entries(alpha, alpha);
        assertThat(entries(bravoAgain, alpha).rows()).isEqualTo(truth.rows());
        assertThat(entries(bravoAgain, alpha).sameAs(truth)).isFalse();

        long outBefore = recordsOut(alpha, bravoAgain);
        bravoAgain.syncEngine().resume(id(alpha));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> entries(bravoAgain, alpha).sameAs(truth));
        assertThat(recordsOut(alpha, bravoAgain) - outBefore).isEqualTo(500);
        assertThat(bravoAgain.library().changes(owner(alpha), ResourceType.ENTRY, Cursor.START, null, 5_000).records())
                .filteredOn(r -> ((EntryRecord) r).name().startsWith("renamed-")).hasSize(500);
    }

    @Test
    void aDryRunReportsExactlyWhatTheRecoveryThenMoves() {
        Engine[] ab = pairedOwnerWith(20_000);
        Engine alpha = ab[0];
        Engine bravo = ab[1];
        long outAtStart = recordsOut(alpha, bravo);
        // Losing records is no commit: nothing announces it, so the plan is asked before any exchange repairs it.
        lose(bravo, alpha, 1_234, 5);
        List<SyncEngine.RecoveryOutcome> plan = bravo.recover(id(alpha).toString(), null, true);
        assertThat(plan).singleElement().satisfies(p -> {
            assertThat(p.type()).isEqualTo(ResourceType.ENTRY);
            assertThat(p.owner()).isEqualTo(owner(alpha));
            assertThat(p.fetched()).isEqualTo(1_234);
            assertThat(p.removed()).isZero();
            assertThat(p.bytes()).isPositive();
            assertThat(p.dryRun()).isTrue();
        });
        assertThat(bravo.recover(id(alpha).toString(), owner(alpha), ResourceType.ENTRY, true))
                .as("limited to the key that differs: the same plan").isEqualTo(plan);
        assertThat(bravo.recover(id(alpha).toString(), owner(bravo), null, true)).as("another owner's keys match").isEmpty();
        assertThat(bravo.recover(id(alpha).toString(), owner(alpha), ResourceType.VOLUME, true)).as("another type").isEmpty();
        assertThat(recordsOut(alpha, bravo)).as("a dry run moves nothing").isEqualTo(outAtStart);
        long outBefore = recordsOut(alpha, bravo);
        List<SyncEngine.RecoveryOutcome> done = bravo.recover(id(alpha).toString(), null, false);
        assertThat(done).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo(plan.get(0).type());
            assertThat(r.owner()).isEqualTo(plan.get(0).owner());
            assertThat(r.fetched()).isEqualTo(plan.get(0).fetched());
            assertThat(r.removed()).isEqualTo(plan.get(0).removed());
            assertThat(r.roundTrips()).isEqualTo(1); // 1,234 records fit one page
        });
        assertThat(recordsOut(alpha, bravo) - outBefore).isEqualTo(1_234);
        assertThat(entries(bravo, alpha).sameAs(entries(alpha, alpha))).isTrue();
    }

    @Test
    void onlyTheLackingSideRepairs() {
        Engine[] ab = pairedOwnerWith(4_000);
        Engine alpha = ab[0];
        Engine bravo = ab[1];
        lose(bravo, alpha, 300, 3);
        long alphaInBefore = alpha.traffic().getOrDefault(id(bravo), PeerTraffic.ZERO).recordsIn();
        // Both sides exchange at once; each sees the mismatch.
        alpha.catchUp(id(bravo).toString());
        bravo.catchUp(id(alpha).toString());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> entries(bravo, alpha).sameAs(entries(alpha, alpha)));
        SyncCluster.awaitReady(alpha, bravo);
        assertThat(entries(alpha, alpha).rows()).isEqualTo(4_000);
        assertThat(alpha.traffic().getOrDefault(id(bravo), PeerTraffic.ZERO).recordsIn()).isEqualTo(alphaInBefore);
        assertThat(alpha.sync().events().recent(50)).noneSatisfy(e -> assertThat(e.event().kind()).isEqualTo("sync.recovered"));
    }

    /** Copies {@code name}'s library.db (and its WAL, if any) aside, or back: the device must be closed. */
    private void copyLibrary(String name, String from, String to) throws java.io.IOException {
        java.nio.file.Path home = cluster.dir().resolve(name);
        for (String suffix : List.of("", "-wal", "-shm")) {
            java.nio.file.Path source = home.resolve(from + suffix);
            java.nio.file.Path target = home.resolve(to + suffix);
            java.nio.file.Files.deleteIfExists(target);
            if (java.nio.file.Files.exists(source)) {
                java.nio.file.Files.copy(source, target);
            }
        }
    }

    @Test
    void aReceiverWhoseLibraryWasRestoredFromAnOlderCopyCatchesUpWithoutAResync() throws Exception {
        Engine[] ab = pairedOwnerWith(2_000);
        Engine alpha = ab[0];
        cluster.close(ab[1]);
        copyLibrary("bravo", "library.db", "library.db.bak");
        Engine bravo = reopen("bravo");
        SyncCluster.writeEntries(alpha, 3_000);
        alpha.syncEngine().flushLocalChanges();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> entries(bravo, alpha).sameAs(entries(alpha, alpha)));
        SyncCluster.awaitReady(alpha, bravo);
        cluster.close(bravo);
        // library.db goes back to before the 3,000; sync.db still says they arrived.
        copyLibrary("bravo", "library.db.bak", "library.db");
        long outBefore = recordsOut(alpha, bravo);
        Engine restored = reopen("bravo");
        assertThat(restored.library().summary(owner(alpha), ResourceType.ENTRY, null).rows()).isEqualTo(2_000);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> entries(restored, alpha).sameAs(entries(alpha, alpha)));
        assertThat(entries(restored, alpha).rows()).isEqualTo(5_000);
        assertThat(restored.sync().events().recent(50)).noneSatisfy(e -> assertThat(e.event().kind()).isEqualTo("sync.resync"))
                .anySatisfy(e -> assertThat(e.event().message()).contains("fetched 3,000 records"));
        assertThat(recordsOut(alpha, restored) - outBefore).isLessThanOrEqualTo(3_000 + 10);
    }

    @Test
    void anOwnerWhoseLibraryWasRestoredGetsItsRecordsBackAndNoMemberDeletesThem() throws Exception {
        Engine[] ab = pairedOwnerWith(1_000);
        Engine bravo = ab[1];
        cluster.close(ab[0]);
        copyLibrary("alpha", "library.db", "library.db.bak");
        Engine alpha = reopen("alpha");
        SyncCluster.writeEntries(alpha, 2_000);
        alpha.syncEngine().flushLocalChanges();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> entries(bravo, alpha).rows() == 3_000);
        SyncCluster.awaitReady(alpha, bravo);
        long versionsBefore = entries(alpha, alpha).maxVersion();
        cluster.close(alpha);
        copyLibrary("alpha", "library.db.bak", "library.db");
        Engine restored = reopen("alpha");
        assertThat(entries(restored, restored).rows()).isEqualTo(1_000);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> entries(restored, restored).rows() == 3_000);
        SyncCluster.awaitReady(restored, bravo);
        assertThat(entries(bravo, restored).rows()).as("no member deleted them").isEqualTo(3_000);
        assertThat(entries(bravo, restored).sameAs(entries(restored, restored))).isTrue();
        // New records never reuse a version the member already holds.
        assertThat(entries(restored, restored).maxVersion()).isGreaterThan(versionsBefore);
        SyncCluster.writeEntries(restored, 10);
        restored.syncEngine().flushLocalChanges();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> entries(bravo, restored).rows() == 3_010);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> entries(bravo, restored).sameAs(entries(restored, restored)));
    }

    /**
     * Both restored, the member from an older copy than the owner: the member's watermark (in its
     * sync.db) is now past everything the owner holds, so no pull will ever come. The summaries
     * still show the gap, and the member repairs from the owner exactly what its copy lacks.
     */
    @Test
    void aMemberWhoseWatermarkIsPastItsRestoredOwnerStillRepairs() throws Exception {
        Engine[] ab = pairedOwnerWith(1_000);
        cluster.close(ab[1]);
        copyLibrary("bravo", "library.db", "library.db.bak");
        Engine bravo = reopen("bravo");
        Engine alpha = ab[0];
        SyncCluster.writeEntries(alpha, 1_000);
        alpha.syncEngine().flushLocalChanges();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> entries(bravo, alpha).rows() == 2_000);
        cluster.close(alpha);
        copyLibrary("alpha", "library.db", "library.db.bak");
        Engine alphaAgain = reopen("alpha");
        SyncCluster.writeEntries(alphaAgain, 1_000);
        alphaAgain.syncEngine().flushLocalChanges();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> entries(bravo, alphaAgain).sameAs(entries(alphaAgain, alphaAgain)));
        SyncCluster.awaitReady(alphaAgain, bravo);
        Cursor watermark = bravo.sync().watermarks().get(owner(alphaAgain), ResourceType.ENTRY).orElseThrow();
        cluster.close(bravo);
        cluster.close(alphaAgain);
        copyLibrary("alpha", "library.db.bak", "library.db");
        copyLibrary("bravo", "library.db.bak", "library.db");

        Engine owner = reopen("alpha");
        Engine member = reopen("bravo");
        assertThat(entries(owner, owner).rows()).isEqualTo(2_000);
        assertThat(entries(member, owner).rows()).isEqualTo(1_000);
        assertThat(owner.library().newest(owner(owner), ResourceType.ENTRY)).isLessThan(watermark);
        long outBefore = recordsOut(owner, member);
        member.addAddress(id(owner).toString(), "127.0.0.1:" + owner.peerPort()); // both restarted on new ports
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> entries(member, owner).sameAs(entries(owner, owner)));
        assertThat(entries(member, owner).rows()).isEqualTo(2_000);
        assertThat(recordsOut(owner, member) - outBefore).isLessThanOrEqualTo(1_000 + 10);
        assertThat(member.sync().events().recent(50)).noneSatisfy(e -> assertThat(e.event().kind()).isEqualTo("sync.resync"));

        // What the owner writes next is newer than the watermark, and arrives as usual.
        SyncCluster.writeEntries(owner, 10);
        owner.syncEngine().flushLocalChanges();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> entries(member, owner).rows() == 2_010);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> entries(member, owner).sameAs(entries(owner, owner)));
    }

    private Engine reopen(String name) {
        try {
            return cluster.reopen(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** alpha with {@code n} entries, bravo paired and holding all of them. */
    /**
     * Deletes the entries {@code pick} chooses from all of {@code owner}'s own (oldest first), then
     * prunes every delete; returns the deletes pruned.
     */
    private static int deleteAndPrune(Engine owner,
                                      java.util.function.UnaryOperator<List<io.tidemark.engine.model.OwnedRecord>> pick) {
        List<UUID> doomed = new ArrayList<>();
        owner.library().read(c -> {
            pick.apply(owner.library().changes(owner(owner), ResourceType.ENTRY, Cursor.START, null, 100_000).records())
                    .forEach(r -> doomed.add(r.uuid()));
            return null;
        });
        owner.library().writeLocal(tx -> {
            for (UUID u : doomed) {
                tx.delete(ResourceType.ENTRY, u);
            }
            return null;
        });
        return owner.library().pruneDeletes(ResourceType.ENTRY, owner.library().newest(owner(owner), ResourceType.ENTRY));
    }

    private Engine[] pairedOwnerWith(int n) {
        try {
            Engine[] ab = cluster.pairedAndReady();
            SyncCluster.writeEntries(ab[0], n);
            ab[0].syncEngine().flushLocalChanges();
            Awaitility.await().atMost(Duration.ofSeconds(120))
                    .until(() -> entries(ab[1], ab[0]).sameAs(entries(ab[0], ab[0])));
            SyncCluster.awaitReady(ab[0], ab[1]);
            return ab;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
