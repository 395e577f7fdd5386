package io.tidemark.app;

import io.tidemark.app.common.StartupTrace;
import io.tidemark.app.startup.EngineStartup;
import io.tidemark.app.startup.LaunchOptions;
import io.tidemark.app.startup.NormalStartup;
import java.util.List;
import java.util.Locale;

/**
 * Starts the Tidemark desktop app: reads the command line, then runs {@link TidemarkFxApp}, which
 * shows the window and then opens the engine in-process.
 *
 * <p>Command line: {@code --home DIR} (else {@code TIDEMARK_HOME}, else the OS app-data folder) and the
 * network options of {@link LaunchOptions}, as for the CLI; {@code --self-test} runs the app as usual
 * and checks it ({@link SelfTestLaunch}), then exits with one line saying how it went, code 0 if it passed.
 *
 * <p>This class is deliberately not the {@code Application}: for a main class that is one, the java
 * launcher starts the toolkit before any of the app's code runs, and a missing display would end in
 * a stack trace no self-test could turn into its line.
 */
public final class TidemarkApp {
    private TidemarkApp() {
    }

    public static void main(String[] args) {
        StartupTrace.mark("main");
        if (LaunchOptions.asksForSelfTest(List.of(args))) {
            System.exit(SelfTestLaunch.run(args));
        }
        EngineStartup startup = EngineStartup.prepare(List.of(args), Locale.getDefault());
        try {
            TidemarkFxApp.launch(startup, new NormalStartup(Locale.getDefault()), args);
        } finally {
            // Also after a launch that failed (no display): no engine thread is left behind.
            startup.close();
            StartupTrace.print();
        }
    }
}
