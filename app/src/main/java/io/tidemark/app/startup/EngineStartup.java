package io.tidemark.app.startup;

import io.tidemark.app.common.I18n;
import io.tidemark.app.common.StartupTrace;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The app's engine from launch to exit, off the FX thread, in the order the window wants it: the
 * command line read at once, the stores opened (or a library created, on first launch) when the app
 * asks, which it does once its window is drawn, the network started after that, and the engine
 * closed last. On the two-core reference VM the stores opened beside the window's first frame took
 * the CPU it needed and made the window later; see the README's startup figures.
 *
 * <p>Every step runs on one thread of its own, in the order asked, so the network waits for the open
 * and {@link #close()} for whatever was asked before it. The thread is not a daemon: once a close is
 * asked, the JVM waits for it, so the stores are always closed cleanly.
 */
public final class EngineStartup {
    /** How often the engine refreshes its snapshot from the stores, on its own thread. */
    public static final long PUBLISH_PERIOD_MILLIS = 500;

    private final Locale locale;
    private final LaunchOptions options;
    private final CompletableFuture<Engine> opened = new CompletableFuture<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tidemark-engine-startup");
        t.setDaemon(false);
        return t;
    });
    private boolean openAsked;
    private CompletableFuture<Void> network;
    private CompletableFuture<Void> closed;

    private EngineStartup(List<String> args, Locale locale) {
        this.locale = locale;
        LaunchOptions parsed = null;
        try {
            parsed = LaunchOptions.parse(args);
        } catch (RuntimeException e) {
            // Known before anything is shown: the app says why instead of showing its window.
            opened.completeExceptionally(e);
        }
        this.options = parsed;
    }

    /**
     * Reads the command line ({@link LaunchOptions}); nothing is opened until {@link #open()}. A
     * command line that does not parse fails {@link #opened()} at once.
     */
    public static EngineStartup prepare(List<String> args, Locale locale) {
        return new EngineStartup(List.copyOf(args), locale);
    }

    /** Begins to open the home's library, on the startup thread; returns {@link #opened()}. Asking again changes nothing. */
    public synchronized CompletableFuture<Engine> open() {
        if (!openAsked && closed == null && options != null) {
            openAsked = true;
            CompletableFuture.supplyAsync(() -> open(options, locale), thread).whenComplete((engine, error) -> {
                if (error != null) {
                    opened.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error);
                } else {
                    opened.complete(engine);
                }
            });
        }
        return opened;
    }

    private static Engine open(LaunchOptions options, Locale locale) {
        Home home = Home.resolve(options.home());
        I18n i18n = I18n.forLocale(locale);
        // The computer's name is looked up only for a new library, as it may ask the network.
        Engine engine = EngineStarter.openOrInit(home, () -> EngineStarter.defaultDeviceName(i18n), i18n);
        try {
            engine.startPublishing(PUBLISH_PERIOD_MILLIS);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        StartupTrace.mark("engine-open");
        return engine;
    }

    /** The engine once its stores are open, or why they could not be opened. */
    public CompletableFuture<Engine> opened() {
        return opened;
    }

    /**
     * Starts the engine's network as the command line says, once it is open; returns at once. Asking
     * again returns the first request's outcome; once closing, it fails.
     */
    public synchronized CompletableFuture<Void> startNetwork() {
        if (closed != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("Tidemark is closing."));
        }
        if (network == null) {
            network = opened.thenAcceptAsync(engine -> {
                EngineStarter.startNetwork(engine, options);
                StartupTrace.mark("network-started");
            }, thread);
        }
        return network;
    }

    /**
     * Closes the engine once whatever was asked before has run (an open under way finishes first),
     * then lets the startup thread end. Never fails for an engine that did not open; an open not yet
     * asked for will not happen. Asking again returns the first close.
     */
    public synchronized CompletableFuture<Void> close() {
        if (closed == null) {
            if (!openAsked) {
                opened.completeExceptionally(new CancellationException("Tidemark closed before it opened its library."));
                closed = CompletableFuture.completedFuture(null);
                thread.shutdown();
                return closed;
            }
            CompletableFuture<?> before = network != null ? network : opened;
            closed = before.handleAsync((ignored, error) -> {
                if (!opened.isCompletedExceptionally()) {
                    opened.join().close();
                }
                return (Void) null;
            }, thread);
            closed.whenComplete((ignored, error) -> thread.shutdown());
        }
        return closed;
    }
}
