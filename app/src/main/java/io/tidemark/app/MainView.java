package io.tidemark.app;

import io.tidemark.app.common.I18n;
import io.tidemark.app.common.Resources;
import io.tidemark.app.common.SnapshotSampler;
import io.tidemark.app.indexing.FolderPicker;
import io.tidemark.app.indexing.IndexingView;
import io.tidemark.app.indexing.IndexingViewModel;
import io.tidemark.app.overview.OverviewView;
import io.tidemark.app.overview.OverviewViewModel;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.EngineSnapshot;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * The Tidemark window's content: the overview with the indexing bar below it, wired to one engine.
 * A {@link SnapshotSampler} reads the engine's latest snapshot on the FX thread every
 * {@link #SAMPLE_PERIOD} and passes it to the overview when it is a new one; the engine publishes new
 * snapshots from its own thread. No engine work runs on the FX thread.
 */
public final class MainView {
    /** How often the FX thread looks at the engine's snapshot. */
    public static final Duration SAMPLE_PERIOD = Duration.millis(250);

    private final I18n i18n;
    private final OverviewViewModel overview = new OverviewViewModel();
    private final IndexingViewModel indexing;
    private final SnapshotSampler<EngineSnapshot> sampler;
    private final BorderPane root;

    /** The window over {@code engine}, indexing with the engine and asking for folders with {@code picker}. */
    public MainView(Engine engine, I18n i18n, FolderPicker picker) {
        this(engine::snapshot, engine::index, i18n, picker);
    }

    /** The window over any snapshot source and indexer (tests pass their own). */
    public MainView(Supplier<EngineSnapshot> snapshots, IndexingViewModel.Indexer indexer, I18n i18n, FolderPicker picker) {
        this.i18n = Objects.requireNonNull(i18n, "i18n");
        this.indexing = new IndexingViewModel(indexer, Platform::runLater, i18n);
        this.sampler = new SnapshotSampler<>(snapshots, overview::update, SAMPLE_PERIOD);
        this.root = new BorderPane();
        root.getStyleClass().add("tidemark-root");
        root.setCenter(new OverviewView(overview, i18n).root());
        root.setBottom(new IndexingView(indexing, picker, i18n).root());
    }

    public Parent root() {
        return root;
    }

    /**
     * Puts the view in {@code stage}, titles it after the library and starts sampling. Call on the FX
     * thread, after {@link io.tidemark.app.common.Theme#apply()}.
     */
    public void show(Stage stage) {
        Scene scene = new Scene(root, 960, 680);
        scene.getStylesheets().add(Resources.stylesheet());
        stage.setScene(scene);
        stage.setMinWidth(640);
        stage.setMinHeight(420);
        stage.titleProperty().bind(overview.libraryNameProperty().map(name -> name.isEmpty()
                ? i18n.tr("app.title") : i18n.tr("app.title.withLibrary", name)));
        start();
        stage.show();
    }

    /** Starts sampling the engine's snapshot. Call on the FX thread. */
    public void start() {
        sampler.start();
    }

    /** Stops sampling. Call on the FX thread. */
    public void stop() {
        sampler.stop();
    }

    public OverviewViewModel overview() {
        return overview;
    }

    public IndexingViewModel indexing() {
        return indexing;
    }
}
