package io.tidemark.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.ResourceType;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Backfill per (owner, type) from the reference notes, over real TLS on loopback, with exact counts. */
class BackfillTest {

    @RegisterExtension
    final SyncCluster cluster = new SyncCluster();

    private Engine create(String name) throws Exception {
        return cluster.create(name);
    }

    private Engine reopen(String name) throws Exception {
        return cluster.reopen(name);
    }

    private void close(Engine e) {
        cluster.close(e);
    }

    private static void writeLocations(Engine owner, int n) {
        SyncCluster.writeLocations(owner, n);
    }

    private static void writeEntries(Engine owner, int n) {
        SyncCluster.writeEntries(owner, n);
    }

    /** Rows fetched per type, and an optional cut at an exact point. */
    static final class Recorder implements SyncEngine.Listener {
        final Map<ResourceType, AtomicInteger> fetched = new EnumMap<>(ResourceType.class);
        volatile ResourceType cutAfterWatermarkOf;
        volatile ResourceType crashBeforeWatermarkOnPage;
        volatile int crashPage;
        private int pages;
        /** Once cut or crashed, this device is gone: nothing more reaches its stores. */
        private volatile boolean gone;

        @Override
        public void received(DeviceId from, UUID owner, ResourceType type, int rows) {
            if (gone) {
                throw new IllegalStateException("this device is gone");
            }
        }

        @Override
        public void applied(UUID owner, ResourceType type, int rows) {
            if (type == crashBeforeWatermarkOnPage && ++pages == crashPage) {
                gone = true;
                throw new IllegalStateException("simulated crash between the page commit and the watermark commit");
            }
        }

        @Override
        public void pageDone(DeviceId from, UUID owner, ResourceType type, int rows, long done, long total) {
            fetched.computeIfAbsent(type, t -> new AtomicInteger()).addAndGet(rows);
            if (type == cutAfterWatermarkOf) {
                gone = true;
                throw new IllegalStateException("simulated cut-off after the first page");
            }
        }

        int rows(ResourceType type) {
            AtomicInteger n = fetched.get(type);
            return n == null ? 0 : n.get();
        }
    }

    private static long count(Engine viewer, Engine owner, ResourceType type) {
        return SyncCluster.count(viewer, owner, type);
    }

    private static void assertCountsAgree(Engine e) {
        SyncCluster.assertCountsAgree(e);
    }

    /**
     * Reference test 1: cut off right after the first entry page; the owner adds 3,000 entries;
     * reconnect: exactly 50 locations and 15,000 entries, and committed pages were not fetched again.
     */
    @Test
    void aCutOffBackfillResumesWithoutRefetchingCommittedPages() throws Exception {
        Engine alpha = create("alpha");
        writeLocations(alpha, 50);
        writeEntries(alpha, 12_000);
        Engine bravo = create("bravo");
        Recorder first = new Recorder();
        first.cutAfterWatermarkOf = ResourceType.ENTRY;
        bravo.syncEngine().listener(first);
        bravo.join(alpha.invite().code(), null).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> first.rows(ResourceType.ENTRY) == 10_000);
        assertThat(count(bravo, alpha, ResourceType.LOCATION)).isEqualTo(50);
        close(bravo);

        writeEntries(alpha, 3_000);
        Engine again = reopen("bravo");
        Recorder second = new Recorder();
        again.syncEngine().listener(second);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(again, alpha, ResourceType.ENTRY) == 15_000);

        assertThat(count(again, alpha, ResourceType.LOCATION)).isEqualTo(50);
        assertThat(second.rows(ResourceType.LOCATION)).as("locations were not fetched again").isZero();
        assertThat(second.rows(ResourceType.ENTRY)).as("only the 2,000 missing and 3,000 new entries").isEqualTo(5_000);
        assertThat(again.sync().watermarks().get(alpha.identity().deviceId(), ResourceType.ENTRY)).isPresent();
        assertCountsAgree(again);
    }

    /**
     * A crash after a page is committed but before its watermark moves: the page is fetched again on
     * restart, applied idempotently, and the counts come out exact.
     */
    @Test
    void aCrashBetweenThePageAndTheWatermarkLosesNothingAndDuplicatesNothing() throws Exception {
        Engine alpha = create("alpha");
        writeEntries(alpha, 25_000);
        Engine bravo = create("bravo");
        Recorder crashing = new Recorder();
        crashing.crashBeforeWatermarkOnPage = ResourceType.ENTRY;
        crashing.crashPage = 2;
        bravo.syncEngine().listener(crashing);
        bravo.join(alpha.invite().code(), null).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(bravo, alpha, ResourceType.ENTRY) == 20_000);
        assertThat(crashing.rows(ResourceType.ENTRY)).as("only the first page's watermark moved").isEqualTo(10_000);
        close(bravo);

        Engine again = reopen("bravo");
        Recorder after = new Recorder();
        again.syncEngine().listener(after);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(again, alpha, ResourceType.ENTRY) == 25_000
                && after.rows(ResourceType.ENTRY) == 15_000);
        assertThat(after.rows(ResourceType.ENTRY)).as("the uncommitted-watermark page once more, then the rest").isEqualTo(15_000);
        assertCountsAgree(again);
    }

    /**
     * Reference test 3: C backfills A's records from B while A is offline; B stops serving half-way;
     * A comes back and C finishes from A, from its checkpoint, without fetching again what B delivered.
     */
    @Test
    void aBackfillStartedFromOneMemberFinishesFromAnother() throws Exception {
        Engine alpha = create("alpha");
        writeEntries(alpha, 25_000);
        Engine bravo = create("bravo");
        bravo.join(alpha.invite().code(), null).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(bravo, alpha, ResourceType.ENTRY) == 25_000);
        close(alpha); // the owner goes offline

        Engine charlie = create("charlie");
        DeviceId bravoId = bravo.deviceIdentity().deviceId();
        Map<DeviceId, AtomicInteger> fromPeer = new java.util.concurrent.ConcurrentHashMap<>();
        charlie.syncEngine().listener(new SyncEngine.Listener() {
            @Override
            public void received(DeviceId from, UUID owner, ResourceType type, int rows) {
                AtomicInteger fromBravo = fromPeer.get(bravoId);
                if (type == ResourceType.ENTRY && from.equals(bravoId) && fromBravo != null && fromBravo.get() > 0) {
                    throw new IllegalStateException("bravo stops serving after one page");
                }
            }

            @Override
            public void pageDone(DeviceId from, UUID owner, ResourceType type, int rows, long done, long total) {
                if (type == ResourceType.ENTRY) {
                    fromPeer.computeIfAbsent(from, f -> new AtomicInteger()).addAndGet(rows);
                }
            }
        });
        charlie.join(bravo.invite().code(), null).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(charlie, alpha, ResourceType.ENTRY) == 10_000);

        // alpha is back (on a new port): bravo is told where, introduces charlie, and charlie finishes from alpha.
        Engine owner = reopen("alpha");
        bravo.addAddress(owner.deviceIdentity().deviceId().toString(), "127.0.0.1:" + owner.peerPort());
        // The count moves when a page is committed, the tally only after its watermark: wait for both.
        DeviceId ownerId = owner.deviceIdentity().deviceId();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(charlie, alpha, ResourceType.ENTRY) == 25_000
                && fromPeer.getOrDefault(ownerId, new AtomicInteger()).get() + fromPeer.get(bravoId).get() >= 25_000);
        assertThat(fromPeer.get(bravoId).get()).isEqualTo(10_000);
        assertThat(fromPeer.get(owner.deviceIdentity().deviceId()).get()).as("only what bravo had not delivered").isEqualTo(15_000);
        assertCountsAgree(charlie);
    }
}
