package io.tidemark.engine.store.sync;

import io.tidemark.engine.testing.MutableClock;
import static io.tidemark.engine.store.sync.SyncTestSupport.T0;
import static io.tidemark.engine.store.sync.SyncTestSupport.fingerprint;
import static io.tidemark.engine.store.sync.SyncTestSupport.peerId;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerStoreTest {

    @TempDir
    Path dir;

    private SyncStore store;
    private PeerStore peers;

    @BeforeEach
    void open() {
        store = SyncTestSupport.create(dir, new MutableClock(T0));
        peers = store.peers();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void roundTripsExactlyWithAnyIdLength() {
        Peer laptop = new Peer(fingerprint(1), "Ana's laptop \u2014 \u00e9t\u00e9",
                List.of("192.168.1.5:7420", "[fe80::1]:7420", "with \"quotes\", commas"), Trust.MEMBER,
                T0.plusMillis(123));
        Peer phone = new Peer(peerId(2), "phone", List.of(), Trust.NEARBY, null);
        peers.upsert(laptop);
        peers.upsert(phone);

        assertThat(peers.get(fingerprint(1))).contains(laptop);
        assertThat(peers.get(peerId(2))).contains(phone);
        assertThat(peers.get(peerId(3))).isEmpty();
        assertThat(peers.get(fingerprint(1)).orElseThrow().deviceId()).hasSize(32);
        // Ordered by device id as SQLite orders BLOBs: 0x11... before 0x9f...
        assertThat(peers.list()).containsExactly(phone, laptop);
    }

    @Test
    void upsertReplacesEveryField() {
        peers.upsert(new Peer(peerId(1), "old", List.of("a:1"), Trust.NEARBY, T0));
        Peer updated = new Peer(peerId(1), "new", List.of("b:2", "c:3"), Trust.MEMBER, null);
        peers.upsert(updated);
        assertThat(peers.list()).containsExactly(updated);
    }

    @Test
    void listsByTrustAndChangesTrust() {
        Peer a = new Peer(peerId(1), "a", List.of(), Trust.MEMBER, null);
        Peer b = new Peer(peerId(2), "b", List.of(), Trust.NEARBY, null);
        peers.upsert(a);
        peers.upsert(b);
        assertThat(peers.list(Trust.MEMBER)).containsExactly(a);

        assertThat(peers.setTrust(peerId(2), Trust.MEMBER)).isTrue();
        assertThat(peers.setTrust(peerId(1), Trust.FORGOTTEN)).isTrue();
        assertThat(peers.setTrust(peerId(9), Trust.MEMBER)).isFalse();
        assertThat(peers.list(Trust.MEMBER)).containsExactly(b.withTrust(Trust.MEMBER));
        assertThat(peers.list(Trust.FORGOTTEN)).containsExactly(a.withTrust(Trust.FORGOTTEN));
        assertThat(peers.list(Trust.NEARBY)).isEmpty();
    }

    @Test
    void touchOnlyMovesLastSeenForward() {
        peers.upsert(new Peer(peerId(1), "a", List.of(), Trust.MEMBER, null));
        assertThat(peers.touch(peerId(1), T0)).isTrue();
        assertThat(peers.get(peerId(1)).orElseThrow().lastSeen()).isEqualTo(T0);
        assertThat(peers.touch(peerId(1), T0.plusSeconds(60))).isTrue();
        assertThat(peers.touch(peerId(1), T0.plusSeconds(30))).isTrue();
        assertThat(peers.get(peerId(1)).orElseThrow().lastSeen()).isEqualTo(T0.plusSeconds(60));
        assertThat(peers.touch(peerId(7), T0)).isFalse();
        assertThat(peers.get(peerId(7))).isEmpty();
    }

    @Test
    void valuesAreImmutable() {
        byte[] id = peerId(1);
        Peer peer = new Peer(id, "a", List.of(), Trust.MEMBER, T0.plusNanos(1_500_000));
        id[15] = 99;
        peer.deviceId()[15] = 98;
        assertThat(peer.deviceId()).isEqualTo(peerId(1));
        assertThat(peer.lastSeen()).isEqualTo(T0.plusMillis(1)); // kept to the millisecond, as stored
    }

    @Test
    void anAddressUpdateNeverUndoesAForget() {
        peers.upsert(new Peer(peerId(7), "laptop", List.of("10.0.0.7:22100"), Trust.MEMBER, null));
        peers.setTrust(peerId(7), Trust.FORGOTTEN); // a forget lands between someone's read and write of addresses
        assertThat(peers.setAddresses(peerId(7), List.of("10.0.0.8:22100", "10.0.0.7:22100"))).isTrue();
        assertThat(peers.get(peerId(7))).get().satisfies(p -> {
            assertThat(p.trust()).isEqualTo(Trust.FORGOTTEN);
            assertThat(p.addresses()).containsExactly("10.0.0.8:22100", "10.0.0.7:22100");
        });
        assertThat(peers.setAddresses(peerId(99), List.of("x:1"))).isFalse();
    }
}
