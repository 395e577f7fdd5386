package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.common.I18n;
import io.tidemark.app.common.Theme;
import io.tidemark.app.indexing.IndexingView;
import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.index.IndexListener;
import io.tidemark.engine.index.IndexProgress;
import io.tidemark.engine.index.IndexReport;
import io.tidemark.engine.index.SkippedPath;
import io.tidemark.engine.model.ResourceType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Add folder…" with a stand-in indexer the test drives: while it runs the button is disabled, the
 * bar and the current path show the engine thread's latest progress and the window keeps answering;
 * the outcome, or the error's message, ends up in the status line.
 */
@ExtendWith(ApplicationExtension.class)
class AddFolderUiTest {
    private static final Path FOLDER = Path.of("/srv/archive/Photos");

    private final I18n i18n = I18n.forLocale(Locale.ENGLISH);
    private final AtomicReference<IndexListener> listener = new AtomicReference<>();
    private volatile CompletableFuture<IndexReport> result = new CompletableFuture<>();
    private MainView view;

    @Start
    void start(Stage stage) {
        Theme.apply();
        UUID device = UUID.randomUUID();
        EngineSnapshot snapshot = new EngineSnapshot(new EngineSnapshot.Device(device, "workstation"),
                new EngineSnapshot.Library(UUID.randomUUID(), "Test library"),
                List.of(new EngineSnapshot.Count(device, "workstation", ResourceType.DEVICE, 1)), List.of(), List.of(), Instant.now());
        view = new MainView(() -> snapshot, (folder, l) -> {
            listener.set(l);
            return result;
        }, i18n, owner -> Optional.of(FOLDER));
        view.show(stage);
    }

    @Stop
    void stop() {
        view.stop();
    }

    @Test
    void indexingShowsProgressKeepsTheWindowResponsiveAndEndsWithASummary(FxRobot robot) throws Exception {
        Button add = robot.lookup("#" + IndexingView.ADD_BUTTON_ID).queryButton();
        ProgressBar bar = robot.lookup("#" + IndexingView.PROGRESS_ID).queryAs(ProgressBar.class);
        Label status = robot.lookup("#" + IndexingView.STATUS_ID).queryAs(Label.class);
        assertThat(bar.isVisible()).isFalse();
        assertThat(add.getText()).isEqualTo("Add folder…");

        robot.clickOn(add);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> listener.get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(add.isDisabled()).isTrue();
        assertThat(bar.isVisible()).isTrue();
        assertThat(bar.getProgress()).isEqualTo(ProgressBar.INDETERMINATE_PROGRESS);
        assertThat(status.getText()).isEqualTo("Indexing Photos…");

        // The engine reports from its own thread, faster than the screen can show.
        Thread engineThread = new Thread(() -> {
            for (int i = 1; i <= 5_000; i++) {
                listener.get().onProgress(new IndexProgress(i, -1, i * 10L, FOLDER + "/2019/img-" + i + ".jpg"));
            }
            listener.get().onProgress(new IndexProgress(120, 400, 123_456, FOLDER + "/2021/beach.jpg"));
        }, "stand-in-engine");
        engineThread.start();
        engineThread.join(TimeUnit.SECONDS.toMillis(10));

        Label progressText = robot.lookup("#" + IndexingView.PROGRESS_TEXT_ID).queryAs(Label.class);
        Label currentPath = robot.lookup("#" + IndexingView.CURRENT_PATH_ID).queryAs(Label.class);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> "120 of 400 entries".equals(progressText.getText()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(bar.getProgress()).isEqualTo(0.3);
        assertThat(currentPath.getText()).isEqualTo(FOLDER + "/2021/beach.jpg");

        // Still indexing, and the FX thread answers at once.
        assertThat(WaitForAsyncUtils.asyncFx(() -> add.isDisabled()).get(2, TimeUnit.SECONDS)).isTrue();

        result.complete(new IndexReport(UUID.randomUUID(), FOLDER.toString(), 1_118, 2, 1, 279, 123_456,
                List.of(new SkippedPath(FOLDER + "/locked", "unreadable")), Duration.ofSeconds(3)));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !add.isDisabled());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status.getText()).isEqualTo("Indexed Photos: 1,118 added, 2 updated, 1 deleted, 1 skipped.");
        assertThat(status.getStyleClass()).contains("status-done");
        assertThat(bar.isVisible()).isFalse();
        assertThat(currentPath.getText()).isEmpty();
        assertThat(currentPath.getParent().isVisible()).as("the progress details are hidden").isFalse();
    }

    @Test
    void aFailedIndexShowsTheEnginesMessageInTheStatusLine(FxRobot robot) throws Exception {
        result = CompletableFuture.failedFuture(
                new java.util.concurrent.CompletionException(new IllegalArgumentException("Not a folder: " + FOLDER)));
        Button add = robot.lookup("#" + IndexingView.ADD_BUTTON_ID).queryButton();
        Label status = robot.lookup("#" + IndexingView.STATUS_ID).queryAs(Label.class);

        robot.clickOn(add);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> status.getText().equals("Could not index Photos: Not a folder: " + FOLDER));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status.getStyleClass()).contains("status-failed");
        assertThat(add.isDisabled()).isFalse();
        assertThat(status.getText()).doesNotContain("Exception");
        assertThat(Platform.isFxApplicationThread()).isFalse();
    }
}
