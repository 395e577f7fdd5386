package io.tidemark.app.common;

import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;

/**
 * Tells when a window's next frame has been drawn: a pulse has laid its scene out while it is
 * showing, which hands that frame to the renderer, and the renderer has finished it. The app waits
 * for this before it starts anything else that wants the CPU (on two cores, opening the stores
 * beside the first frame made the window later); the self-test times the window by it.
 */
public final class FirstFrame {
    private FirstFrame() {
    }

    /**
     * Completes on the FX thread with {@link System#nanoTime()} once the renderer has finished the
     * next frame of {@code stage} laid out while it is showing. Call on the FX thread, once the stage
     * has its scene.
     */
    public static CompletableFuture<Long> next(Stage stage) {
        CompletableFuture<Long> drawn = new CompletableFuture<>();
        Scene scene = stage.getScene();
        boolean[] seen = {false};
        Runnable[] afterLayout = new Runnable[1];
        afterLayout[0] = () -> {
            if (seen[0] || !stage.isShowing()) {
                return;
            }
            seen[0] = true;
            // The pulse renders the frame after its layout, so wait for it once the pulse is over
            // (which also keeps the listener from being removed while the scene runs its listeners).
            Platform.runLater(() -> {
                scene.removePostLayoutPulseListener(afterLayout[0]);
                try {
                    // The renderer takes its jobs in order: a snapshot returns only once the frame
                    // handed over before it has been drawn. One of a single pixel costs next to nothing.
                    new Rectangle(1, 1).snapshot(null, null);
                    drawn.complete(System.nanoTime());
                } catch (RuntimeException e) {
                    drawn.completeExceptionally(e);
                }
            });
        };
        scene.addPostLayoutPulseListener(afterLayout[0]);
        Platform.requestNextPulse();
        return drawn;
    }
}
