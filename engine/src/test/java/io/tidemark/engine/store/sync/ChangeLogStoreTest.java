package io.tidemark.engine.store.sync;

import io.tidemark.engine.testing.MutableClock;
import static io.tidemark.engine.store.sync.SyncTestSupport.T0;
import static io.tidemark.engine.store.sync.SyncTestSupport.fingerprint;
import static io.tidemark.engine.store.sync.SyncTestSupport.peerId;
import static io.tidemark.engine.store.sync.SyncTestSupport.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.model.ResourceType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
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

    private List<ChangeLogEntry> readAll(int pageSize) {
        List<ChangeLogEntry> all = new ArrayList<>();
        LogPosition after = LogPosition.START;
        while (true) {
            List<ChangeLogEntry> page = log.pageAfter(after, pageSize);
            assertThat(page.size()).isLessThanOrEqualTo(pageSize);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            after = page.get(page.size() - 1).position();
        }
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

        List<ChangeLogEntry> read = log.pageAfter(0, 10);
        assertThat(read).containsExactly(upsert, tombstone, empty);
        assertThat(read.get(1).payload()).isNull();
        assertThat(read.get(2).payload()).isEmpty();
        assertThat(read.get(0).timestamp()).isEqualTo(new HlcTimestamp(T0.toEpochMilli(), 3));
        assertThat(log.count()).isEqualTo(3);
        assertThat(log.latestHlc()).hasValue(hlc(0, 5));
    }

    @Test
    void appendingTheSameChangeTwiceIsIdempotent() {
        ChangeLogEntry e = entry(hlc(1, 0), ORIGIN_1, 1);
        assertThat(log.append(e)).isTrue();
        assertThat(log.append(e)).isFalse();
        assertThat(log.appendAll(List.of(e, entry(hlc(1, 0), ORIGIN_2, 1)))).isEqualTo(1);
        assertThat(log.count()).isEqualTo(2);
    }

    @Test
    void pagingReturnsEveryEntryExactlyOnceInOrder() {
        // Ties on purpose: several origins per HLC and several records per (HLC, origin), so pages of 3
        // split groups that share an HLC.
        List<ChangeLogEntry> expected = new ArrayList<>();
        for (int h = 0; h < 7; h++) {
            for (UUID origin : List.of(ORIGIN_1, ORIGIN_2, ORIGIN_TOP)) {
                for (long r = 1; r <= (h % 3) + 1; r++) {
                    expected.add(entry(hlc(100 - h, h % 2), origin, r * 0x1000 + h));
                }
            }
        }
        expected.add(entry(hlc(1, 0), ORIGIN_1, -1L)); // record with the top bit set
        expected.add(entry(hlc(1, 0), ORIGIN_1, 5L));
        List<ChangeLogEntry> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(7));
        assertThat(log.appendAll(shuffled)).isEqualTo(expected.size());
        expected.sort(Comparator.comparing(ChangeLogEntry::position));

        for (int pageSize : new int[] {1, 2, 3, 5, 1_000}) {
            assertThat(readAll(pageSize)).as("page size %d", pageSize).containsExactlyElementsOf(expected);
        }
        assertThat(expected.get(expected.size() - 2).record()).isEqualTo(uuid(0x0190_1111_0000_7000L, 5L));
    }

    @Test
    void pageAfterAnHlcSkipsEverythingAtOrBeforeIt() {
        ChangeLogEntry a = entry(hlc(3, 0), ORIGIN_TOP, 1);
        ChangeLogEntry b = entry(hlc(2, 0), ORIGIN_1, 1);
        ChangeLogEntry c = entry(hlc(2, 0), ORIGIN_TOP, 2);
        ChangeLogEntry d = entry(hlc(1, 0), ORIGIN_1, 3);
        log.appendAll(List.of(d, c, b, a));
        assertThat(log.pageAfter(hlc(3, 0), 10)).containsExactly(b, c, d);
        assertThat(log.pageAfter(hlc(2, 0), 10)).containsExactly(d);
        assertThat(log.pageAfter(hlc(1, 0), 10)).isEmpty();
        assertThat(log.pageAfter(0, 2)).containsExactly(a, b);
        assertThatThrownBy(() -> log.pageAfter(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Five entries at 50, 40, 30, 20 and 10 minutes before T0. */
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
        store.acks().record(peerId(1), hlc(0, 0));

        assertThat(log.prune(Long.MAX_VALUE, Duration.ZERO)).isZero();
        assertThat(readAll(100)).containsExactlyElementsOf(entries);
        assertThat(log.prunedThrough()).isZero();

        store.acks().record(fingerprint(2), hlc(30, 0));
        assertThat(log.prune(Long.MAX_VALUE, Duration.ZERO)).isEqualTo(3);
        assertThat(readAll(100)).containsExactlyElementsOf(entries.subList(3, 5));
    }

    @Test
    void prunesExactlyTheRangeEveryMemberAcked() {
        List<ChangeLogEntry> entries = fiveEntries();
        member(peerId(1));
        member(peerId(2));
        store.acks().record(peerId(1), hlc(10, 0));
        store.acks().record(peerId(2), hlc(40, 0)); // the slower member holds 50 and 40 only

        assertThat(log.prune(Long.MAX_VALUE, Duration.ZERO)).isEqualTo(2);
        assertThat(readAll(100)).containsExactlyElementsOf(entries.subList(2, 5));
        assertThat(log.prunedThrough()).isEqualTo(hlc(40, 0));

        // The caller's bound applies too.
        store.acks().record(peerId(2), hlc(10, 0));
        assertThat(log.prune(hlc(30, 0), Duration.ZERO)).isEqualTo(1);
        assertThat(readAll(100)).containsExactlyElementsOf(entries.subList(3, 5));
        assertThat(log.prunedThrough()).isEqualTo(hlc(30, 0));

        assertThat(log.prune(Long.MAX_VALUE, Duration.ZERO)).isEqualTo(2);
        assertThat(log.count()).isZero();
        assertThat(log.prunedThrough()).isEqualTo(hlc(10, 0));
        assertThat(log.prune(Long.MAX_VALUE, Duration.ZERO)).isZero();
    }

    @Test
    void neverPrunesEntriesYoungerThanTheRetention() {
        List<ChangeLogEntry> entries = fiveEntries();
        member(peerId(1));
        store.acks().record(peerId(1), hlc(0, 0));

        // 30 minutes old is exactly the retention: old enough. 20 and 10 are younger.
        assertThat(log.prune(Long.MAX_VALUE, Duration.ofMinutes(30))).isEqualTo(3);
        assertThat(readAll(100)).containsExactlyElementsOf(entries.subList(3, 5));

        assertThat(log.prune(Long.MAX_VALUE, Duration.ofMinutes(30))).isZero();
        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(log.prune(Long.MAX_VALUE, Duration.ofMinutes(30))).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(log.prune(Long.MAX_VALUE, Duration.ofMinutes(30))).isEqualTo(1);
        assertThat(readAll(100)).containsExactly(entries.get(4));

        assertThat(log.prune(Long.MAX_VALUE, Duration.ofDays(365_000_000L))).isZero();
        assertThatThrownBy(() -> log.prune(Long.MAX_VALUE, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forgottenAndNearbyPeersDoNotBlockPruning() {
        List<ChangeLogEntry> entries = fiveEntries();
        member(peerId(1));
        store.acks().record(peerId(1), hlc(20, 0));
        store.peers().upsert(new Peer(peerId(2), "old laptop", List.of(), Trust.FORGOTTEN, T0.minusSeconds(9_999)));
        store.peers().upsert(new Peer(peerId(3), "stranger", List.of("10.0.0.3:7420"), Trust.NEARBY, T0));
        store.peers().upsert(new Peer(peerId(4), "gone", List.of(), Trust.FORGOTTEN, null));
        store.acks().record(peerId(4), hlc(50, 0)); // a forgotten peer's old ack does not hold the log either

        assertThat(log.prune(Long.MAX_VALUE, Duration.ZERO)).isEqualTo(4);
        assertThat(readAll(100)).containsExactly(entries.get(4));
    }

    @Test
    void withNoMembersOnlyTheBoundAndRetentionApply() {
        List<ChangeLogEntry> entries = fiveEntries();
        assertThat(log.prune(hlc(40, 0), Duration.ZERO)).isEqualTo(2);
        assertThat(log.prune(Long.MAX_VALUE, Duration.ofMinutes(15))).isEqualTo(2);
        assertThat(readAll(100)).containsExactly(entries.get(4));
    }

    @Test
    void aPeerThatBecomesAMemberLaterBlocksUntilItAcks() {
        fiveEntries();
        store.peers().upsert(new Peer(peerId(5), "new phone", List.of(), Trust.NEARBY, T0));
        store.peers().setTrust(peerId(5), Trust.MEMBER);
        assertThat(log.prune(Long.MAX_VALUE, Duration.ZERO)).isZero();
        store.acks().record(peerId(5), hlc(50, 0));
        assertThat(log.prune(Long.MAX_VALUE, Duration.ZERO)).isEqualTo(1);
    }
}
