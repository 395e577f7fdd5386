package io.tidemark.app.testing;

import io.tidemark.app.MainView;
import io.tidemark.app.common.I18n;
import io.tidemark.app.common.Theme;
import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.api.EngineSnapshot.PeerState;
import io.tidemark.engine.api.EngineSnapshot.SyncState;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Shows the window over fake snapshots, for looking at the sync page by eye (not a test): laptop
 * backfilling a million entries, advancing 25,000 a second, and nas up to date. Arguments: the
 * member to select ({@code laptop}, {@code nas}, {@code none}, or {@code gaps} for laptop with the
 * gaps of {@link SyncSnapshots#withGaps}) and optionally a language ({@code de}). Sync controls go to
 * a {@link FakePeerActions}; a surgical recovery answers with {@link RecoveryOutcomes}.
 */
public final class PeerPageHarness extends Application {
    private final long started = System.nanoTime();
    private final Instant opened = Instant.now();

    /**
     * Starts the harness. The main class does not extend Application, so it also runs from a plain
     * class path (the java launcher refuses an Application main class without the JavaFX modules).
     */
    public static final class Main {
        private Main() {
        }

        public static void main(String[] args) {
            Application.launch(PeerPageHarness.class, args);
        }
    }

    /** Laptop with gaps (the "gaps" argument), a surgical recovery's answers ready. */
    private boolean gaps;

    private EngineSnapshot now() {
        if (gaps) {
            return SyncSnapshots.withGaps(null);
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        long done = Math.min(SyncSnapshots.TOTAL, 412_000 + seconds * 25_000);
        return SyncSnapshots.of(SyncSnapshots.laptop(SyncState.BACKFILLING, PeerState.CONNECTED, done, opened),
                SyncSnapshots.nas(opened), SyncSnapshots.events(opened));
    }

    @Override
    public void start(Stage stage) {
        List<String> args = getParameters().getRaw();
        String select = args.isEmpty() ? "laptop" : args.get(0);
        I18n i18n = I18n.forLocale(args.size() > 1 ? Locale.forLanguageTag(args.get(1)) : Locale.ENGLISH);
        Theme.apply();
        gaps = select.equals("gaps");
        FakePeerActions peers = new FakePeerActions().recovering(RecoveryOutcomes.plan(), RecoveryOutcomes.recovered());
        MainView view = new MainView(this::now,
                (folder, listener) -> CompletableFuture.failedFuture(new IllegalStateException("no indexing here")),
                peers, Runnable::run, i18n, owner -> Optional.empty());
        view.show(stage);
        Platform.runLater(() -> view.devices().select(switch (select) {
            case "laptop", "gaps" -> PeerSnapshots.LAPTOP_ID;
            case "nas" -> PeerSnapshots.NAS_ID;
            default -> null;
        }));
    }
}
