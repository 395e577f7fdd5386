package io.tidemark.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LogIncarnation;
import io.tidemark.engine.model.LogPosition;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SharedVersion;
import io.tidemark.engine.model.TagRecord;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.sync.ChangeLogStore;
import io.tidemark.engine.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shared resources over the change log, between devices whose stores live in temp folders, with exact counts. */
class SharedLogSyncTest {

    /** Smaller than HIGH as unsigned bytes, though HIGH is negative as a Java long. */
    static final UUID LOW = new UUID(0x0190_0000_0000_7000L, 0x8000_0000_0000_0001L);
    static final UUID HIGH = new UUID(0xF190_0000_0000_7000L, 0x8000_0000_0000_0002L);
    static final UUID THIRD = new UUID(0x0190_0000_0000_7000L, 0x8000_0000_0000_0003L);

    @TempDir
    Path dir;

    private final MutableClock wall = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final List<SharedDevice> devices = new ArrayList<>();

    @AfterEach
    void closeAll() {
        devices.forEach(SharedDevice::close);
    }

    private SharedDevice device(String name, UUID uuid, int pageSize) throws Exception {
        SharedDevice d = new SharedDevice(dir, name, uuid, wall, pageSize);
        devices.add(d);
        return d;
    }

    private SharedDevice device(String name, UUID uuid) throws Exception {
        return device(name, uuid, 100);
    }

    private SharedDevice reopen(SharedDevice d) {
        SharedDevice again = d.reopen();
        devices.add(again);
        return again;
    }

    /**
     * Copies a closed device's database file to {@code to}: a backup, or a backup put back. A
     * write-ahead log left beside {@code to} belongs to the file being replaced and must go with it.
     */
    private static void copyClosed(Path from, Path to) throws IOException {
        for (String suffix : List.of("-wal", "-shm")) {
            Files.deleteIfExists(to.resolveSibling(to.getFileName() + suffix));
        }
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Both directions until nothing moves. */
    private static void exchange(SharedDevice a, SharedDevice b) {
        a.shared.tail();
        b.shared.tail();
        a.shared.pull(a.channelTo(b));
        b.shared.pull(b.channelTo(a));
    }

    /**
     * Reference test 5: after 3 tags are synced and 2 more created, the catch-up transfers exactly
     * the 2 new changes; and nothing travels back to the device that made them.
     */
    @Test
    void aCatchUpTransfersExactlyTheNewChanges() throws Exception {
        SharedDevice alpha = device("alpha", LOW);
        SharedDevice bravo = device("bravo", HIGH);
        for (int i = 0; i < 3; i++) {
            alpha.addTag("tag " + i);
        }
        assertThat(alpha.shared.tail()).isEqualTo(3);
        assertThat(alpha.shared.tail()).as("nothing new").isZero();
        SharedLogSync.PullResult first = bravo.shared.pull(bravo.channelTo(alpha));
        assertThat(first.received()).isEqualTo(3);
        assertThat(first.applied()).isEqualTo(3);
        assertThat(first.snapshot()).isFalse();
        assertThat(bravo.tags()).isEqualTo(alpha.tags());

        alpha.addTag("tag 3");
        alpha.addTag("tag 4");
        assertThat(alpha.shared.tail()).isEqualTo(2);
        SharedDevice.Loopback channel = bravo.channelTo(alpha);
        SharedLogSync.PullResult catchUp = bravo.shared.pull(channel);
        assertThat(catchUp.received()).isEqualTo(2);
        assertThat(catchUp.applied()).isEqualTo(2);
        assertThat(catchUp.pages()).isEqualTo(1);
        assertThat(catchUp.pulledSeq()).isEqualTo(5);
        assertThat(channel.offered).containsExactly(new Message.SharedAck(alpha.sync.changeLog().incarnation(), 5));
        assertThat(alpha.sync.acks().get(bravo.id.bytes())).get().extracting(a -> a.seq()).isEqualTo(5L);
        assertThat(bravo.tags()).hasSize(5).isEqualTo(alpha.tags());
        assertThat(bravo.library.count(null, ResourceType.TAG)).isEqualTo(5);

        assertThat(bravo.shared.tail()).as("received changes are not bravo's own").isZero();
        assertThat(bravo.sync.changeLog().count()).as("but bravo logs them, to relay them").isEqualTo(5);
        SharedLogSync.PullResult back = alpha.shared.pull(alpha.channelTo(bravo));
        assertThat(back.received()).as("alpha's own changes do not come back").isZero();
        assertThat(back.pulledSeq()).isEqualTo(5);
        assertThat(bravo.shared.pull(bravo.channelTo(alpha)).received()).isZero();
    }

    /** Concurrent edits of one tag converge to the higher HLC on both sides. */
    @Test
    void concurrentEditsOfOneTagConvergeToTheHigherHlc() throws Exception {
        SharedDevice alpha = device("alpha", HIGH);
        SharedDevice bravo = device("bravo", LOW);
        UUID tag = alpha.addTag("holiday");
        exchange(alpha, bravo);

        wall.advance(Duration.ofSeconds(1));
        alpha.renameTag(tag, "vacation");   // earlier, and from the greater origin: HLC decides, not origin
        wall.advance(Duration.ofSeconds(1));
        bravo.renameTag(tag, "holidays 2026");
        exchange(alpha, bravo);

        assertThat(alpha.tagNames()).containsExactly("holidays 2026");
        assertThat(alpha.tags()).isEqualTo(bravo.tags());
        assertThat(alpha.tags().get(0).origin()).isEqualTo(LOW);
        assertThat(alpha.tags().get(0).hlc()).isEqualTo(new HlcTimestamp(wall.millis(), 0).packed());
    }

    /** The same HLC on both sides: the greater origin wins, identically on both, whoever pulls first. */
    @Test
    void anHlcTieConvergesToTheGreaterOriginOnBothSides() throws Exception {
        SharedDevice alpha = device("alpha", LOW);
        SharedDevice bravo = device("bravo", HIGH);
        UUID tag = alpha.addTag("music");
        exchange(alpha, bravo);

        wall.advance(Duration.ofSeconds(1)); // both clocks issue (now, 0): equal HLCs
        alpha.renameTag(tag, "from alpha");
        bravo.renameTag(tag, "from bravo");
        assertThat(alpha.tags().get(0).hlc()).isEqualTo(bravo.tags().get(0).hlc());
        exchange(alpha, bravo);

        assertThat(alpha.tagNames()).containsExactly("from bravo");
        assertThat(alpha.tags()).isEqualTo(bravo.tags());
        assertThat(bravo.tags().get(0).origin()).isEqualTo(HIGH);

        // Later, a local edit made after seeing the other's wins: the clock moved past what it applied.
        alpha.renameTag(tag, "after the tie");
        exchange(alpha, bravo);
        assertThat(bravo.tagNames()).containsExactly("after the tie");
    }

    /** Reference test 8, first half: pruning never removes a change a member has not acked. */
    @Test
    void pruningNeverRemovesAChangeAMemberHasNotAcked() throws Exception {
        SharedDevice alpha = device("alpha", LOW);
        SharedDevice bravo = device("bravo", HIGH, 2);
        SharedDevice charlie = device("charlie", THIRD, 3);
        alpha.trusts(bravo);
        alpha.trusts(charlie);
        for (int i = 0; i < 5; i++) {
            alpha.addTag("tag " + i);
        }
        alpha.shared.tail();
        ChangeLogStore log = alpha.sync.changeLog();

        assertThat(bravo.shared.pull(bravo.channelTo(alpha)).pages()).isEqualTo(3);
        assertThat(alpha.shared.prune()).as("charlie never acked").isZero();
        assertThat(log.count()).isEqualTo(5);

        // Charlie is cut off after its first page of three (it is told nothing remains), and acks that.
        SharedDevice.Loopback cut = charlie.channelTo(alpha);
        cut.tamper = p -> new Message.SharedPullPage(p.requestId(), p.incarnation(), p.changes(), p.lastSeq(), 0, false, "");
        assertThat(charlie.shared.pull(cut).received()).isEqualTo(3);
        assertThat(cut.offered).containsExactly(new Message.SharedAck(log.incarnation(), 3));
        assertThat(alpha.shared.prune()).isEqualTo(3);
        assertThat(log.count()).isEqualTo(2);
        assertThat(log.prunedThrough()).isEqualTo(3);
        assertThat(alpha.shared.acked(charlie.id, new LogPosition(LogIncarnation.random(), 5)))
                .as("an ack of another incarnation is not about this log").isFalse();
        assertThat(alpha.shared.prune()).isZero();

        // Charlie resumes from 3: incrementally, exactly the two it lacks, however long it took.
        SharedLogSync.PullResult rest = charlie.shared.pull(charlie.channelTo(alpha));
        assertThat(rest.snapshot()).isFalse();
        assertThat(rest.received()).isEqualTo(2);
        assertThat(charlie.tags()).isEqualTo(alpha.tags()).hasSize(5);
        assertThat(alpha.shared.prune()).isEqualTo(2);
        assertThat(log.count()).isZero();

        // A seq is never handed out again after pruning emptied the log: bravo at 5 gets exactly the 6th.
        alpha.addTag("tag 5");
        assertThat(alpha.shared.tail()).isEqualTo(1);
        assertThat(alpha.shared.headSeq()).isEqualTo(6);
        SharedLogSync.PullResult next = bravo.shared.pull(bravo.channelTo(alpha));
        assertThat(next.snapshot()).isFalse();
        assertThat(next.received()).isEqualTo(1);
        assertThat(bravo.tags()).isEqualTo(alpha.tags()).hasSize(6);
    }

    /**
     * Reference test 8, second half: a member away past the retention limit no longer holds the log
     * back; when it returns it gets a snapshot (rows and deletes, over several pages) and converges,
     * then pulls incrementally again.
     */
    @Test
    void aMemberAwayPastRetentionGetsASnapshotAndConverges() throws Exception {
        SharedDevice alpha = device("alpha", LOW, 2);
        SharedDevice bravo = device("bravo", HIGH, 2);
        alpha.trusts(bravo);
        bravo.trusts(alpha);
        UUID keep = alpha.addTag("keep");
        UUID rename = alpha.addTag("rename me");
        UUID drop = alpha.addTag("drop me");
        exchange(alpha, bravo);
        assertThat(alpha.shared.prune()).isEqualTo(3);

        // Bravo goes away. Alpha changes things, the month passes, and alpha's log is pruned past bravo.
        alpha.renameTag(rename, "renamed");
        alpha.deleteTag(drop);
        alpha.addTag("new 1");
        alpha.addTag("new 2");
        assertThat(alpha.shared.tail()).isEqualTo(4);
        assertThat(alpha.shared.prune()).as("bravo is only 1 day away").isZero();
        wall.advance(SharedLogSync.DEFAULT_RETENTION.plusDays(1));
        assertThat(alpha.shared.prune()).isEqualTo(4);
        assertThat(alpha.sync.changeLog().prunedThrough()).isEqualTo(7);

        SharedDevice.Loopback channel = bravo.channelTo(alpha);
        SharedLogSync.PullResult back = bravo.shared.pull(channel);
        assertThat(back.snapshot()).isTrue();
        assertThat(back.received()).as("4 rows and 1 delete").isEqualTo(5);
        assertThat(back.pages()).as("3 snapshot pages of 2, then the log after its head").isEqualTo(4);
        assertThat(back.pulledSeq()).isEqualTo(7);
        assertThat(bravo.tags()).isEqualTo(alpha.tags());
        assertThat(bravo.tagNames()).containsExactly("keep", "new 1", "new 2", "renamed");
        assertThat(bravo.tags()).extracting(SharedVersion::uuid).contains(keep).doesNotContain(drop);
        assertThat(bravo.library.count(null, ResourceType.TAG)).isEqualTo(4);

        // An older copy of the dropped tag cannot come back: bravo keeps alpha's delete.
        bravo.library.applyShared(List.of(SharedVersion.put(new TagRecord(drop, 1, "drop me", null), LOW)));
        assertThat(bravo.tagNames()).doesNotContain("drop me");

        // From here on the log again: one change, one change.
        alpha.addTag("new 3");
        alpha.shared.tail();
        SharedLogSync.PullResult after = bravo.shared.pull(bravo.channelTo(alpha));
        assertThat(after.snapshot()).isFalse();
        assertThat(after.received()).isEqualTo(1);
        assertThat(bravo.tags()).isEqualTo(alpha.tags());
    }

    /** A member that has never acked, joining after the log was pruned, is served a snapshot, not a gap. */
    @Test
    void aNewMemberAfterPruningGetsASnapshot() throws Exception {
        SharedDevice alpha = device("alpha", LOW);
        alpha.addTag("one");
        alpha.addTag("two");
        alpha.shared.tail();
        assertThat(alpha.shared.prune()).as("no member to wait for").isEqualTo(2);

        SharedDevice charlie = device("charlie", THIRD);
        alpha.trusts(charlie);
        SharedLogSync.PullResult first = charlie.shared.pull(charlie.channelTo(alpha));
        assertThat(first.snapshot()).isTrue();
        assertThat(first.received()).isEqualTo(2);
        assertThat(charlie.tags()).isEqualTo(alpha.tags());
        assertThat(charlie.sync.changeLog().count()).as("logged, to relay on").isEqualTo(2);
    }

    /**
     * A crash after a page was applied to library.db but before it was logged and the pulled seq
     * moved: the next pull fetches the page again, applies nothing twice and logs it once.
     */
    @Test
    void aCrashBetweenTheLibraryApplyAndTheLogAppendLosesNothing() throws Exception {
        SharedDevice alpha = device("alpha", LOW);
        SharedDevice bravo = device("bravo", HIGH);
        for (int i = 0; i < 3; i++) {
            alpha.addTag("tag " + i);
        }
        alpha.shared.tail();
        bravo.shared.listener(new SharedLogSync.Listener() {
            @Override
            public void applied(DeviceId from, int changes) {
                throw new IllegalStateException("simulated crash between the library commit and the sync.db commit");
            }
        });
        SharedDevice.Loopback cut = bravo.channelTo(alpha);
        assertThatThrownBy(() -> bravo.shared.pull(cut)).hasMessageContaining("simulated crash");
        assertThat(bravo.tags()).hasSize(3);
        assertThat(bravo.shared.pulled(alpha.id).seq()).isZero();
        assertThat(bravo.sync.changeLog().count()).isZero();
        assertThat(cut.offered).as("no ack for what was not logged").isEmpty();

        bravo.shared.listener(new SharedLogSync.Listener() { });
        SharedLogSync.PullResult again = bravo.shared.pull(bravo.channelTo(alpha));
        assertThat(again.received()).isEqualTo(3);
        assertThat(again.applied()).as("already in library.db").isZero();
        assertThat(again.pulledSeq()).isEqualTo(3);
        assertThat(bravo.sync.changeLog().count()).isEqualTo(3);
        assertThat(bravo.library.count(null, ResourceType.TAG)).isEqualTo(3);
        assertThat(bravo.tags()).isEqualTo(alpha.tags());
    }

    /**
     * The tailer finds changes committed by another process (a CLI run) and repairs a crash between
     * a library commit and the log: whatever is committed after the tail mark is logged, once.
     */
    @Test
    void theTailerLogsChangesOfOtherProcessesExactlyOnce() throws Exception {
        SharedDevice alpha = device("alpha", LOW);
        UUID first = alpha.addTag("first");
        try (LibraryStore cli = LibraryStore.open(alpha.library.file(), HybridLogicalClock.system())) {
            cli.writeLocal(tx -> {
                tx.putShared(new TagRecord(Ids.newId(), 0, "from the cli", "#00ff00"));
                tx.delete(ResourceType.TAG, first);
                return null;
            });
        }
        assertThat(alpha.shared.tail()).as("the cli's tag and delete; the first tag's row is gone").isEqualTo(2);
        assertThat(alpha.shared.tail()).isZero();
        ChangeLogStore.LogPage page = alpha.sync.changeLog().page(0, null, 10);
        // One commit, one HLC: within it, uuid order (the first tag's uuid is the older UUIDv7).
        assertThat(page.changes()).extracting(c -> c.entry().operation().name()).containsExactly("DELETE", "UPSERT");
        assertThat(page.changes().get(0).entry().record()).isEqualTo(first);
        assertThat(alpha.sync.changeLog().tailedThrough()).isNotEqualTo(Cursor.START);
    }

    /** The HLC text form on the wire parses back to exactly the logged value, even at the edges of its range. */
    @Test
    void theHlcTextFormRoundTripsExactly() {
        for (HlcTimestamp t : List.of(new HlcTimestamp(1, 0), new HlcTimestamp(wall.millis(), 0xffff),
                new HlcTimestamp(HlcTimestamp.MAX_PHYSICAL_MILLIS, HlcTimestamp.MAX_LOGICAL))) {
            SharedVersion v = SharedVersion.put(new TagRecord(Ids.newId(), t.packed(), "t", "#123456"), HIGH);
            Message.SharedChange wire = SharedJson.message(v);
            assertThat(wire.hlc()).isEqualTo(t.toString());
            assertThat(HlcTimestamp.parse(wire.hlc()).packed()).isEqualTo(t.packed());
            assertThat(SharedJson.version(wire)).isEqualTo(v);
            SharedVersion deleted = SharedVersion.delete(ResourceType.TAG, v.uuid(), t.packed(), LOW);
            assertThat(SharedJson.version(SharedJson.message(deleted))).isEqualTo(deleted);
        }
    }

    /** A malformed or mismatched change refuses the whole page before anything is applied. */
    @Test
    void aMalformedPageIsRefusedAndNothingIsApplied() throws Exception {
        SharedDevice alpha = device("alpha", LOW);
        SharedDevice bravo = device("bravo", HIGH);
        alpha.addTag("good");
        alpha.addTag("bad");
        alpha.shared.tail();
        SharedDevice.Loopback channel = bravo.channelTo(alpha);
        channel.tamper = page -> {
            List<Message.SharedChange> changes = new ArrayList<>(page.changes());
            Message.SharedChange last = changes.remove(changes.size() - 1);
            changes.add(new Message.SharedChange(last.hlc(), last.origin(), last.resource(), Ids.newId().toString(),
                    last.operation(), last.payload())); // the payload is of another record
            return new Message.SharedPullPage(page.requestId(), page.incarnation(), changes, page.lastSeq(), page.remaining(), false,
                    "");
        };
        assertThatThrownBy(() -> bravo.shared.pull(channel)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed");
        assertThat(bravo.tags()).isEmpty();
        assertThat(bravo.shared.pulled(alpha.id).seq()).isZero();

        Message.SharedPullRequest bad = new Message.SharedPullRequest(1, LogIncarnation.UNKNOWN, 0, 10, LOW.toString(), "nonsense");
        assertThatThrownBy(() -> alpha.shared.serve(bravo.id, bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a snapshot position");
    }

    /**
     * A change from a member whose clock ran hours ahead is applied at once, and this clock moves
     * past it (a local change made after it is newer); only one stamped implausibly far ahead, more
     * than a year, is refused with its page, and leaves this clock alone.
     */
    @Test
    void aChangeFromAClockHoursAheadIsTakenAndOnlyAnImplausibleOneIsRefused() throws Exception {
        SharedDevice alpha = device("alpha", LOW);
        SharedDevice bravo = device("bravo", HIGH);
        long twoHoursAhead = wall.millis() + Duration.ofHours(2).toMillis();
        alpha.library.applyShared(List.of(SharedVersion.put(new TagRecord(Ids.newId(), new HlcTimestamp(twoHoursAhead, 0).packed(),
                "early", null), THIRD)));
        alpha.sync.changeLog().append(SharedJson.entry(alpha.tags().get(0)));
        assertThat(bravo.shared.pull(bravo.channelTo(alpha)).received()).isEqualTo(1);
        assertThat(bravo.tags()).isEqualTo(alpha.tags());
        assertThat(bravo.library.clock().last().physicalMillis()).isEqualTo(twoHoursAhead);
        assertThat(bravo.library.clock().tick()).isGreaterThan(new HlcTimestamp(twoHoursAhead, 0));

        long nextYear = wall.millis() + HybridLogicalClock.IMPLAUSIBLE_AHEAD.toMillis() + 1;
        HlcTimestamp before = bravo.library.clock().last();
        alpha.library.applyShared(List.of(SharedVersion.put(new TagRecord(Ids.newId(), new HlcTimestamp(nextYear, 0).packed(),
                "corrupt", null), THIRD)));
        alpha.sync.changeLog().append(SharedJson.entry(alpha.tags().stream()
                .filter(v -> ((TagRecord) v.record()).name().equals("corrupt")).findFirst().orElseThrow()));
        assertThatThrownBy(() -> bravo.shared.pull(bravo.channelTo(alpha)))
                .hasMessageContaining("a shared change (tag ")
                .hasMessageContaining("more than 365 days")
                .hasMessageContaining("Nothing of the page was applied");
        assertThat(bravo.tags()).hasSize(1);
        assertThat(bravo.library.clock().last()).isEqualTo(before);
    }

    /** Realtime: a push right after a tail is applied when it follows what was pulled; after a gap, it asks for a pull. */
    @Test
    void aPushIsAppliedOnlyWhenItFollowsWhatWasPulled() throws Exception {
        SharedDevice alpha = device("alpha", LOW);
        SharedDevice bravo = device("bravo", HIGH);
        alpha.addTag("one");
        alpha.shared.tail();
        bravo.shared.pull(bravo.channelTo(alpha));

        long head = alpha.shared.headSeq();
        alpha.addTag("two");
        alpha.shared.tail();
        Message.SharedPush push = alpha.shared.push(head).orElseThrow();
        assertThat(push.changes()).hasSize(1);
        SharedDevice.Loopback reply = bravo.channelTo(alpha);
        assertThat(bravo.shared.pushed(alpha.id, push, reply)).isTrue();
        assertThat(bravo.tagNames()).containsExactly("one", "two");
        assertThat(bravo.shared.pulled(alpha.id).seq()).isEqualTo(2);
        assertThat(reply.offered).containsExactly(new Message.SharedAck(alpha.sync.changeLog().incarnation(), 2));

        alpha.addTag("three");
        alpha.shared.tail();
        alpha.addTag("four");
        alpha.shared.tail();
        Message.SharedPush afterGap = alpha.shared.push(3).orElseThrow();
        assertThat(bravo.shared.pushed(alpha.id, afterGap, reply)).as("bravo lacks seq 3").isFalse();
        assertThat(bravo.tagNames()).containsExactly("one", "two");
        assertThat(bravo.shared.pull(bravo.channelTo(alpha)).received()).isEqualTo(2);
        assertThat(alpha.shared.push(alpha.shared.headSeq())).isEmpty();
    }

    /**
     * Alpha's sync.db is put back from a copy taken before alpha logged four more changes (seqs 4 to
     * 6 of its log, all pulled by bravo). library.db's high-water mark shows the log went back, so
     * it gets a new incarnation at open, and bravo reads it again instead of taking the new tags at
     * seqs it already holds: without the incarnation it would pull "after 6" and never see "five".
     * A plain restart afterwards changes nothing and re-sends nothing.
     */
    @Test
    void aSyncDbRestoredFromAnOlderCopyGetsANewIncarnationAndIsReadAgain() throws Exception {
        SharedDevice alpha = device("alpha", LOW);
        SharedDevice bravo = device("bravo", HIGH);
        UUID one = alpha.addTag("one");
        alpha.addTag("two");
        alpha.addTag("three");
        alpha.shared.tail();
        bravo.shared.pull(bravo.channelTo(alpha));
        LogIncarnation first = alpha.sync.changeLog().incarnation();
        Path copy = dir.resolve("alpha-sync.db.copy");
        alpha.close();
        copyClosed(alpha.syncDb(), copy);

        alpha = reopen(alpha);
        assertThat(alpha.shared.replacedAtOpen()).isFalse();
        alpha.renameTag(one, "uno");
        alpha.shared.tail();
        alpha.renameTag(one, "eins");
        alpha.shared.tail();
        alpha.addTag("four");
        alpha.shared.tail();
        assertThat(bravo.shared.pull(bravo.channelTo(alpha)).pulledSeq()).isEqualTo(6);
        assertThat(alpha.library.sharedLogMark()).contains(new LogPosition(first, 6));
        alpha.close();
        copyClosed(copy, alpha.syncDb());

        alpha = reopen(alpha);
        assertThat(alpha.shared.replacedAtOpen()).isTrue();
        LogPosition head = alpha.sync.changeLog().head();
        assertThat(head.seq()).isEqualTo(3);
        assertThat(head.incarnation()).isNotEqualTo(first).matches(LogIncarnation::isKnown);
        assertThat(alpha.library.sharedLogMark()).as("marked, so the next open does not replace it again").contains(head);
        alpha.addTag("five");
        alpha.addTag("six");
        assertThat(alpha.shared.tail()).as("eins, four, five, six: seqs 4 to 7, where bravo holds others through 6").isEqualTo(4);

        SharedLogSync.PullResult again = bravo.shared.pull(bravo.channelTo(alpha));
        assertThat(again.replaced()).isTrue();
        assertThat(again.snapshot()).isTrue();
        assertThat(again.received()).as("every current tag").isEqualTo(6);
        assertThat(bravo.shared.pulled(alpha.id)).isEqualTo(alpha.sync.changeLog().head());
        assertThat(bravo.tags()).isEqualTo(alpha.tags()).hasSize(6);
        assertThat(bravo.tagNames()).containsExactly("eins", "five", "four", "six", "three", "two");

        alpha.addTag("seven");
        alpha.shared.tail();
        SharedLogSync.PullResult next = bravo.shared.pull(bravo.channelTo(alpha));
        assertThat(next.replaced()).isFalse();
        assertThat(next.snapshot()).isFalse();
        assertThat(next.received()).isEqualTo(1);

        LogPosition before = alpha.sync.changeLog().head();
        alpha = reopen(alpha);
        assertThat(alpha.shared.replacedAtOpen()).as("a restart is no restore").isFalse();
        assertThat(alpha.sync.changeLog().head()).isEqualTo(before);
        SharedLogSync.PullResult restart = bravo.shared.pull(bravo.channelTo(alpha));
        assertThat(restart.received()).as("nothing is read again").isZero();
        assertThat(restart.snapshot()).isFalse();
        assertThat(restart.replaced()).isFalse();
        assertThat(bravo.tags()).isEqualTo(alpha.tags());
    }

    /**
     * library.db and sync.db restored together: the mark went back with the log, so opening cannot
     * tell. Bravo, holding seqs of this incarnation beyond the head, can: its pull gives the log a new
     * incarnation, so charlie, whose position is below the head-to-be, reads it again too instead of
     * skipping the new tags that now sit at the seqs it holds.
     */
    @Test
    void aMemberHoldingSeqsBeyondTheHeadShowsTheLogWentBackForEveryMember() throws Exception {
        SharedDevice alpha = device("alpha", LOW);
        SharedDevice bravo = device("bravo", HIGH);
        SharedDevice charlie = device("charlie", THIRD);
        for (int i = 0; i < 3; i++) {
            alpha.addTag("tag " + i);
        }
        alpha.shared.tail();
        bravo.shared.pull(bravo.channelTo(alpha));
        LogIncarnation first = alpha.sync.changeLog().incarnation();
        Path libraryCopy = dir.resolve("alpha-library.db.copy");
        Path syncCopy = dir.resolve("alpha-sync.db.copy");
        alpha.close();
        copyClosed(alpha.home.resolve("library.db"), libraryCopy);
        copyClosed(alpha.syncDb(), syncCopy);

        alpha = reopen(alpha);
        alpha.addTag("lost 1");
        alpha.shared.tail();
        assertThat(charlie.shared.pull(charlie.channelTo(alpha)).pulledSeq()).isEqualTo(4);
        alpha.addTag("lost 2");
        alpha.shared.tail();
        assertThat(bravo.shared.pull(bravo.channelTo(alpha)).pulledSeq()).isEqualTo(5);
        alpha.close();
        copyClosed(libraryCopy, alpha.home.resolve("library.db"));
        copyClosed(syncCopy, alpha.syncDb());

        alpha = reopen(alpha);
        assertThat(alpha.shared.replacedAtOpen()).as("both files went back: nothing local shows it").isFalse();
        assertThat(alpha.sync.changeLog().head()).isEqualTo(new LogPosition(first, 3));
        SharedLogSync.PullResult found = bravo.shared.pull(bravo.channelTo(alpha));
        assertThat(found.replaced()).isTrue();
        assertThat(found.snapshot()).isTrue();
        LogIncarnation second = alpha.sync.changeLog().incarnation();
        assertThat(second).isNotEqualTo(first);

        for (int i = 1; i <= 3; i++) {
            alpha.addTag("new " + i);
        }
        alpha.shared.tail();
        assertThat(alpha.shared.headSeq()).as("new 1 sits at seq 4, which charlie holds as lost 1").isEqualTo(6);
        SharedLogSync.PullResult charlies = charlie.shared.pull(charlie.channelTo(alpha));
        assertThat(charlies.replaced()).isTrue();
        assertThat(charlie.tags()).containsAll(alpha.tags());
        assertThat(bravo.shared.pull(bravo.channelTo(alpha)).received()).isEqualTo(3);
        assertThat(bravo.tags()).containsAll(alpha.tags());
        // What alpha lost with its library.db stays on the members: a member never sends a device
        // its own changes back, which is another matter than the log's seqs.
        assertThat(bravo.tagNames()).contains("lost 1", "lost 2").hasSize(alpha.tags().size() + 2);
    }

    /**
     * A position kept from before incarnations (a migrated sync.db) is taken to be of the peer's
     * current incarnation while the peer's head is not below it, and read again from the start when
     * it is; either way the position then names the incarnation.
     */
    @Test
    void aPositionFromBeforeIncarnationsIsKeptOnlyWhileTheHeadIsNotBelowIt() throws Exception {
        SharedDevice alpha = device("alpha", LOW);
        SharedDevice bravo = device("bravo", HIGH);
        SharedDevice charlie = device("charlie", THIRD);
        for (int i = 0; i < 5; i++) {
            alpha.addTag("tag " + i);
        }
        alpha.shared.tail();
        LogPosition head = alpha.sync.changeLog().head();
        bravo.sync.database().write(c -> {
            bravo.sync.pulled().set(c, alpha.id.bytes(), new LogPosition(LogIncarnation.UNKNOWN, 3));
            return null;
        });
        charlie.sync.database().write(c -> {
            charlie.sync.pulled().set(c, alpha.id.bytes(), new LogPosition(LogIncarnation.UNKNOWN, 9));
            return null;
        });

        SharedLogSync.PullResult kept = bravo.shared.pull(bravo.channelTo(alpha));
        assertThat(kept.snapshot()).isFalse();
        assertThat(kept.replaced()).isFalse();
        assertThat(kept.received()).as("exactly the two after seq 3").isEqualTo(2);
        assertThat(bravo.shared.pulled(alpha.id)).isEqualTo(head);

        SharedLogSync.PullResult reread = charlie.shared.pull(charlie.channelTo(alpha));
        assertThat(reread.snapshot()).isTrue();
        assertThat(reread.replaced()).isTrue();
        assertThat(reread.received()).isEqualTo(5);
        assertThat(charlie.shared.pulled(alpha.id)).isEqualTo(head);
        assertThat(charlie.tags()).isEqualTo(alpha.tags());
        assertThat(alpha.sync.changeLog().incarnation()).as("an unknown position proves nothing about this incarnation")
                .isEqualTo(head.incarnation());
    }

    /** A push names its incarnation: one that follows the pulled seq of another incarnation is not applied. */
    @Test
    void aPushOfAnotherIncarnationIsNotApplied() throws Exception {
        SharedDevice alpha = device("alpha", LOW);
        SharedDevice bravo = device("bravo", HIGH);
        alpha.addTag("one");
        alpha.shared.tail();
        bravo.shared.pull(bravo.channelTo(alpha));
        long seq = alpha.shared.headSeq();
        alpha.sync.changeLog().replaceIncarnation(alpha.sync.changeLog().incarnation());
        alpha.addTag("two");
        alpha.shared.tail();
        Message.SharedPush push = alpha.shared.push(seq).orElseThrow();
        assertThat(push.afterSeq()).isEqualTo(bravo.shared.pulled(alpha.id).seq());
        SharedDevice.Loopback reply = bravo.channelTo(alpha);
        assertThat(bravo.shared.pushed(alpha.id, push, reply)).as("the same seq, of another log").isFalse();
        assertThat(reply.offered).isEmpty();
        SharedLogSync.PullResult pulled = bravo.shared.pull(bravo.channelTo(alpha));
        assertThat(pulled.replaced()).isTrue();
        assertThat(bravo.tags()).isEqualTo(alpha.tags()).hasSize(2);
    }

    /** The marks for the watermark exchange: per shared type, the newest HLC and the summary over rows and deletes. */
    @Test
    void marksShowTheNewestHlcAndCountPerSharedType() throws Exception {
        SharedDevice alpha = device("alpha", LOW);
        alpha.addTag("a");
        UUID b = alpha.addTag("b");
        alpha.deleteTag(b);
        long deletedAt = alpha.library.clock().last().packed();
        List<Message.Mark> marks = alpha.shared.marks();
        assertThat(marks).extracting(Message.Mark::resource)
                .containsExactly("collection", "content_identity", "collection_item", "tag", "tag_assignment");
        Message.Mark tags = marks.stream().filter(m -> m.resource().equals("tag")).findFirst().orElseThrow();
        io.tidemark.engine.model.KeySummary summary = alpha.library.sharedSummary(io.tidemark.engine.model.ResourceType.TAG);
        assertThat(summary).isEqualTo(alpha.library.scannedSharedSummary(io.tidemark.engine.model.ResourceType.TAG));
        assertThat(summary.rows()).isEqualTo(1);
        assertThat(summary.deleted()).isEqualTo(1);
        assertThat(tags).isEqualTo(new Message.Mark(Message.Mark.SHARED_OWNER, "tag", deletedAt, Ids.MIN.toString(), 1, 1,
                summary.digest(), deletedAt));
        assertThat(marks).filteredOn(m -> !m.resource().equals("tag")).allSatisfy(m -> {
            assertThat(m.stamp()).isZero();
            assertThat(m.count()).isZero();
        });
    }
}
