package io.tidemark.engine.sync;

import static io.tidemark.engine.sync.SyncCluster.count;
import static io.tidemark.engine.sync.SyncCluster.pair;
import static io.tidemark.engine.sync.SyncCluster.state;
import static io.tidemark.engine.sync.SyncCluster.writeEntries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.EngineSnapshot.SyncState;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.ResourceType;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reference tests 4 and 7: convergence while the owner keeps writing, and under clock skew and jumps. */
class ConvergenceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final SyncCluster cluster = new SyncCluster();

    /**
     * Reference test 4: the owner keeps committing while the new member backfills; after the writes
     * stop, both hold the same counts and neither is behind on any (owner, type).
     */
    @Test
    void aBackfillRacingLiveWritesConverges() throws Exception {
        Engine alpha = cluster.create("alpha");
        writeEntries(alpha, 30_000);
        Engine bravo = cluster.create("bravo");
        AtomicLong pagesSeen = new AtomicLong();
        bravo.syncEngine().listener(new SyncEngine.Listener() {
            @Override
            public void pageDone(io.tidemark.engine.identity.DeviceId from, java.util.UUID owner, ResourceType type, int rows,
                                 long done, long total) {
                pagesSeen.incrementAndGet();
            }
        });
        pair(alpha, bravo);
        await().atMost(WAIT).until(() -> pagesSeen.get() > 0); // the backfill is under way
        int written = 0;
        for (int i = 0; i < 40; i++) {
            written += writeEntries(alpha, i % 2 == 0 ? 50 : 400).size(); // small pushes and bulk announcements, interleaved
        }
        long expected = 30_000L + written;
        await().atMost(WAIT).until(() -> count(bravo, alpha, ResourceType.ENTRY) == expected
                && state(alpha, bravo) == SyncState.READY && state(bravo, alpha) == SyncState.READY);
        assertThat(count(bravo, alpha, ResourceType.ENTRY)).isEqualTo(expected);
        assertThat(bravo.sync().watermarks().get(alpha.identity().deviceId(), ResourceType.ENTRY).orElseThrow())
                .isEqualTo(alpha.library().newest(alpha.identity().deviceId(), ResourceType.ENTRY));
        SyncCluster.assertCountsAgree(bravo);
    }

    /**
     * Reference test 7: alpha's wall clock runs 2 minutes ahead; mid-sync bravo's jumps back an hour.
     * Stamps stay increasing on both, and every record written before and after arrives.
     */
    @Test
    void clockSkewAndABackwardJumpLoseNothing() throws Exception {
        long twoMinutes = Duration.ofMinutes(2).toMillis();
        Engine alpha = cluster.create("alpha", () -> System.currentTimeMillis() + twoMinutes);
        AtomicLong bravoOffset = new AtomicLong();
        Engine bravo = cluster.create("bravo", () -> System.currentTimeMillis() + bravoOffset.get());
        pair(alpha, bravo);
        writeEntries(alpha, 1_000);
        writeEntries(bravo, 500);
        await().atMost(WAIT).until(() -> count(bravo, alpha, ResourceType.ENTRY) == 1_000
                && count(alpha, bravo, ResourceType.ENTRY) == 500);
        Cursor before = bravo.library().newest(bravo.identity().deviceId(), ResourceType.ENTRY);

        bravoOffset.set(-Duration.ofHours(1).toMillis());
        writeEntries(bravo, 500);
        writeEntries(alpha, 3_000);
        Cursor after = bravo.library().newest(bravo.identity().deviceId(), ResourceType.ENTRY);
        assertThat(after).as("bravo's stamps keep increasing across the jump").isGreaterThan(before);

        await().atMost(WAIT).until(() -> count(bravo, alpha, ResourceType.ENTRY) == 4_000
                && count(alpha, bravo, ResourceType.ENTRY) == 1_000
                && state(alpha, bravo) == SyncState.READY && state(bravo, alpha) == SyncState.READY);
        SyncCluster.assertCountsAgree(alpha);
        SyncCluster.assertCountsAgree(bravo);
    }
}
