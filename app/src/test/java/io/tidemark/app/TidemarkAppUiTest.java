package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.common.I18n;
import io.tidemark.app.overview.OverviewView;
import io.tidemark.app.startup.EngineStarter;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The whole app on an empty home: the first launch creates a library named after this computer. */
class TidemarkAppUiTest {

    @Test
    void firstLaunchOnAnEmptyHomeCreatesALibraryAndShowsIt(@TempDir Path dir) throws Exception {
        Path homeDir = dir.resolve("fresh-home");
        Stage stage = FxToolkit.registerPrimaryStage();
        Application app = FxToolkit.setupApplication(TidemarkFxApp.class, "--home", homeDir.toString(),
                "--listen", "127.0.0.1:0", "--discovery", "off");
        try {
            I18n i18n = I18n.forLocale(Locale.getDefault());
            String device = EngineStarter.defaultDeviceName(i18n);
            String library = i18n.tr("startup.defaultLibraryName", device);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                    () -> i18n.tr("app.title.withLibrary", library).equals(stage.getTitle()));
            assertThat(stage.isShowing()).isTrue();
            TableView<?> table = new FxRobot().lookup("#" + OverviewView.TABLE_ID).queryAs(TableView.class);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !table.getItems().isEmpty());
        } finally {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        }
        // stop() closed the engine; the home opens again with the library the first launch made.
        I18n i18n = I18n.forLocale(Locale.getDefault());
        String device = EngineStarter.defaultDeviceName(i18n);
        try (Engine engine = Engine.open(new Home(homeDir))) {
            assertThat(engine.snapshot().device().name()).isEqualTo(device);
            assertThat(engine.snapshot().library().name()).isEqualTo(i18n.tr("startup.defaultLibraryName", device));
        }
    }
}
