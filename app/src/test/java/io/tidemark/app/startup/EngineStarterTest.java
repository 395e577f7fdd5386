package io.tidemark.app.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.app.common.I18n;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineStarterTest {
    private final I18n i18n = I18n.forLocale(Locale.ENGLISH);

    @Test
    void firstLaunchCreatesALibraryNamedAfterTheComputerAndLaterLaunchesOpenIt(@TempDir Path dir) {
        Home home = new Home(dir.resolve("home"));
        UUID libraryId;
        try (Engine engine = EngineStarter.openOrInit(home, "kitchen-pc", i18n)) {
            assertThat(engine.snapshot().device().name()).isEqualTo("kitchen-pc");
            assertThat(engine.snapshot().library().name()).isEqualTo("kitchen-pc's library");
            libraryId = engine.identity().libraryId();
        }
        try (Engine engine = EngineStarter.openOrInit(home, "another-name", i18n)) {
            assertThat(engine.identity().libraryId()).isEqualTo(libraryId);
            assertThat(engine.snapshot().device().name()).isEqualTo("kitchen-pc");
        }
    }

    @Test
    void germanDefaultLibraryName(@TempDir Path dir) {
        try (Engine engine = EngineStarter.openOrInit(new Home(dir), "Küche", I18n.forLocale(Locale.GERMAN))) {
            assertThat(engine.snapshot().library().name()).isEqualTo("Bibliothek von Küche");
        }
    }

    @Test
    void aDamagedStoreFailsWithTheEnginesMessageForTheDialog(@TempDir Path dir) throws IOException {
        Home home = new Home(dir);
        Files.write(home.libraryDb(), "this is not a database, just some text that fills a page".repeat(200).getBytes());

        Throwable failure = catchThrowable(() -> EngineStarter.openOrInit(home, "pc", i18n).close());

        assertThat(failure).isInstanceOf(RuntimeException.class);
        String shown = StartupErrorDialog.messageOf(i18n, failure);
        assertThat(shown).isNotBlank().doesNotContain("\tat ");
        assertThat(Files.size(home.libraryDb())).as("the damaged file is left alone").isGreaterThan(0);
    }

    @Test
    void aMissingHomeValueIsExplainedInTheDialog() {
        assertThat(StartupErrorDialog.messageOf(i18n, new LaunchOptions.MissingHomeValueException()))
                .isEqualTo("--home needs a folder, for example --home /path/to/home.");
    }
}
