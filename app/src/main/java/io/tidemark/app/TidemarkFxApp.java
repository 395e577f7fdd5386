package io.tidemark.app;

import io.tidemark.app.common.BackgroundExecutor;
import io.tidemark.app.common.FirstFrame;
import io.tidemark.app.common.FxStallWatch;
import io.tidemark.app.common.I18n;
import io.tidemark.app.common.PendingEngine;
import io.tidemark.app.common.StartupTrace;
import io.tidemark.app.common.Theme;
import io.tidemark.app.indexing.FolderPicker;
import io.tidemark.app.startup.EngineStartup;
import io.tidemark.app.startup.NormalStartup;
import io.tidemark.app.startup.StartupObserver;
import io.tidemark.engine.api.Engine;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The Tidemark window's life as a JavaFX application, in the order that shows the window soonest: the
 * window first, as soon as the toolkit is up, laid out as usual and saying that it is opening the
 * library; once its first frame is drawn, the engine opens on its own thread ({@link EngineStartup})
 * and is handed to the window; then the network starts. On the two-core reference VM, opening the
 * stores beside the first frame made the window later (README, "Startup"), so nothing else starts
 * before that frame is drawn. The FX thread never waits for the engine, except for a bounded
 * wait for it to close when the app stops. A failure to start goes to the {@link StartupObserver}:
 * the startup error dialog in a normal launch.
 */
public final class TidemarkFxApp extends Application {
    /** How long stop() waits for the engine to close before letting the FX thread go. */
    private static final long CLOSE_WAIT_MILLIS = 3_000;
    /** How long the library waits for the window's first frame before it opens anyway. */
    private static final long FIRST_FRAME_WAIT_MILLIS = 2_000;

    /** What main() prepared: JavaFX makes the instance itself, with no way to pass anything in. */
    private static final AtomicReference<Launch> PREPARED = new AtomicReference<>();

    private record Launch(EngineStartup startup, StartupObserver observer) {
    }

    private final I18n i18n = I18n.forLocale(Locale.getDefault());
    private final BackgroundExecutor background = new BackgroundExecutor("tidemark-app");
    private final PendingEngine engine = new PendingEngine(i18n);
    private Launch launch;
    private MainView mainView;
    private boolean stopped;

    /** For JavaFX: uses what {@link #launch} prepared, or, launched any other way, starts the engine itself. */
    public TidemarkFxApp() {
    }

    /** An app over a startup already begun, reporting to {@code observer} (tests). */
    public TidemarkFxApp(EngineStartup startup, StartupObserver observer) {
        this.launch = new Launch(Objects.requireNonNull(startup, "startup"), Objects.requireNonNull(observer, "observer"));
    }

    /** Runs the app over {@code startup} until it exits. */
    static void launch(EngineStartup startup, StartupObserver observer, String[] args) {
        PREPARED.set(new Launch(startup, observer));
        Application.launch(TidemarkFxApp.class, args);
    }

    @Override
    public void init() {
        if (launch == null) {
            launch = PREPARED.getAndSet(null);
        }
        if (launch == null) {
            launch = new Launch(EngineStartup.prepare(getParameters().getRaw(), Locale.getDefault()),
                    new NormalStartup(Locale.getDefault()));
        }
        StartupTrace.mark("toolkit-up");
    }

    @Override
    public void start(Stage stage) {
        StartupObserver observer = launch.observer();
        observer.toolkitStarted();
        if (launch.startup().opened().isCompletedExceptionally()) {
            // The command line did not parse (a --home without a folder): nothing to show but why.
            Theme.apply();
            observer.startupFailed(causeOf(launch.startup().opened()));
            return;
        }
        CompletableFuture<Long> drawn;
        try {
            Theme.apply();
            StartupTrace.mark("theme-applied");
            mainView = new MainView(engine::snapshot, engine::index, engine, background::run, i18n,
                    FolderPicker.directoryChooser(i18n.tr("indexing.chooser.title")));
            StartupTrace.mark("view-built");
            mainView.show(stage);
            drawn = FirstFrame.next(stage);
        } catch (RuntimeException e) {
            observer.windowFailed(e);
            return;
        }
        StartupTrace.mark("window-shown");
        FxStallWatch.startIfAsked();
        drawn.whenComplete((nanos, error) -> {
            if (error != null) {
                observer.windowFailed(error instanceof RuntimeException r ? r : new IllegalStateException(error));
            } else {
                StartupTrace.mark("first-frame");
                observer.windowDrawn(stage, MainView.KEY_NODE_IDS, nanos);
            }
        });
        // The library opens once the first frame is drawn, or after a while if it never is (a window
        // that starts minimised, say).
        drawn.handle((nanos, error) -> nanos)
                .applyToEither(CompletableFuture.supplyAsync(() -> 0L,
                        CompletableFuture.delayedExecutor(FIRST_FRAME_WAIT_MILLIS, TimeUnit.MILLISECONDS)), nanos -> nanos)
                .thenRun(() -> openLibrary(stage));
    }

    /** Opens the library on the engine's startup thread; shows it when it is open. Any thread. */
    private void openLibrary(Stage stage) {
        launch.startup().open().whenComplete((open, error) -> Platform.runLater(() -> {
            if (error != null) {
                failed(error);
            } else {
                attach(stage, open);
            }
        }));
    }

    /** The engine has opened: the window shows it, and the network starts. On the FX thread. */
    private void attach(Stage stage, Engine open) {
        if (stopped) {
            return;
        }
        engine.attach(open);
        mainView.refresh();
        StartupTrace.mark("library-shown");
        launch.startup().startNetwork().whenComplete((ok, error) -> Platform.runLater(() -> {
            if (error != null) {
                failed(error);
            } else if (!stopped) {
                launch.observer().libraryOpened(stage, MainView.KEY_NODE_IDS);
            }
        }));
    }

    private void failed(Throwable error) {
        if (!stopped) {
            launch.observer().startupFailed(unwrap(error));
        }
    }

    /** Stops sampling and closes the engine on its own thread, waiting a little for it. */
    @Override
    public void stop() {
        stopped = true;
        if (mainView != null) {
            mainView.stop();
        }
        CompletableFuture<Void> closed = launch == null ? CompletableFuture.completedFuture(null) : launch.startup().close();
        try {
            // The engine's thread is not a daemon: if closing takes longer (an index finishing its
            // batch), the JVM still waits for it before exiting.
            closed.get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Not the FX thread's to wait for any longer; a failed close has nothing left to show.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        background.shutdown(0);
    }

    private static Throwable causeOf(CompletableFuture<?> failed) {
        return unwrap(failed.handle((value, error) -> error).join());
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
