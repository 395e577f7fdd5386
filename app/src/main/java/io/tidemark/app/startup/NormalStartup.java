package io.tidemark.app.startup;

import io.tidemark.app.common.I18n;
import java.util.List;
import java.util.Locale;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * A launch as people use it: when Tidemark cannot start, the startup error dialog says why and the
 * app ends once it is closed. Everything else goes on without comment.
 */
public final class NormalStartup implements StartupObserver {
    private final Locale locale;

    public NormalStartup(Locale locale) {
        this.locale = locale;
    }

    @Override
    public void toolkitStarted() {
    }

    @Override
    public void windowDrawn(Stage stage, List<String> keyNodeIds, long drawnNanos) {
    }

    @Override
    public void libraryOpened(Stage stage, List<String> keyNodeIds) {
    }

    /** Left to JavaFX, which reports an exception in start() and ends the app, as it always did. */
    @Override
    public void windowFailed(RuntimeException error) {
        throw error;
    }

    @Override
    public void startupFailed(Throwable error) {
        // The bundle is loaded only now: a launch that works never needs it here.
        StartupErrorDialog.show(I18n.forLocale(locale), error);
        Platform.exit();
    }
}
