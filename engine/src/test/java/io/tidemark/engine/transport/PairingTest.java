package io.tidemark.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.api.PeerActions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Devices on loopback pair with invite codes, learn each other through members, and refuse forgotten ones. */
class PairingTest {

    static final PeerService.Timing FAST = new PeerService.Timing(Duration.ofSeconds(5), Duration.ofMillis(300),
            Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(500));

    @TempDir
    Path dir;

    private final List<Engine> engines = new ArrayList<>();

    @AfterEach
    void closeAll() {
        engines.forEach(Engine::close);
    }

    Engine device(String name) throws Exception {
        Engine e = Engine.init(new Home(dir.resolve(name)), name, name + "'s library");
        e.startNetwork(new Engine.NetworkOptions(new InetSocketAddress("127.0.0.1", 0), false, Set.of(), FAST));
        engines.add(e);
        return e;
    }

    static String id(Engine e) {
        return e.deviceIdentity().deviceId().toString();
    }

    static Optional<EngineSnapshot.Peer> peer(Engine viewer, Engine other) {
        return viewer.refreshSnapshot().peers().stream().filter(p -> p.id().equals(id(other))).findFirst();
    }

    static boolean connected(Engine a, Engine b) {
        return peer(a, b).map(p -> p.state() == EngineSnapshot.PeerState.CONNECTED).orElse(false);
    }

    @Test
    void pairIntroduceAndForget() throws Exception {
        Engine a = device("alpha");
        Engine b = device("bravo");
        Engine c = device("charlie");

        PeerActions.Invitation invite = a.invite();
        assertThat(invite.addresses()).contains("127.0.0.1:" + a.peerPort());
        PeerActions.Joined joined = b.join(invite.code(), null).get();
        assertThat(joined.libraryId()).isEqualTo(a.identity().libraryId().toString());
        assertThat(b.identity().libraryId()).isEqualTo(a.identity().libraryId());
        await().atMost(Duration.ofSeconds(20)).until(() -> connected(a, b) && connected(b, a));
        assertThat(peer(a, b).orElseThrow().name()).isEqualTo("bravo");

        // A code works once.
        assertThatThrownBy(() -> c.join(invite.code(), null).join()).isInstanceOf(CompletionException.class)
                .hasMessageContaining("already");
        assertThat(c.identity().libraryId()).isNotEqualTo(a.identity().libraryId());
        assertThat(a.sync().events().recent(100)).anySatisfy(e -> assertThat(e.event().message())
                .contains("Refused to pair").contains("already"));
        assertThat(peer(a, c)).as("a refused joiner leaves no trace but the event").isEmpty();

        // charlie pairs with bravo only, and becomes known to and connected with alpha through bravo.
        c.join(b.invite().code(), null).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> connected(a, c) && connected(c, a) && connected(b, c));
        assertThat(a.sync().events().recent(100)).anySatisfy(e -> assertThat(e.event().kind()).isEqualTo("peer.introduced"));

        // alpha forgets charlie: the connection closes and charlie is refused from then on.
        a.forget(id(c));
        await().atMost(Duration.ofSeconds(20)).until(() -> !connected(a, c) && !connected(c, a));
        assertThat(peer(a, c)).isEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> a.sync().events().recent(200).stream()
                .anyMatch(e -> e.event().kind().equals("peer.refused") && e.event().message().contains("removed from the library")));
        assertThat(connected(b, c)).isTrue();
        assertThat(connected(a, b)).isTrue();
    }

    @Test
    void wrongExpiredAndMalformedCodesAreRefusedClearly() throws Exception {
        Engine a = device("alpha");
        Engine b = device("bravo");
        String code = a.invite().code();
        char[] typo = code.toCharArray();
        int i = code.length() - 3;
        typo[i] = typo[i] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> b.join(new String(typo), null).join()).hasMessageContaining("mistyped");
        assertThatThrownBy(() -> b.join("hello", null).join()).hasMessageContaining("invite code");
        assertThatThrownBy(() -> b.join(code, "not-an-address").join()).hasMessageContaining("HOST:PORT");
        assertThat(b.identity().libraryId()).isNotEqualTo(a.identity().libraryId());
        assertThat(a.refreshSnapshot().peers()).isEmpty();
    }

    @Test
    void aHomeWithDataRefusesToJoinAnotherLibrary() throws Exception {
        Engine a = device("alpha");
        Engine b = device("bravo");
        new io.tidemark.engine.index.LibraryGenerator(b.library()).generate(new io.tidemark.engine.index.GenerateOptions(1, 10, 0, 0, 1));
        assertThatThrownBy(() -> b.join(a.invite().code(), null).join()).hasMessageContaining("already belongs");
        assertThat(b.identity().libraryName()).isEqualTo("bravo's library");
    }

    @Test
    void aMemberWithOnlyStaleAddressesIsReachedThroughAManualAddress() throws Exception {
        Engine a = device("alpha");
        Engine b = device("bravo");
        b.join(a.invite().code(), null).get();
        await().atMost(Duration.ofSeconds(20)).until(() -> connected(a, b));
        // bravo forgets every address of alpha and loses the connection.
        io.tidemark.engine.store.sync.Peer stored = b.sync().peers().list().get(0);
        b.sync().peers().upsert(new io.tidemark.engine.store.sync.Peer(stored.deviceId(), stored.name(), List.of("127.0.0.1:1"),
                stored.trust(), stored.lastSeen()));
        a.forget(id(b));
        await().atMost(Duration.ofSeconds(20)).until(() -> !connected(b, a));
        // alpha takes bravo back; bravo only reaches it because of the address typed in.
        a.close();
        engines.remove(a);
        Engine again = Engine.open(a.home());
        engines.add(again);
        again.sync().peers().setTrust(b.deviceIdentity().deviceId().bytes(), io.tidemark.engine.store.sync.Trust.MEMBER);
        again.startNetwork(new Engine.NetworkOptions(new InetSocketAddress("127.0.0.1", 0), false, Set.of(), FAST));
        assertThatThrownBy(() -> b.addAddress(id(again), "no-port")).hasMessageContaining("HOST:PORT");
        b.addAddress(id(again), "127.0.0.1:" + again.peerPort());
        await().atMost(Duration.ofSeconds(20)).until(() -> connected(b, again) && connected(again, b));
    }
}
