package io.tidemark.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.TagActions;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.store.sync.Event;
import io.tidemark.engine.store.sync.LoggedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared log's incarnation between real engines over TLS: a peer whose sync.db comes back from
 * an older copy hands out seqs its member already holds other changes under, and the member must
 * read it again rather than skip; a plain restart must change nothing and re-send nothing.
 */
class SharedLogIncarnationTest {
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

    private static List<String> tagNames(Engine e) {
        return new TagActions(e.library()).list().stream().map(TagActions.Tag::name).sorted().toList();
    }

    private Engine reopenBravo() throws Exception {
        Engine back = cluster.reopen("bravo");
        back.addAddress(alpha.deviceIdentity().deviceId().toString(), "127.0.0.1:" + alpha.peerPort());
        return back;
    }

    /** Until alpha has pulled {@code peer}'s log through its head: every seq it issued so far is alpha's. */
    private void awaitPulledThroughHead(Engine peer) {
        DeviceId id = peer.deviceIdentity().deviceId();
        await().atMost(WAIT).until(() -> alpha.syncEngine().shared().pulled(id).seq() == peer.syncEngine().shared().headSeq());
    }

    private static List<Event> events(Engine e, String kind) {
        return e.sync().events().recent(1_000).stream().map(LoggedEvent::event).filter(ev -> ev.kind().equals(kind)).toList();
    }

    private static void copySyncDb(Path from, Path to) throws Exception {
        for (String suffix : List.of("-wal", "-shm")) {
            Files.deleteIfExists(to.resolveSibling(to.getFileName() + suffix));
        }
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        Path wal = from.resolveSibling(from.getFileName() + "-wal");
        if (Files.exists(wal)) {
            Files.copy(wal, to.resolveSibling(to.getFileName() + "-wal"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Each edit its own log entry: waits until bravo's log took the last one in. */
    private static void logged(Engine e, Runnable edit) {
        long head = e.syncEngine().shared().headSeq();
        edit.run();
        await().atMost(WAIT).until(() -> e.syncEngine().shared().headSeq() == head + 1);
    }

    /**
     * Bravo's sync.db is copied while closed, bravo edits tags (four log entries, seqs 4 to 7) and
     * alpha pulls them all, then the copy is put back. Bravo's log now hands out those seqs again,
     * to fewer entries (library.db holds only the last of two renames: 4 to 6), then to tags written
     * while no member was connected (7 to 9). Pulled "after seq 7", alpha would skip the first of
     * those for good; it must find the log replaced and end up with exactly bravo's tags.
     */
    @Test
    void aPeersSyncDbRestoredFromAnOlderCopyIsReadAgainAndNothingWrittenSinceIsSkipped() throws Exception {
        TagActions tags = new TagActions(bravo.library());
        tags.add("one", null);
        tags.add("two", null);
        tags.add("three", null);
        await().atMost(WAIT).until(() -> tagNames(alpha).equals(List.of("one", "three", "two")));
        awaitPulledThroughHead(bravo);

        Path syncDb = bravo.home().syncDb();
        Path copy = cluster.dir().resolve("bravo-sync.db.copy");
        cluster.close(bravo);
        copySyncDb(syncDb, copy);

        Engine edited = reopenBravo();
        TagActions later = new TagActions(edited.library());
        logged(edited, () -> later.rename("one", "uno"));
        logged(edited, () -> later.rename("uno", "eins"));
        logged(edited, () -> later.remove("two"));
        logged(edited, () -> later.add("four", null));
        await().atMost(WAIT).until(() -> tagNames(alpha).equals(List.of("eins", "four", "three")));
        awaitPulledThroughHead(edited);
        long pulledBefore = alpha.syncEngine().shared().pulled(edited.deviceIdentity().deviceId()).seq();
        cluster.close(edited);

        copySyncDb(copy, syncDb); // the restore: bravo's log goes back to its three first entries
        // New tags while no member is connected, and the log takes them in before one asks: a member
        // asking first would find the head below its position, which the old code already caught.
        try (Engine offline = Engine.open(bravo.home())) {
            TagActions cli = new TagActions(offline.library());
            cli.add("five", null);
            cli.add("six", null);
            cli.add("seven", null);
            assertThat(offline.syncEngine().shared().tail()).as("eins, the delete of two, four, and the new three").isEqualTo(6);
            assertThat(offline.syncEngine().shared().headSeq()).as("alpha holds seqs up to 7 of other entries").isEqualTo(9);
        }
        Engine restored = reopenBravo();
        List<String> expected = List.of("eins", "five", "four", "seven", "six", "three");
        assertThat(tagNames(restored)).isEqualTo(expected);
        await().atMost(WAIT).untilAsserted(() -> assertThat(tagNames(alpha)).isEqualTo(expected));
        SyncCluster.awaitReady(alpha, restored);
        assertThat(tagNames(alpha)).isEqualTo(tagNames(restored)).isEqualTo(expected);
        assertThat(alpha.library().count(null, ResourceType.TAG)).isEqualTo(6);
        assertThat(pulledBefore).isEqualTo(7);

        assertThat(events(restored, "sync.log_restarted")).singleElement().extracting(Event::message).asString()
                .contains("shared changes went back");
        assertThat(events(alpha, "sync.log_replaced")).singleElement().extracting(Event::message)
                .isEqualTo("bravo's shared changes started over (restored or rebuilt); reading them again from the start");
    }

    /**
     * Bravo's library.db goes back to a copy from before it made two tags, after its log had been
     * pruned of them: neither its own log nor alpha's (which never sends bravo its own changes) would
     * bring them back. It must read alpha's whole shared state once and hold both tags again, and
     * alpha must keep them.
     */
    @Test
    void aLibraryDbRestoredAfterItsLogWasPrunedGetsItsOwnTagsBackFromAMember() throws Exception {
        Path libraryDb = bravo.home().libraryDb();
        Path copy = cluster.dir().resolve("bravo-library.db.copy");
        cluster.close(bravo);
        copySyncDb(libraryDb, copy);

        Engine edited = reopenBravo();
        TagActions tags = new TagActions(edited.library());
        logged(edited, () -> tags.add("mine", null));
        logged(edited, () -> tags.add("also mine", null));
        await().atMost(WAIT).until(() -> tagNames(alpha).equals(List.of("also mine", "mine")));
        awaitPulledThroughHead(edited);
        // Once alpha acked both, pruning empties bravo's log.
        await().atMost(WAIT).until(() -> {
            edited.syncEngine().shared().prune();
            return edited.sync().changeLog().count() == 0;
        });
        cluster.close(edited);

        copySyncDb(copy, libraryDb);
        Engine restored = reopenBravo();
        await().atMost(WAIT).untilAsserted(() -> assertThat(tagNames(restored)).isEqualTo(List.of("also mine", "mine")));
        SyncCluster.awaitReady(alpha, restored);
        assertThat(tagNames(alpha)).isEqualTo(List.of("also mine", "mine"));
        assertThat(events(restored, "library.restored")).singleElement().extracting(Event::message).asString()
                .contains("each member's are read again");
    }

    /** A restart keeps the incarnation, and alpha, already at bravo's head, reads nothing again. */
    @Test
    void aRestartKeepsTheIncarnationAndNothingIsReadAgain() throws Exception {
        TagActions tags = new TagActions(bravo.library());
        for (int i = 0; i < 5; i++) {
            tags.add("tag " + i, null);
        }
        await().atMost(WAIT).until(() -> tagNames(alpha).size() == 5);
        awaitPulledThroughHead(bravo);
        SyncCluster.awaitReady(alpha, bravo);
        var before = bravo.sync().changeLog().head();
        DeviceId bravoId = bravo.deviceIdentity().deviceId();
        assertThat(alpha.syncEngine().shared().pulled(bravoId)).isEqualTo(before);

        AtomicInteger received = new AtomicInteger();
        alpha.syncEngine().shared().listener(new SharedLogSync.Listener() {
            @Override
            public void applied(DeviceId from, int changes) {
                received.addAndGet(changes);
            }
        });
        cluster.close(bravo);
        Engine back = reopenBravo();
        SyncCluster.awaitReady(alpha, back);
        assertThat(back.sync().changeLog().head()).as("same incarnation, same head").isEqualTo(before);
        assertThat(back.syncEngine().shared().replacedAtOpen()).isFalse();
        assertThat(received.get()).as("nothing was sent again").isZero();
        assertThat(alpha.syncEngine().shared().pulled(bravoId)).isEqualTo(before);

        new TagActions(back.library()).add("after the restart", null);
        await().atMost(WAIT).until(() -> tagNames(alpha).size() == 6);
        assertThat(received.get()).as("exactly the one new change").isEqualTo(1);
        assertThat(events(alpha, "sync.log_replaced")).isEmpty();
        assertThat(events(back, "sync.log_restarted")).isEmpty();
    }
}
