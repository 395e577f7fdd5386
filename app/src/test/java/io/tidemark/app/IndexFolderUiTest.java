package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.common.Formats;
import io.tidemark.app.common.I18n;
import io.tidemark.app.common.Theme;
import io.tidemark.app.indexing.IndexingView;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.model.ResourceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** End to end: "Add folder…" indexes a real folder with the real engine, and the table follows. */
@ExtendWith(ApplicationExtension.class)
class IndexFolderUiTest {
    private static final int FILES = 24;

    @TempDir
    static Path temp;
    private static Path folder;
    private static Engine engine;

    private final I18n i18n = I18n.forLocale(Locale.ENGLISH);
    private MainView view;

    @BeforeAll
    static void setUp() throws IOException {
        folder = Files.createDirectories(temp.resolve("media"));
        for (int i = 0; i < FILES; i++) {
            Path dir = Files.createDirectories(folder.resolve("album-" + (i % 3)));
            Files.writeString(dir.resolve("photo-" + i + ".txt"), "picture " + i);
        }
        engine = Engine.init(new Home(temp.resolve("home")), "workstation", "Test library");
        engine.startPublishing(100);
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @Start
    void start(Stage stage) {
        Theme.apply();
        view = new MainView(engine, i18n, owner -> Optional.of(folder));
        view.show(stage);
    }

    @Stop
    void stop() {
        view.stop();
    }

    @Test
    void addingAFolderIndexesItAndTheTableFollows(FxRobot robot) throws Exception {
        Button add = robot.lookup("#" + IndexingView.ADD_BUTTON_ID).queryButton();
        Label status = robot.lookup("#" + IndexingView.STATUS_ID).queryAs(Label.class);

        robot.clickOn(add);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> status.getText().startsWith("Indexed media:"));

        long entries = engine.library().count(engine.identity().deviceId(), ResourceType.ENTRY);
        assertThat(entries).isGreaterThanOrEqualTo(FILES);
        assertThat(status.getText()).isEqualTo("Indexed media: " + Formats.count(entries, Locale.ENGLISH)
                + " added, 0 updated, 0 deleted, 0 skipped.");
        TableCells.Shown entryRow = new TableCells.Shown("Entry", "workstation", Formats.count(entries, Locale.ENGLISH));
        TableCells.Shown locationRow = new TableCells.Shown("Location", "workstation", "1");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> TableCells.read(robot).containsAll(List.of(entryRow, locationRow)));
        assertThat(add.isDisabled()).isFalse();
    }
}
