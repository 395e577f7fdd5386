package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.common.Formats;
import io.tidemark.app.common.I18n;
import io.tidemark.app.common.Theme;
import io.tidemark.app.testing.SampleLibrary;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SyncOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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

/**
 * The window over a generated library shows exactly its counts: one row per (type, owner) in sync
 * order, owners by name, shared types as "shared", digits grouped.
 * The rows arrive the way they do in the app: written after the window opened, published by the
 * engine's own thread and picked up by the FX thread's sampling timeline.
 */
@ExtendWith(ApplicationExtension.class)
class OverviewUiTest {
    private static final String DEVICE = "workstation";
    private static final String LIBRARY = "Test library";

    @TempDir
    static Path home;
    private static Engine engine;

    private final I18n i18n = I18n.forLocale(Locale.ENGLISH);
    private MainView view;

    @BeforeAll
    static void openEngine() {
        engine = Engine.init(new Home(home), DEVICE, LIBRARY);
        engine.startPublishing(100);
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @Start
    void start(Stage stage) {
        Theme.apply();
        view = new MainView(engine, i18n, owner -> Optional.empty());
        view.show(stage);
    }

    @Stop
    void stop() {
        view.stop();
    }

    @Test
    void tableShowsTheCountsOfAGeneratedLibrary(FxRobot robot) throws Exception {
        SampleLibrary sample = SampleLibrary.populate(engine);

        List<TableCells.Shown> expected = new ArrayList<>();
        for (ResourceType type : SyncOrder.all()) {
            List<SampleLibrary.Expected> rows = sample.expected().get(type);
            assertThat(rows).as("the sample covers %s", type).isNotNull();
            for (SampleLibrary.Expected row : rows) {
                expected.add(new TableCells.Shown(i18n.resourceType(type),
                        row.ownerName() == null ? "shared" : row.ownerName(), Formats.count(row.count(), Locale.ENGLISH)));
            }
        }

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> TableCells.read(robot).equals(expected));

        List<TableCells.Shown> shown = TableCells.read(robot);
        assertThat(shown).containsExactlyElementsOf(expected);
        // The generator's exact shape, as the spec's example states it.
        assertThat(shown).contains(new TableCells.Shown("Location", DEVICE, "3"),
                new TableCells.Shown("Entry", DEVICE, "1,250"),
                new TableCells.Shown("Entry", SampleLibrary.PEER_NAME, "40"),
                new TableCells.Shown("Device", SampleLibrary.PEER_NAME, "1"),
                new TableCells.Shown("Tag", "shared", "4"),
                new TableCells.Shown("Content identity", "shared",
                        Formats.count(sample.generated().contentIdentities(), Locale.ENGLISH)));
        assertThat(robot.lookup("#deviceName").queryAs(Label.class).getText()).isEqualTo(DEVICE);
        javafx.scene.image.Image icon = ((Stage) robot.lookup("#deviceName").query().getScene().getWindow()).getIcons().getFirst();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> icon.getProgress() == 1.0);
        assertThat(icon.isError()).as("the window's icon loads").isFalse();
        assertThat(icon.getWidth()).isEqualTo(1024);
        assertThat(robot.lookup("#deviceId").queryAs(Label.class).getText())
                .isEqualTo(engine.deviceIdentity().deviceId().toString())
                .matches("([A-Z2-7]{7}-){7}[A-Z2-7]{7}");
        assertThat(robot.lookup("#libraryName").queryAs(Label.class).getText()).isEqualTo(LIBRARY);
        assertThat(robot.lookup("#libraryId").queryAs(Label.class).getText())
                .isEqualTo(Formats.groupedId(engine.identity().libraryId()));
    }

    @Test
    void aNarrowWindowElidesTheIdsNeverTheCaptionsOrNames(FxRobot robot) {
        Stage stage = (Stage) robot.lookup("#deviceName").query().getScene().getWindow();
        robot.interact(() -> stage.setWidth(stage.getMinWidth()));
        WaitForAsyncUtils.waitForFxEvents();

        for (Label caption : robot.lookup(".header-caption").queryAllAs(Label.class)) {
            assertThat(caption.getWidth()).as("caption %s", caption.getText())
                    .isGreaterThanOrEqualTo(caption.prefWidth(-1));
        }
        Label name = robot.lookup("#libraryName").queryAs(Label.class);
        assertThat(name.getWidth()).isGreaterThanOrEqualTo(name.prefWidth(-1));
        Label id = robot.lookup("#deviceId").queryAs(Label.class);
        String deviceId = engine.deviceIdentity().deviceId().toString();
        assertThat(id.getWidth()).as("the id gives way").isLessThan(id.prefWidth(-1));
        assertThat(id.getText()).isEqualTo(deviceId);
        assertThat(id.getTooltip().getText()).isEqualTo("Device ID\n" + deviceId);
    }
}
