package io.tidemark.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.engine.api.control.ControlClient;
import io.tidemark.engine.api.control.ControlServer;
import io.tidemark.engine.store.StoreException;
import io.tidemark.engine.transport.PeerService;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One running engine per home, told by the home's lock: a second is refused, a stale daemon record is ignored. */
class HomeLockTest {

    @TempDir
    Path dir;

    private static Engine.NetworkOptions loopback() {
        return new Engine.NetworkOptions(new InetSocketAddress("127.0.0.1", 0), false, Set.of(), PeerService.Timing.DEFAULT);
    }

    @Test
    void aSecondEngineOnTheSameHomeIsRefusedUntilTheFirstStops() throws Exception {
        Home home = new Home(dir.resolve("home"));
        Engine.init(home, "alpha", "lib").close();
        Engine first = Engine.open(home);
        first.startNetwork(loopback());
        assertThat(HomeLockProbe.isHeld(home)).isTrue();
        try (Engine second = Engine.open(home)) {
            // Reading and one-off writes need no lock: the CLI's generate and status work beside a daemon.
            assertThat(second.library().devices()).hasSize(1);
            assertThatThrownBy(() -> second.startNetwork(loopback())).isInstanceOf(StoreException.class)
                    .hasMessage("Another Tidemark (the app or a daemon, process " + ProcessHandle.current().pid() + ") is already running on "
                            + home.dir() + ". Stop it first, or use the command line against it (tidemark status, pause, …).");
            assertThatThrownBy(() -> ControlServer.start(second, 0)).isInstanceOf(StoreException.class);
            first.close();
            assertThat(HomeLockProbe.isHeld(home)).isFalse();
            second.startNetwork(loopback());
            assertThat(HomeLockProbe.isHeld(home)).isTrue();
        }
        assertThat(HomeLockProbe.isHeld(home)).as("closing the engine lets go").isFalse();
    }

    @Test
    void aDaemonRecordWithoutTheLockIsStaleEvenIfItsPidIsAlive() throws Exception {
        Home home = new Home(dir.resolve("home"));
        try (Engine engine = Engine.init(home, "alpha", "lib")) {
            try (ControlServer server = ControlServer.start(engine, 0)) {
                assertThat(ControlClient.find(home)).isPresent();
            }
        }
        // As a killed daemon leaves it, naming a pid that now belongs to another live process (this one).
        Files.writeString(home.dir().resolve("daemon.json"), "{\"port\":" + 40_000 + ",\"pid\":" + ProcessHandle.current().pid() + "}");
        assertThat(Files.exists(home.dir().resolve("control.token"))).isTrue();
        assertThat(ControlClient.find(home)).as("no engine holds the home").isEmpty();
    }
}
