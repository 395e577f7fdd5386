package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.startup.EngineStartup;
import io.tidemark.app.startup.SelfTest;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.application.Application;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * {@code --self-test} over the whole app, headless: the launch the installers run, judged the way they
 * read it. The app is ended by the test (TestFX's toolkit must outlive it) instead of by Platform.exit.
 */
class SelfTestUiTest {
    /** What the other engineer's benchmark parses out of the line. */
    private static final Pattern BENCHMARK = Pattern.compile("shown (\\d+) ms after launch");

    @Test
    void passesOnARealHomeWithTheLineTheBenchmarkReads(@TempDir Path dir) throws Exception {
        Path homeDir = dir.resolve("first-launch");

        SelfTest.Verdict verdict = run(homeDir);

        assertThat(verdict.line()).matches("Self-test passed: window shown \\d+ ms after launch, rendered [1-9]\\d*x[1-9]\\d*");
        assertThat(verdict.exitCode()).isZero();
        Matcher figure = BENCHMARK.matcher(verdict.line());
        assertThat(figure.find()).isTrue();
        assertThat(Long.parseLong(figure.group(1))).isPositive();
        // A first launch made a library there, and the engine closed it: it opens again.
        try (Engine engine = Engine.open(new Home(homeDir))) {
            assertThat(engine.snapshot().library().name()).isNotBlank();
        }
    }

    @Test
    void failsWithAPlainReasonWhenTheHomeCannotBeOpened(@TempDir Path dir) throws Exception {
        byte[] damaged = "this is not a database, just some text that fills a page".repeat(200).getBytes();
        Files.write(new Home(dir).libraryDb(), damaged);

        SelfTest.Verdict verdict = run(dir);

        assertThat(verdict.exitCode()).isNotZero();
        assertThat(verdict.line())
                .startsWith("Self-test failed: Tidemark could not open its library: ")
                .contains("library.db")
                .doesNotContain("\n", "\tat ", "Exception");
        assertThat(Files.readAllBytes(new Home(dir).libraryDb())).as("the damaged file is left alone").isEqualTo(damaged);
    }

    private static SelfTest.Verdict run(Path homeDir) throws Exception {
        List<String> args = List.of("--self-test", "--home", homeDir.toString(), "--listen", "127.0.0.1:0",
                "--discovery", "off");
        SelfTest test = new SelfTest(() -> { });
        EngineStartup startup = EngineStartup.prepare(args, Locale.ENGLISH);
        FxToolkit.registerPrimaryStage();
        // The self-test takes over the FX thread's uncaught exceptions; the next test class gets them back.
        Thread.UncaughtExceptionHandler before = WaitForAsyncUtils.asyncFx(
                () -> Thread.currentThread().getUncaughtExceptionHandler()).get();
        Application app = FxToolkit.setupApplication(() -> new TidemarkFxApp(startup, test));
        try {
            test.verdict().get(SelfTest.TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
        } finally {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
            WaitForAsyncUtils.asyncFx(() -> Thread.currentThread().setUncaughtExceptionHandler(before)).get();
        }
        return test.afterExit(startup.close(), Duration.ofSeconds(30));
    }
}
