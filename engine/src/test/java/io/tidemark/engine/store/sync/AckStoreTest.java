package io.tidemark.engine.store.sync;

import io.tidemark.engine.testing.MutableClock;
import static io.tidemark.engine.store.sync.SyncTestSupport.T0;
import static io.tidemark.engine.store.sync.SyncTestSupport.fingerprint;
import static io.tidemark.engine.store.sync.SyncTestSupport.peerId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AckStoreTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private SyncStore store;
    private AckStore acks;

    @BeforeEach
    void open() {
        store = SyncTestSupport.create(dir, clock);
        acks = store.acks();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void roundTripsExactlyAndOnlyMovesForward() {
        byte[] peer = fingerprint(1);
        assertThat(acks.get(peer)).isEmpty();
        assertThat(acks.record(peer, 1_000)).isTrue();
        assertThat(acks.get(peer)).contains(new Ack(peer, 1_000, T0));

        clock.advance(Duration.ofSeconds(2));
        assertThat(acks.record(peer, 999)).isFalse(); // a late message
        assertThat(acks.record(peer, 1_000)).isFalse(); // a repeated one
        assertThat(acks.get(peer)).contains(new Ack(peer, 1_000, T0));

        assertThat(acks.record(peer, 2_000)).isTrue();
        assertThat(acks.get(peer)).contains(new Ack(peer, 2_000, T0.plusSeconds(2)));
        assertThat(acks.list()).containsExactly(new Ack(peer, 2_000, T0.plusSeconds(2)));
        assertThatThrownBy(() -> acks.record(peer, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> acks.record(new byte[0], 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void minimumIsOverMembersOnly() {
        assertThat(acks.floor()).isEqualTo(new AckFloor(0, 0, 0, OptionalLong.empty()));
        assertThat(acks.floor().safeThrough()).isEqualTo(Long.MAX_VALUE);
        assertThat(acks.minimumOverMembers()).isEmpty();

        store.peers().upsert(new Peer(peerId(1), "a", List.of(), Trust.MEMBER, null));
        store.peers().upsert(new Peer(peerId(2), "b", List.of(), Trust.MEMBER, null));
        store.peers().upsert(new Peer(peerId(3), "c", List.of(), Trust.FORGOTTEN, null));
        acks.record(peerId(1), 500);
        acks.record(peerId(3), 5); // not a member: ignored

        assertThat(acks.floor()).isEqualTo(new AckFloor(2, 1, 0, OptionalLong.empty()));
        assertThat(acks.floor().blocksPruning()).isTrue();
        assertThat(acks.floor().safeThrough()).isEqualTo(-1);
        assertThat(acks.minimumOverMembers()).isEmpty();

        acks.record(peerId(2), 300);
        assertThat(acks.floor()).isEqualTo(new AckFloor(2, 0, 0, OptionalLong.of(300)));
        assertThat(acks.minimumOverMembers()).hasValue(300);

        store.peers().setTrust(peerId(2), Trust.FORGOTTEN);
        assertThat(acks.minimumOverMembers()).hasValue(500);
    }

    private AckFloor floor(long awayBeforeMillis) {
        return store.database().read(c -> acks.floor(c, awayBeforeMillis));
    }

    /**
     * A member heard of (acked or seen) before the cut-off is away: it no longer holds the floor
     * down. A member that never acked stays blocking however long it is gone.
     */
    @Test
    void aMemberNotHeardOfSinceTheCutOffIsAway() throws Exception {
        store.peers().upsert(new Peer(peerId(1), "a", List.of(), Trust.MEMBER, null));
        store.peers().upsert(new Peer(peerId(2), "b", List.of(), Trust.MEMBER, T0.plusSeconds(100)));
        acks.record(peerId(1), 50); // at T0
        acks.record(peerId(2), 10); // at T0, but seen at T0 + 100 s
        long cutOff = T0.plusSeconds(50).toEpochMilli();
        assertThat(floor(cutOff)).isEqualTo(new AckFloor(2, 0, 1, OptionalLong.of(10)));
        long later = T0.plusSeconds(101).toEpochMilli();
        assertThat(floor(later)).isEqualTo(new AckFloor(2, 0, 2, OptionalLong.empty()));
        assertThat(floor(later).safeThrough()).isEqualTo(Long.MAX_VALUE);

        store.peers().upsert(new Peer(peerId(3), "never", List.of(), Trust.MEMBER, null));
        assertThat(floor(later)).isEqualTo(new AckFloor(3, 1, 2, OptionalLong.empty()));
        assertThat(floor(later).blocksPruning()).isTrue();
    }

    @Test
    void recordsInsideACallersTransaction() {
        store.database().write(c -> acks.record(c, peerId(9), 77));
        assertThat(acks.get(peerId(9))).contains(new Ack(peerId(9), 77, T0));
    }
}
