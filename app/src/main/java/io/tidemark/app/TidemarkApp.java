package io.tidemark.app;

import io.tidemark.app.common.BackgroundExecutor;
import io.tidemark.app.common.I18n;
import io.tidemark.app.common.Theme;
import io.tidemark.app.common.UnavailablePeerActions;
import io.tidemark.app.indexing.FolderPicker;
import io.tidemark.app.startup.EngineStarter;
import io.tidemark.app.startup.LaunchOptions;
import io.tidemark.app.startup.StartupErrorDialog;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.api.PeerActions;
import java.util.Locale;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The Tidemark desktop app. The engine runs in-process: it is opened in {@link #init()} on the
 * launcher thread, shown by {@link MainView}, and closed off the FX thread when the app stops.
 *
 * <p>Command line: {@code --home DIR} (else {@code TIDEMARK_HOME}, else the OS app-data folder), as
 * for the CLI.
 */
public final class TidemarkApp extends Application {
    /** How often the engine refreshes its snapshot from the stores, on its own thread. */
    static final long PUBLISH_PERIOD_MILLIS = 500;
    /** How long stop() waits for the engine to close before letting the FX thread go. */
    private static final long CLOSE_WAIT_MILLIS = 3_000;

    private final I18n i18n = I18n.forLocale(Locale.getDefault());
    private final BackgroundExecutor background = new BackgroundExecutor("tidemark-app");
    private volatile Engine engine;
    private volatile Throwable startupFailure;
    private MainView mainView;

    public static void main(String[] args) {
        launch(args);
    }

    /** Runs on the JavaFX launcher thread, not the FX thread: the stores may be slow to open. */
    @Override
    public void init() {
        try {
            LaunchOptions options = LaunchOptions.parse(getParameters().getRaw());
            Home home = Home.resolve(options.home());
            Engine opened = EngineStarter.openOrInit(home, EngineStarter.defaultDeviceName(i18n), i18n);
            opened.startPublishing(PUBLISH_PERIOD_MILLIS);
            EngineStarter.startNetwork(opened, options);
            engine = opened;
        } catch (RuntimeException e) {
            startupFailure = e;
        }
    }

    @Override
    public void start(Stage stage) {
        Theme.apply();
        if (startupFailure != null) {
            StartupErrorDialog.show(i18n, startupFailure);
            Platform.exit();
            return;
        }
        PeerActions peers = UnavailablePeerActions.of(engine, i18n);
        mainView = new MainView(engine, peers, background::run, i18n,
                FolderPicker.directoryChooser(i18n.tr("indexing.chooser.title")));
        mainView.show(stage);
        io.tidemark.app.common.FxStallWatch.startIfAsked();
    }

    /** Stops sampling and closes the engine on a background thread, waiting a little for it. */
    @Override
    public void stop() {
        if (mainView != null) {
            mainView.stop();
        }
        Engine toClose = engine;
        engine = null;
        if (toClose != null) {
            background.run(toClose::close);
        }
        // The worker thread is not a daemon: if closing takes longer (an index finishing its batch),
        // the JVM still waits for it before exiting.
        background.shutdown(CLOSE_WAIT_MILLIS);
    }
}
