package io.tidemark.app;

import io.tidemark.app.common.StartupTrace;
import io.tidemark.app.startup.EngineStartup;
import io.tidemark.app.startup.SelfTest;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;

/**
 * The app launched as {@code --self-test}, as a process: the launch is the normal one, judged by
 * {@link SelfTest}; this prints its one line (stdout if it passed, stderr if not), closes the engine
 * and returns the exit code. It never hangs: should the app not end after the verdict (an FX thread
 * that hangs never gets to exit), a watchdog closes the engine, reports and halts the JVM.
 */
final class SelfTestLaunch {
    /** How long the self-test waits for the engine to close after the window has gone. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    /** How long after its verdict the app may take to end on its own before it is ended outright. */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(45);

    private final SelfTest test = new SelfTest(Platform::exit);
    private final AtomicReference<SelfTest.Verdict> reported = new AtomicReference<>();

    private SelfTestLaunch() {
    }

    /** Runs the app as a self-test with the command line {@code args}; returns the exit code. */
    static int run(String[] args) {
        return new SelfTestLaunch().runApp(args);
    }

    private int runApp(String[] args) {
        EngineStartup startup = EngineStartup.prepare(List.of(args), Locale.getDefault());
        test.verdict().thenRun(() -> startWatchdog(startup));
        try {
            TidemarkFxApp.launch(startup, test, args);
        } catch (RuntimeException e) {
            test.toolkitFailed(e);
        }
        SelfTest.Verdict verdict = test.afterExit(startup.close(), CLOSE_WAIT);
        StartupTrace.print();
        report(verdict);
        return verdict.exitCode();
    }

    private void startWatchdog(EngineStartup startup) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(EXIT_GRACE.toMillis());
                SelfTest.Verdict verdict = test.verdict().join();
                startup.close().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                report(verdict.passed() ? new SelfTest.Verdict(false, "Self-test failed: the app did not end within "
                        + EXIT_GRACE.toSeconds() + " s of its verdict") : verdict);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                report(new SelfTest.Verdict(false, "Self-test failed: the app did not end, and the library did not close"));
            }
            Runtime.getRuntime().halt(reported.get().exitCode());
        }, "tidemark-self-test-watchdog");
        // A daemon, so that a self-test that ends as it should never waits for it.
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Prints the first verdict reported, and only that one. */
    private void report(SelfTest.Verdict verdict) {
        if (reported.compareAndSet(null, verdict)) {
            PrintStream out = verdict.passed() ? System.out : System.err;
            out.println(verdict.line());
            out.flush();
        }
    }
}
