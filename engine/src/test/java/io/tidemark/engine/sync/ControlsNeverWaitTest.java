package io.tidemark.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.ResourceType;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A person's controls return while a pull is in the middle of a page: they ask, and the pull notices
 * between pages. Here a pull is held inside its second page (committed in library.db, watermark not
 * moved yet) while the controls run on another thread.
 */
class ControlsNeverWaitTest {

    @RegisterExtension
    final SyncCluster cluster = new SyncCluster();

    /** Holds the second entry page between its library.db commit and its watermark move, until released. */
    static final class HeldPage implements SyncEngine.Listener {
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicLong entryRows = new AtomicLong();
        private int pages;

        @Override
        public void applied(UUID owner, ResourceType type, int rows) {
            if (type == ResourceType.ENTRY && ++pages == 2) {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void pageDone(DeviceId from, UUID owner, ResourceType type, int rows, long done, long total) {
            if (type == ResourceType.ENTRY) {
                entryRows.addAndGet(rows);
            }
        }
    }

    /** Alpha with 30,000 entries; bravo joins and its backfill is held inside its second page. */
    private Engine[] backfillHeldInItsSecondPage(HeldPage held) throws Exception {
        Engine alpha = cluster.create("alpha");
        SyncCluster.writeEntries(alpha, 30_000);
        Engine bravo = cluster.create("bravo");
        bravo.syncEngine().listener(held);
        SyncCluster.pair(alpha, bravo);
        assertThat(held.inside.await(60, TimeUnit.SECONDS)).as("the pull reached its second page").isTrue();
        return new Engine[] {alpha, bravo};
    }

    @Test
    @Timeout(120)
    void resyncAndPauseReturnMidPageAndTheResyncStartsOverOnceThePageEnds() throws Exception {
        HeldPage held = new HeldPage();
        Engine[] pair = backfillHeldInItsSecondPage(held);
        Engine alpha = pair[0];
        Engine bravo = pair[1];
        DeviceId alphaId = alpha.deviceIdentity().deviceId();

        // Each control returns while the page is still held: none waits for the pull.
        CompletableFuture<Void> resync = CompletableFuture.runAsync(() -> bravo.syncEngine().resync(alphaId, ResourceType.ENTRY));
        resync.get(30, TimeUnit.SECONDS);
        CompletableFuture<Void> catchUp = CompletableFuture.runAsync(() -> bravo.syncEngine().catchUp(alphaId));
        catchUp.get(30, TimeUnit.SECONDS);
        assertThat(held.release.getCount()).as("the page was still held when the controls returned").isOne();
        // The reset waits for the page: the watermark has not moved, and nothing reset it under the pull.
        assertThat(bravo.sync().watermarks().get(alpha.identity().deviceId(), ResourceType.ENTRY)).isPresent();

        held.release.countDown();
        // The held page ends (its watermark moves), the pull stops there, the reset follows, and the
        // backfill starts over: every entry once more, and exactly 30,000 held.
        await().atMost(Duration.ofSeconds(60)).until(() -> held.entryRows.get() == 10_000 + 10_000 + 30_000
                && SyncCluster.count(bravo, alpha, ResourceType.ENTRY) == 30_000
                && bravo.sync().checkpoints().latest(alpha.identity().deviceId(), ResourceType.ENTRY).isEmpty());
        SyncCluster.awaitReady(alpha, bravo);
        assertThat(held.entryRows.get()).isEqualTo(50_000);
        SyncCluster.assertCountsAgree(bravo);
    }

    @Test
    @Timeout(120)
    void pauseReturnsMidPageAndThePullStopsAtThatPage() throws Exception {
        HeldPage held = new HeldPage();
        Engine[] pair = backfillHeldInItsSecondPage(held);
        Engine alpha = pair[0];
        Engine bravo = pair[1];
        DeviceId alphaId = alpha.deviceIdentity().deviceId();

        CompletableFuture.runAsync(() -> bravo.syncEngine().pause(alphaId)).get(30, TimeUnit.SECONDS);
        assertThat(held.release.getCount()).as("the page was still held when pause returned").isOne();
        held.release.countDown();
        // The held page completes (its watermark moves), and no page after it is pulled while paused.
        await().atMost(Duration.ofSeconds(30)).until(() -> held.entryRows.get() == 20_000);
        assertThat(SyncCluster.count(bravo, alpha, ResourceType.ENTRY)).isEqualTo(20_000);

        bravo.syncEngine().resume(alphaId);
        await().atMost(Duration.ofSeconds(60)).until(() -> SyncCluster.count(bravo, alpha, ResourceType.ENTRY) == 30_000);
        SyncCluster.awaitReady(alpha, bravo);
        assertThat(held.entryRows.get()).as("resumed from the checkpoint: no page fetched twice").isEqualTo(30_000);
    }
}
