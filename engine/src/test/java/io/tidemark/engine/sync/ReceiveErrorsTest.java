package io.tidemark.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.model.ResourceType;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Realtime batches are written off the connection's reader thread: a database that cannot take them
 * (here: full) makes the member's sync an error with its reason, retried with backoff, while the
 * connection itself stays up; once the disk has room, the retry brings every record.
 */
class ReceiveErrorsTest {

    @RegisterExtension
    final SyncCluster cluster = new SyncCluster();

    @Test
    @Timeout(120)
    void aFullDiskOnTheReceiverIsTheMembersErrorNotALostConnectionAndTheRetryBringsEverything() throws Exception {
        Engine[] pair = cluster.pairedAndReady();
        Engine alpha = pair[0];
        Engine bravo = pair[1];
        long before = SyncCluster.count(bravo, alpha, ResourceType.ENTRY);
        // The receiver's library.db may not grow by a single page: every write that needs one fails with SQLITE_FULL.
        setMaxPages(bravo, -1);

        SyncCluster.writeEntries(alpha, 1_500); // realtime batches of 100: each needs new pages
        await().atMost(Duration.ofSeconds(30)).until(() -> SyncCluster.state(bravo, alpha) == EngineSnapshot.SyncState.ERROR);
        EngineSnapshot.Peer seen = SyncCluster.peer(bravo, alpha);
        assertThat(seen.syncReason()).contains("the disk is full").contains("retrying in");
        assertThat(seen.state()).as("the connection stays up").isEqualTo(EngineSnapshot.PeerState.CONNECTED);
        assertThat(bravo.sync().events().recent(50)).anySatisfy(e -> {
            assertThat(e.event().kind()).isEqualTo("sync.error");
            assertThat(e.event().message()).startsWith("Sync with alpha failed: ").contains("the disk is full");
        });
        assertThat(SyncCluster.count(bravo, alpha, ResourceType.ENTRY)).isLessThan(before + 1_500);

        setMaxPages(bravo, 1_000_000_000);
        await().atMost(Duration.ofSeconds(90)).until(() -> SyncCluster.count(bravo, alpha, ResourceType.ENTRY) == before + 1_500);
        SyncCluster.awaitReady(alpha, bravo);
        SyncCluster.assertCountsAgree(bravo);
    }

    /** Sets library.db's page limit on the writer connection; -1: the pages it has now. */
    private static void setMaxPages(Engine e, long pages) {
        e.library().database().write(c -> {
            try (Statement s = c.createStatement()) {
                long limit = pages;
                if (limit < 0) {
                    try (ResultSet rs = s.executeQuery("PRAGMA page_count")) {
                        rs.next();
                        limit = rs.getLong(1);
                    }
                }
                s.execute("PRAGMA max_page_count = " + limit);
            }
            return null;
        });
    }
}
