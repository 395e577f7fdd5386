package io.tidemark.app.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What counts as a window that was really drawn, for the self-test. Each check runs in a window of
 * its own: the primary stage would keep this test's small size for the UI tests after it.
 */
class RenderCheckUiTest {
    private Stage stage;

    @BeforeEach
    void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        if (stage != null) {
            WaitForAsyncUtils.asyncFx(stage::close).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWindowDrawnWithItsNodesPassesAtItsSize() throws Exception {
        Label label = new Label("Tidemark");
        label.setId("title");

        RenderCheck.Frame frame = check(new StackPane(label), List.of("title"));

        assertThat(frame.width()).isEqualTo(320);
        assertThat(frame.height()).isEqualTo(200);
        assertThat(frame.renderedNanos()).isLessThanOrEqualTo(System.nanoTime());
    }

    @Test
    void aWindowDrawnInOneColourFails() {
        Throwable failure = catchThrowable(() -> check(new Pane(), List.of()));

        assertThat(failure).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(RenderCheck.Failed.class).hasMessage("the window was drawn blank, in a single colour");
    }

    @Test
    void aWindowWithoutANodeItNeedsFails() {
        Label label = new Label("Tidemark");
        label.setId("title");

        Throwable failure = catchThrowable(() -> check(new StackPane(label), List.of("title", "countsTable")));

        assertThat(failure).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(RenderCheck.Failed.class).hasMessage("the window has no countsTable");
    }

    private RenderCheck.Frame check(Parent root, List<String> keyNodeIds) throws Exception {
        CompletableFuture<RenderCheck.Frame> frame = WaitForAsyncUtils.asyncFx(() -> {
            stage = new Stage();
            stage.setScene(new Scene(root, 320, 200, Color.WHITE));
            stage.show();
            return RenderCheck.nextFrame(stage, keyNodeIds);
        }).get(10, TimeUnit.SECONDS);
        return frame.get(10, TimeUnit.SECONDS);
    }
}
