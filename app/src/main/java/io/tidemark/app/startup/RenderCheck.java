package io.tidemark.app.startup;

import io.tidemark.app.common.FirstFrame;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

/**
 * Checks that a window has really been drawn, not merely asked to show: its next frame has been
 * drawn ({@link FirstFrame}), it is still showing, the nodes it needs are in it, and its scene renders
 * to a picture of more than one colour. Call on the FX thread.
 */
final class RenderCheck {

    /**
     * A frame that passed.
     *
     * @param renderedNanos {@link System#nanoTime()} once the renderer had finished the frame (before
     *                      the checks, whose own snapshot is not part of the window's time)
     * @param width         the scene's width as rendered, in pixels
     * @param height        its height
     */
    record Frame(long renderedNanos, int width, int height) {
    }

    /** Why a frame did not pass, in words for a person. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(String reason) {
            super(reason);
        }
    }

    private RenderCheck() {
    }

    /** The next frame of {@code stage} laid out while it is showing, once checked; fails with {@link Failed}. */
    static CompletableFuture<Frame> nextFrame(Stage stage, List<String> keyNodeIds) {
        Scene scene = stage.getScene();
        if (scene == null) {
            return CompletableFuture.failedFuture(new Failed("the window has no content"));
        }
        return FirstFrame.next(stage).thenApply(renderedNanos -> check(stage, keyNodeIds, renderedNanos));
    }

    /** Checks the frame of {@code stage} that the renderer finished at {@code renderedNanos}; throws {@link Failed}. */
    static Frame check(Stage stage, List<String> keyNodeIds, long renderedNanos) {
        Scene scene = stage.getScene();
        if (scene == null) {
            throw new Failed("the window has no content");
        }
        if (!stage.isShowing()) {
            throw new Failed("the window closed before it was drawn");
        }
        for (String id : keyNodeIds) {
            Node node = scene.lookup("#" + id);
            if (node == null || !node.isVisible()) {
                throw new Failed("the window has no " + id);
            }
        }
        WritableImage picture = scene.snapshot(null);
        int width = (int) picture.getWidth();
        int height = (int) picture.getHeight();
        if (width == 0 || height == 0) {
            throw new Failed("the window was drawn with no size");
        }
        if (!hasTwoColours(picture.getPixelReader(), width, height)) {
            throw new Failed("the window was drawn blank, in a single colour");
        }
        return new Frame(renderedNanos, width, height);
    }

    private static boolean hasTwoColours(PixelReader pixels, int width, int height) {
        int[] row = new int[width];
        int first = 0;
        for (int y = 0; y < height; y++) {
            pixels.getPixels(0, y, width, 1, PixelFormat.getIntArgbInstance(), row, 0, width);
            if (y == 0) {
                first = row[0];
            }
            for (int argb : row) {
                if (argb != first) {
                    return true;
                }
            }
        }
        return false;
    }
}
