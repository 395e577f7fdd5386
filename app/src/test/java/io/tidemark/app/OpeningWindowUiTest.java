package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.app.common.I18n;
import io.tidemark.app.common.PendingEngine;
import io.tidemark.app.common.Theme;
import io.tidemark.app.indexing.IndexingView;
import io.tidemark.app.overview.OverviewView;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;

/**
 * The window as the app first shows it, before the engine has opened the library: laid out as usual,
 * saying it is opening the library, with nothing offered that cannot work yet; filled in once the
 * engine is handed over.
 */
@ExtendWith(ApplicationExtension.class)
class OpeningWindowUiTest {
    @TempDir
    Path home;

    private final I18n i18n = I18n.forLocale(Locale.ENGLISH);
    private final PendingEngine pending = new PendingEngine(i18n);
    private MainView view;
    private Engine engine;

    @Start
    void start(Stage stage) {
        Theme.apply();
        view = new MainView(pending::snapshot, pending::index, pending, ForkJoinPool.commonPool(), i18n,
                owner -> Optional.empty());
        view.show(stage);
    }

    @Stop
    void stop() {
        view.stop();
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void theWindowSaysItIsOpeningTheLibraryUntilTheEngineIsHandedOver(FxRobot robot) {
        TableView<?> table = robot.lookup("#" + OverviewView.TABLE_ID).queryAs(TableView.class);
        Button addFolder = robot.lookup("#" + IndexingView.ADD_BUTTON_ID).queryButton();
        Label status = robot.lookup("#" + IndexingView.STATUS_ID).queryAs(Label.class);

        assertThat(((Label) table.getPlaceholder()).getText()).isEqualTo("Opening the library\u2026");
        assertThat(table.getItems()).isEmpty();
        assertThat(addFolder.isDisabled()).isTrue();
        assertThat(status.getText()).isEmpty();
        assertThat(catchThrowable(pending::invite)).hasMessage("Tidemark is still opening its library.");

        engine = Engine.init(new Home(home), "desk", "Desk library");
        robot.interact(() -> {
            pending.attach(engine);
            view.refresh();
        });

        assertThat(table.getItems()).isNotEmpty();
        assertThat(robot.lookup("#libraryName").queryAs(Label.class).getText()).isEqualTo("Desk library");
        assertThat(addFolder.isDisabled()).isFalse();
        assertThat(status.getText()).isEqualTo("Ready.");
        assertThat(((Label) table.getPlaceholder()).getText()).isEqualTo("This library holds no records yet.");
    }
}
