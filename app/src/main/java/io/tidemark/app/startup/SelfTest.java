package io.tidemark.app.startup;

import io.tidemark.app.common.I18n;
import io.tidemark.app.common.LaunchClock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Judges a launch run with {@code --self-test}: the app starts exactly as it always does, and this
 * checks that its window was really drawn ({@link RenderCheck}), that the library opened and the
 * window showed it, and that the engine closed again; then it ends the app. The installers run it as
 * a smoke test of the packaged app and to train the JVM's AOT cache, and a benchmark reads the figure
 * in its line, so the verdict is one line: {@code Self-test passed: window shown 812 ms after launch,
 * rendered 1100x720}, or {@code Self-test failed: } and why, in plain words.
 *
 * <p>"Shown" is when the renderer had finished the window's first frame, counted from the start of the
 * process ({@link LaunchClock}). The test fails after {@link #TIMEOUT} without a verdict.
 */
public final class SelfTest implements StartupObserver {
    /** How long the window and the library may take before the test gives up. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** What the test found: the line to print (stdout if it passed, else stderr) and the exit code. */
    public record Verdict(boolean passed, String line) {
        public int exitCode() {
            return passed ? 0 : 1;
        }
    }

    private static final String PASSED = "Self-test passed: ";
    private static final String FAILED = "Self-test failed: ";

    /** Engine messages are English; so are these lines, which scripts and logs read. */
    private final I18n english = I18n.forLocale(Locale.ENGLISH);
    private final Runnable endApp;
    private final CompletableFuture<Verdict> verdict = new CompletableFuture<>();
    private final CompletableFuture<RenderCheck.Frame> firstFrame = new CompletableFuture<>();
    private final CompletableFuture<RenderCheck.Frame> libraryFrame = new CompletableFuture<>();

    /**
     * Starts the clock of {@link #TIMEOUT}.
     *
     * @param endApp ends the app once there is a verdict ({@code Platform::exit}); called on the FX thread
     */
    public SelfTest(Runnable endApp) {
        this(endApp, TIMEOUT);
    }

    /** A test that gives up after {@code timeout} (tests of the test). */
    SelfTest(Runnable endApp, Duration timeout) {
        this.endApp = Objects.requireNonNull(endApp, "endApp");
        firstFrame.thenCombine(libraryFrame, (first, library) -> first)
                .thenApplyAsync(SelfTest::passed) // reads /proc, so not on the FX thread
                .whenComplete((passed, error) -> decide(passed != null ? passed : failed(reasonOf(error))));
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> decide(failed(
                firstFrame.isDone() ? "the library did not open within " + timeout.toSeconds() + " s"
                        : "nothing was drawn within " + timeout.toSeconds() + " s")));
    }

    /** The verdict, once there is one. */
    public CompletableFuture<Verdict> verdict() {
        return verdict;
    }

    @Override
    public void toolkitStarted() {
        Thread.currentThread().setUncaughtExceptionHandler((thread, error) -> decide(failed(
                "uncaught " + error.getClass().getSimpleName() + " on the FX thread" + detail(error))));
    }

    @Override
    public void windowDrawn(Stage stage, List<String> keyNodeIds, long drawnNanos) {
        try {
            firstFrame.complete(RenderCheck.check(stage, keyNodeIds, drawnNanos));
        } catch (RuntimeException e) {
            firstFrame.completeExceptionally(e);
        }
    }

    @Override
    public void libraryOpened(Stage stage, List<String> keyNodeIds) {
        // Drawn once more with the library in it: the rows and the sidebar render too.
        RenderCheck.nextFrame(stage, keyNodeIds).whenComplete((frame, error) -> {
            if (error != null) {
                libraryFrame.completeExceptionally(error);
            } else {
                libraryFrame.complete(frame);
            }
        });
    }

    @Override
    public void windowFailed(RuntimeException error) {
        decide(failed("the window could not be built: " + error.getClass().getSimpleName() + detail(error)));
    }

    @Override
    public void startupFailed(Throwable error) {
        decide(failed("Tidemark could not open its library: " + StartupErrorDialog.messageOf(english, error)));
    }

    /** The toolkit could not start, so there is no window: {@code error} is what {@code Application.launch} threw. */
    public void toolkitFailed(Throwable error) {
        decide(failed(toolkitFailure(error, System.getProperty("os.name", ""), System.getenv())));
    }

    /** Why the toolkit could not start: on Linux without a display, that; else what JavaFX said. */
    static String toolkitFailure(Throwable error, String osName, Map<String, String> env) {
        boolean linux = osName.toLowerCase(Locale.ROOT).startsWith("linux");
        if (linux && isBlank(env.get("DISPLAY")) && isBlank(env.get("WAYLAND_DISPLAY"))) {
            return "no display to open the window on (DISPLAY is not set)";
        }
        return "could not start JavaFX: " + innermostMessage(error);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * The app has ended (its launch returned); if that came before a verdict, the window was never
     * checked. Then waits at most {@code wait} for the engine to close and returns the final verdict:
     * a test that passed fails after all if the library did not close cleanly.
     */
    public Verdict afterExit(CompletableFuture<Void> engineClosed, Duration wait) {
        decide(failed("the app ended before its window was drawn"));
        Verdict found = verdict.join();
        try {
            engineClosed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return found;
        } catch (TimeoutException e) {
            return found.passed() ? failed("the library did not close within " + wait.toSeconds() + " s") : found;
        } catch (ExecutionException e) {
            return found.passed() ? failed("the library did not close cleanly: " + reasonOf(e.getCause())) : found;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return found.passed() ? failed("interrupted while the library closed") : found;
        }
    }

    /** The first verdict stands; once there is one, the app ends. */
    private void decide(Verdict found) {
        if (verdict.complete(found)) {
            try {
                Platform.runLater(endApp);
            } catch (IllegalStateException e) {
                // No toolkit: it never started or has ended already, so there is no app left to end.
            }
        }
    }

    private static Verdict passed(RenderCheck.Frame first) {
        OptionalLong shown = LaunchClock.millisAfterLaunch(first.renderedNanos());
        if (shown.isEmpty()) {
            return failed("this system does not say when the process started");
        }
        return new Verdict(true, PASSED + "window shown " + shown.getAsLong() + " ms after launch, rendered "
                + first.width() + "x" + first.height());
    }

    private static Verdict failed(String reason) {
        return new Verdict(false, FAILED + oneLine(reason));
    }

    private static String reasonOf(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RenderCheck.Failed) {
            return t.getMessage();
        }
        return t.getClass().getSimpleName() + detail(t);
    }

    private static String detail(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? "" : ": " + message;
    }

    private static String innermostMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
