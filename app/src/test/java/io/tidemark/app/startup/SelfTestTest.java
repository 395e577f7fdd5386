package io.tidemark.app.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The self-test's verdicts on launches that go wrong, each one line for a person or a script. */
class SelfTestTest {

    @Test
    void withoutADisplayItSaysSoAndElseWhatJavaFxSaid() {
        Throwable launchFailed = new RuntimeException("Application launch failed",
                new UnsupportedOperationException("Unable to open DISPLAY"));

        assertThat(SelfTest.toolkitFailure(launchFailed, "Linux", Map.of()))
                .isEqualTo("no display to open the window on (DISPLAY is not set)");
        assertThat(SelfTest.toolkitFailure(launchFailed, "Linux", Map.of("DISPLAY", ":21")))
                .isEqualTo("could not start JavaFX: Unable to open DISPLAY");
        assertThat(SelfTest.toolkitFailure(launchFailed, "Mac OS X", Map.of()))
                .isEqualTo("could not start JavaFX: Unable to open DISPLAY");
    }

    @Test
    void aToolkitThatCannotStartFailsTheTest() {
        SelfTest test = new SelfTest(() -> { });

        test.toolkitFailed(new RuntimeException(new UnsupportedOperationException("Unable to open DISPLAY")));

        SelfTest.Verdict verdict = test.afterExit(CompletableFuture.completedFuture(null), Duration.ofSeconds(1));
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.exitCode()).isNotZero();
        assertThat(verdict.line()).startsWith("Self-test failed: ").doesNotContain("\n");
    }

    @Test
    void anUncaughtExceptionOnTheFxThreadFailsTheTest() throws Exception {
        FxToolkit.registerPrimaryStage();
        Thread.UncaughtExceptionHandler before = WaitForAsyncUtils.asyncFx(
                () -> Thread.currentThread().getUncaughtExceptionHandler()).get();
        SelfTest test = new SelfTest(() -> { });
        try {
            WaitForAsyncUtils.asyncFx(test::toolkitStarted).get();
            Platform.runLater(() -> {
                throw new IllegalStateException("the overview\nbroke");
            });

            SelfTest.Verdict verdict = test.verdict().get(10, TimeUnit.SECONDS);

            assertThat(verdict.line()).isEqualTo("Self-test failed: uncaught IllegalStateException on the FX thread: the overview broke");
        } finally {
            WaitForAsyncUtils.asyncFx(() -> Thread.currentThread().setUncaughtExceptionHandler(before)).get();
        }
    }

    @Test
    void nothingDrawnInTimeFailsTheTest() throws Exception {
        SelfTest test = new SelfTest(() -> { }, Duration.ofSeconds(1));

        SelfTest.Verdict verdict = test.verdict().get(10, TimeUnit.SECONDS);

        assertThat(verdict.line()).isEqualTo("Self-test failed: nothing was drawn within 1 s");
    }

    @Test
    void anAppThatEndsBeforeItsWindowWasDrawnFails() {
        SelfTest test = new SelfTest(() -> { });

        SelfTest.Verdict verdict = test.afterExit(CompletableFuture.completedFuture(null), Duration.ofSeconds(1));

        assertThat(verdict.line()).isEqualTo("Self-test failed: the app ended before its window was drawn");
    }

    @Test
    void aLibraryThatCannotOpenFailsWithTheDialogsText() {
        SelfTest test = new SelfTest(() -> { });

        test.startupFailed(new LaunchOptions.MissingHomeValueException());

        assertThat(test.verdict().join().line())
                .isEqualTo("Self-test failed: Tidemark could not open its library: --home needs a folder, for example --home /path/to/home.");
    }
}
