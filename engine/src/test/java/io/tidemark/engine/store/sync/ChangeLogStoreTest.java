package io.tidemark.engine.store.sync;

import static io.tidemark.engine.store.sync.SyncTestSupport.T0;
import static io.tidemark.engine.store.sync.SyncTestSupport.fingerprint;
import static io.tidemark.engine.store.sync.SyncTestSupport.peerId;
import static io.tidemark.engine.store.sync.SyncTestSupport.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.LogIncarnation;
import io.tidemark.engine.model.LogPosition;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeLogStoreTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private SyncStore store;
    private ChangeLogStore log;

    private static final UUID ORIGIN_1 = uuid(0x0190_0000_0000_7000L, 0x8000_0000_0000_0001L);
    private static final UUID ORIGIN_2 = uuid(0x0190_0000_0000_7000L, 0x8000_0000_0000_0002L);
    /** Sorts last in SQLite's unsigned BLOB order although negative as a Java long. */
    private static final UUID ORIGIN_TOP = uuid(0xF190_0000_0000_7000L, 0x8000_0000_0000_0003L);
    /** Long before anyone was heard of: no member counts as away. */
    private static final Instant NONE_AWAY = Instant.EPOCH;

    @BeforeEach
    void open() {
        store = SyncTestSupport.create(dir, clock);
        log = store.changeLog();
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** An HLC {@code minutesAgo} before T0 with the given logical counter. */
    private static long hlc(long minutesAgo, int logical) {
        return new HlcTimestamp(T0.minus(Duration.ofMinutes(minutesAgo)).toEpochMilli(), logical).packed();
    }

    private static ChangeLogEntry entry(long hlc, UUID origin, long recordLsb) {
        UUID record = uuid(0x0190_1111_0000_7000L, recordLsb);
        return new ChangeLogEntry(hlc, origin, ResourceType.TAG, record, Operation.UPSERT,
                ("tag-" + recordLsb).getBytes(StandardCharsets.UTF_8));
    }

    private List<LoggedChange> readAll(int pageSize) {
        List<LoggedChange> all = new ArrayList<>();
        long after = 0;
        while (true) {
            ChangeLogStore.LogPage page = log.page(after, null, pageSize);
            assertThat(page.changes().size()).isLessThanOrEqualTo(pageSize);
            all.addAll(page.changes());
            if (page.remaining() == 0) {
                return all;
            }
            after = page.lastSeq();
        }
    }

    private List<ChangeLogEntry> entries() {
        return readAll(1_000).stream().map(LoggedChange::entry).toList();
    }

    @Test
    void roundTripsExactlyIncludingNullAndEmptyPayloads() {
        ChangeLogEntry upsert = new ChangeLogEntry(new HlcTimestamp(T0.toEpochMilli(), 3), ORIGIN_TOP,
                ResourceType.COLLECTION_ITEM, uuid(1, 2), Operation.UPSERT, new byte[] {0, -1, 127, -128});
        ChangeLogEntry tombstone = new ChangeLogEntry(hlc(0, 4), ORIGIN_1, ResourceType.TAG, uuid(3, 4),
                Operation.DELETE, null);
        ChangeLogEntry empty = new ChangeLogEntry(hlc(0, 5), ORIGIN_1, ResourceType.CONTENT_IDENTITY, uuid(5, 6),
                Operation.UPSERT, new byte[0]);
        assertThat(log.append(upsert)).isTrue();
        assertThat(log.append(tombstone)).isTrue();
        assertThat(log.append(empty)).isTrue();

        List<LoggedChange> read = readAll(10);
        assertThat(read).containsExactly(new LoggedChange(1, upsert), new LoggedChange(2, tombstone), new LoggedChange(3, empty));
        assertThat(read.get(1).entry().payload()).isNull();
        assertThat(read.get(2).entry().payload()).isEmpty();
        assertThat(read.get(0).entry().timestamp()).isEqualTo(new HlcTimestamp(T0.toEpochMilli(), 3));
        assertThat(log.count()).isEqualTo(3);
        assertThat(log.headSeq()).isEqualTo(3);
    }

    @Test
    void appendingTheSameChangeTwiceIsIdempotent() {
        ChangeLogEntry e = entry(hlc(1, 0), ORIGIN_1, 1);
        assertThat(log.append(e)).isTrue();
        assertThat(log.append(e)).isFalse();
        ChangeLogEntry other = entry(hlc(1, 0), ORIGIN_2, 1);
        assertThat(log.appendAll(List.of(e, other))).isEqualTo(1);
        assertThat(log.count()).isEqualTo(2);
        // A refused duplicate may use up a seq (SQLite allocates it before the conflict): gaps are harmless.
        assertThat(entries()).containsExactly(e, other);
    }

    /**
     * The log is in append order, not HLC order: a change that arrives late with an old HLC comes
     * after everything appended before it, so a puller positioned by seq cannot have passed it.
     */
    @Test
    void pagesFollowAppendOrderSoALateOldChangeIsNotSkipped() {
        log.appendAll(List.of(entry(hlc(10, 0), ORIGIN_1, 1), entry(hlc(5, 0), ORIGIN_1, 2)));
        ChangeLogStore.LogPage first = log.page(0, null, 10);
        assertThat(first.lastSeq()).isEqualTo(2);
        assertThat(first.remaining()).isZero();

        ChangeLogEntry late = entry(hlc(60, 0), ORIGIN_2, 3); // an hour old, relayed only now
        log.append(late);
        ChangeLogStore.LogPage next = log.page(first.lastSeq(), null, 10);
        assertThat(next.changes()).containsExactly(new LoggedChange(3, late));
        assertThat(next.lastSeq()).isEqualTo(3);

        for (int pageSize : new int[] {1, 2, 1_000}) {
            assertThat(readAll(pageSize)).extracting(LoggedChange::seq).as("page size %d", pageSize).containsExactly(1L, 2L, 3L);
        }
        assertThatThrownBy(() -> log.page(0, null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.page(-1, null, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The puller's own changes are left out, but the position still moves past them. */
    @Test
    void aPageLeavesOutThePullersOwnChangesAndStillMovesPastThem() {
        log.appendAll(List.of(entry(hlc(9, 0), ORIGIN_1, 1), entry(hlc(8, 0), ORIGIN_2, 2), entry(hlc(7, 0), ORIGIN_1, 3),
                entry(hlc(6, 0), ORIGIN_2, 4), entry(hlc(5, 0), ORIGIN_2, 5)));
        ChangeLogStore.LogPage page = log.page(0, ORIGIN_2, 1);
        assertThat(page.changes()).extracting(LoggedChange::seq).containsExactly(1L);
        assertThat(page.lastSeq()).isEqualTo(1);
        assertThat(page.remaining()).isEqualTo(1);
        page = log.page(1, ORIGIN_2, 1);
        assertThat(page.changes()).extracting(LoggedChange::seq).containsExactly(3L);
        assertThat(page.remaining()).isZero();
        page = log.page(3, ORIGIN_2, 1);
        assertThat(page.changes()).isEmpty();
        assertThat(page.lastSeq()).as("past the two skipped ones, to the head").isEqualTo(5);
        assertThat(page.head()).isEqualTo(5);
    }

    /** Five entries at 50, 40, 30, 20 and 10 minutes before T0: seq 1 to 5. */
    private List<ChangeLogEntry> fiveEntries() {
        List<ChangeLogEntry> entries = List.of(
                entry(hlc(50, 0), ORIGIN_1, 1), entry(hlc(40, 0), ORIGIN_1, 2), entry(hlc(30, 0), ORIGIN_2, 3),
                entry(hlc(20, 0), ORIGIN_2, 4), entry(hlc(10, 0), ORIGIN_1, 5));
        log.appendAll(entries);
        return entries;
    }

    private void member(byte[] id) {
        store.peers().upsert(new Peer(id, "member", List.of(), Trust.MEMBER, null));
    }

    @Test
    void aMemberThatNeverAckedBlocksPruningEntirely() {
        List<ChangeLogEntry> entries = fiveEntries();
        member(peerId(1));
        member(fingerprint(2));
        store.acks().record(peerId(1), 5);

        assertThat(log.prune(NONE_AWAY)).isZero();
        assertThat(log.prune(T0.plus(Duration.ofDays(365)))).as("not even when everyone is long gone").isZero();
        assertThat(entries()).containsExactlyElementsOf(entries);
        assertThat(log.prunedThrough()).isZero();

        store.acks().record(fingerprint(2), 3);
        assertThat(log.prune(NONE_AWAY)).isEqualTo(3);
        assertThat(entries()).containsExactlyElementsOf(entries.subList(3, 5));
        assertThat(log.prunedThrough()).isEqualTo(3);
    }

    @Test
    void prunesExactlyTheRangeEveryMemberAcked() {
        List<ChangeLogEntry> entries = fiveEntries();
        member(peerId(1));
        member(peerId(2));
        store.acks().record(peerId(1), 5);
        store.acks().record(peerId(2), 2); // the slower member holds 1 and 2 only

        assertThat(log.prune(NONE_AWAY)).isEqualTo(2);
        assertThat(entries()).containsExactlyElementsOf(entries.subList(2, 5));
        assertThat(log.prunedThrough()).isEqualTo(2);

        store.acks().record(peerId(2), 5);
        assertThat(log.prune(NONE_AWAY)).isEqualTo(3);
        assertThat(log.count()).isZero();
        assertThat(log.prunedThrough()).isEqualTo(5);
        assertThat(log.prune(NONE_AWAY)).isZero();
    }

    /** A member not heard of since the cut-off stops holding the log back; one heard of since does not. */
    @Test
    void aMemberAwayPastTheCutOffNoLongerHoldsTheLogBack() {
        fiveEntries();
        member(peerId(1));
        member(peerId(2));
        store.acks().record(peerId(1), 5); // at T0
        clock.advance(Duration.ofDays(2));
        store.acks().record(peerId(2), 1); // at T0 + 2 days

        assertThat(log.prune(T0.minusMillis(1))).as("both heard of since").isEqualTo(1);
        assertThat(log.prune(T0.plus(Duration.ofDays(1)))).as("only peer 1 is away; peer 2 holds 2..5").isZero();
        assertThat(log.prune(T0.plus(Duration.ofDays(3)))).as("both away: nothing to wait for").isEqualTo(4);
        assertThat(log.count()).isZero();
        assertThat(log.prunedThrough()).isEqualTo(5);
    }

    @Test
    void forgottenAndNearbyPeersDoNotBlockPruning() {
        List<ChangeLogEntry> entries = fiveEntries();
        member(peerId(1));
        store.acks().record(peerId(1), 4);
        store.peers().upsert(new Peer(peerId(2), "old laptop", List.of(), Trust.FORGOTTEN, T0.minusSeconds(9_999)));
        store.peers().upsert(new Peer(peerId(3), "stranger", List.of("10.0.0.3:7420"), Trust.NEARBY, T0));
        store.peers().upsert(new Peer(peerId(4), "gone", List.of(), Trust.FORGOTTEN, null));
        store.acks().record(peerId(4), 1); // a forgotten peer's old ack does not hold the log either

        assertThat(log.prune(NONE_AWAY)).isEqualTo(4);
        assertThat(entries()).containsExactly(entries.get(4));
    }

    @Test
    void withNoMembersTheWholeLogGoes() {
        fiveEntries();
        assertThat(log.prune(NONE_AWAY)).isEqualTo(5);
        assertThat(log.count()).isZero();
        assertThat(log.prunedThrough()).isEqualTo(5);
    }

    @Test
    void aPeerThatBecomesAMemberLaterBlocksUntilItAcks() {
        fiveEntries();
        store.peers().upsert(new Peer(peerId(5), "new phone", List.of(), Trust.NEARBY, T0));
        store.peers().setTrust(peerId(5), Trust.MEMBER);
        assertThat(log.prune(NONE_AWAY)).isZero();
        store.acks().record(peerId(5), 1);
        assertThat(log.prune(NONE_AWAY)).isEqualTo(1);
    }

    /**
     * Pruning can empty the table; a seq must still never be handed out twice, not even after the
     * file is closed and reopened, or a puller positioned at it would skip the new entry.
     */
    @Test
    void aSeqIsNeverReusedAfterPruningEmptiesTheLog() {
        fiveEntries();
        assertThat(log.prune(NONE_AWAY)).isEqualTo(5);
        assertThat(log.count()).isZero();
        assertThat(log.headSeq()).isEqualTo(5);

        ChangeLogEntry next = entry(hlc(1, 0), ORIGIN_1, 6);
        log.append(next);
        assertThat(log.page(5, null, 10).changes()).containsExactly(new LoggedChange(6, next));
        log.prune(NONE_AWAY);

        store.close();
        store = SyncTestSupport.create(dir, clock);
        log = store.changeLog();
        assertThat(log.count()).isZero();
        assertThat(log.headSeq()).isEqualTo(6);
        ChangeLogEntry after = entry(hlc(0, 0), ORIGIN_1, 7);
        log.append(after);
        assertThat(log.page(6, null, 10).changes()).containsExactly(new LoggedChange(7, after));
        assertThat(log.prunedThrough()).isEqualTo(6);
    }

    /**
     * A new incarnation keeps the entries, their seqs and the numbering after the head; acks go back
     * to 0 (they counted in the old one) but stay, so an away member still does not block pruning.
     * A second replacement of the same incarnation (another process found the same) changes nothing.
     */
    @Test
    void aNewIncarnationKeepsTheEntriesAndStartsTheAcksOver() {
        List<ChangeLogEntry> entries = fiveEntries();
        member(peerId(1));
        store.acks().record(peerId(1), 5);
        LogIncarnation old = log.incarnation();
        assertThat(log.head()).isEqualTo(new LogPosition(old, 5));
        assertThat(log.page(0, null, 10).incarnation()).isEqualTo(old);

        LogIncarnation fresh = log.replaceIncarnation(old);
        assertThat(fresh).isNotEqualTo(old).matches(LogIncarnation::isKnown);
        assertThat(log.replaceIncarnation(old)).as("already replaced: that one stands").isEqualTo(fresh);
        assertThat(log.incarnation()).isEqualTo(fresh);
        assertThat(log.head()).isEqualTo(new LogPosition(fresh, 5));
        assertThat(entries()).containsExactlyElementsOf(entries);
        assertThat(log.page(0, null, 10).incarnation()).isEqualTo(fresh);
        assertThat(store.acks().get(peerId(1))).get().extracting(Ack::seq).isEqualTo(0L);
        assertThat(log.prune(NONE_AWAY)).as("the member has not acked the new incarnation").isZero();
        assertThat(log.prune(T0.plus(Duration.ofDays(1)))).as("but, away, it does not hold the log back").isEqualTo(5);

        log.append(entry(hlc(1, 0), ORIGIN_1, 6));
        assertThat(log.headSeq()).isEqualTo(6);
    }

    /** Only an ack of this incarnation at or below the head is recorded: any other is not about this log. */
    @Test
    void anAckIsRecordedOnlyForThisIncarnationUpToTheHead() {
        fiveEntries();
        LogIncarnation now = log.incarnation();
        assertThat(log.acknowledge(peerId(1), new LogPosition(LogIncarnation.random(), 3))).isFalse();
        assertThat(log.acknowledge(peerId(1), new LogPosition(LogIncarnation.UNKNOWN, 3))).isFalse();
        assertThat(log.acknowledge(peerId(1), new LogPosition(now, 6))).isFalse();
        assertThat(store.acks().get(peerId(1))).isEmpty();
        assertThat(log.acknowledge(peerId(1), new LogPosition(now, 5))).isTrue();
        assertThat(store.acks().get(peerId(1))).get().extracting(Ack::seq).isEqualTo(5L);
    }

    @Test
    void theTailMarkMovesOnlyWithItsEntries() {
        assertThat(log.tailedThrough()).isEqualTo(Cursor.START);
        Cursor mark = new Cursor(hlc(3, 1), uuid(0x0190_1111_0000_7000L, 2));
        assertThat(log.appendTailed(List.of(entry(hlc(3, 0), ORIGIN_1, 1), entry(hlc(3, 1), ORIGIN_1, 2)), mark)).isEqualTo(2);
        assertThat(log.tailedThrough()).isEqualTo(mark);
        assertThat(log.headSeq()).isEqualTo(2);
    }
}
