package io.tidemark.app.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineStartupTest {

    private static List<String> args(Path home) {
        return List.of("--home", home.toString(), "--listen", "127.0.0.1:0", "--discovery", "off");
    }

    @Test
    void aFirstLaunchCreatesTheLibraryWhenAskedThenTheNetworkAndClosesCleanly(@TempDir Path dir) throws Exception {
        Home home = new Home(dir.resolve("home"));
        EngineStartup startup = EngineStartup.prepare(args(home.dir()), Locale.ENGLISH);
        assertThat(startup.opened()).as("nothing opens until it is asked for").isNotDone();

        Engine engine = startup.open().get(30, TimeUnit.SECONDS);
        assertThat(engine.snapshot().library().name()).endsWith("'s library");
        assertThat(engine.peerPort()).as("no network until it is asked for").isEqualTo(-1);
        startup.startNetwork().get(30, TimeUnit.SECONDS);
        assertThat(engine.peerPort()).isPositive();
        UUID libraryId = engine.identity().libraryId();
        startup.close().get(30, TimeUnit.SECONDS);

        // Closed cleanly: SQLite folded its write-ahead logs back, and the library opens again.
        assertThat(Files.exists(home.dir().resolve("library.db-wal"))).isFalse();
        assertThat(Files.exists(home.dir().resolve("sync.db-wal"))).isFalse();
        try (Engine again = Engine.open(home)) {
            assertThat(again.identity().libraryId()).isEqualTo(libraryId);
        }
    }

    @Test
    void aCloseAskedForRightAfterTheOpenWaitsForItAndClosesWhatItOpened(@TempDir Path dir) throws Exception {
        Home home = new Home(dir);
        EngineStartup startup = EngineStartup.prepare(args(home.dir()), Locale.ENGLISH);

        startup.open();
        startup.close().get(30, TimeUnit.SECONDS);

        assertThat(startup.opened()).isCompleted();
        assertThat(Files.exists(home.libraryDb())).isTrue();
        assertThat(Files.exists(home.dir().resolve("library.db-wal"))).isFalse();
        assertThat(startup.startNetwork()).as("nothing starts once closed").isCompletedExceptionally();
    }

    @Test
    void aCloseBeforeAnyOpenOpensNothing(@TempDir Path dir) throws Exception {
        Home home = new Home(dir.resolve("never-opened"));
        EngineStartup startup = EngineStartup.prepare(args(home.dir()), Locale.ENGLISH);

        startup.close().get(10, TimeUnit.SECONDS);

        assertThat(startup.open()).isCompletedExceptionally();
        assertThat(Files.exists(home.dir())).isFalse();
    }

    @Test
    void aCommandLineThatDoesNotParseFailsTheOpenAtOnceWithItsReason() throws Exception {
        EngineStartup startup = EngineStartup.prepare(List.of("--home"), Locale.ENGLISH);

        assertThat(startup.opened()).as("known before the window is shown").isCompletedExceptionally();
        Throwable failure = catchThrowable(() -> startup.open().join());

        assertThat(failure).isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(LaunchOptions.MissingHomeValueException.class);
        startup.close().get(10, TimeUnit.SECONDS);
    }
}
