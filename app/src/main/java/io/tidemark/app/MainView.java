package io.tidemark.app;

import io.tidemark.app.common.I18n;
import io.tidemark.app.common.Resources;
import io.tidemark.app.common.SnapshotSampler;
import io.tidemark.app.common.UnavailablePeerActions;
import io.tidemark.app.common.WindowPlacement;
import io.tidemark.app.devices.DevicesView;
import io.tidemark.app.devices.DevicesViewModel;
import io.tidemark.app.indexing.FolderPicker;
import io.tidemark.app.indexing.IndexingView;
import io.tidemark.app.indexing.IndexingViewModel;
import io.tidemark.app.overview.OverviewView;
import io.tidemark.app.overview.OverviewViewModel;
import io.tidemark.app.pairing.InviteDialog;
import io.tidemark.app.pairing.InviteViewModel;
import io.tidemark.app.pairing.JoinDialog;
import io.tidemark.app.pairing.JoinViewModel;
import io.tidemark.app.peer.PeerView;
import io.tidemark.app.peer.PeerViewModel;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.api.PeerActions;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;

/**
 * The Tidemark window's content: the devices sidebar on the left, the overview with the indexing bar
 * below it, wired to one engine. Selecting a member in the sidebar puts its sync page where the
 * overview was; the page's back button, or choosing this device, brings the overview back.
 * A {@link SnapshotSampler} reads the engine's latest snapshot on the FX thread every
 * {@link #SAMPLE_PERIOD} and passes it to the overview, the sidebar and the member page when it is a new one; the engine publishes new
 * snapshots from its own thread. No engine work runs on the FX thread. Until the first snapshot (the
 * app shows the window while the engine is still opening the library) the table says the library is
 * opening and no folder can be added.
 */
public final class MainView {
    /** How often the FX thread looks at the engine's snapshot. */
    public static final Duration SAMPLE_PERIOD = Duration.millis(250);
    /** Ids of the nodes without which the window is of no use: the sidebar, the counts, "Add folder…". */
    public static final List<String> KEY_NODE_IDS = List.of(DevicesView.ROOT_ID, OverviewView.TABLE_ID,
            IndexingView.ADD_BUTTON_ID);

    private final I18n i18n;
    private final OverviewViewModel overview = new OverviewViewModel();
    private final IndexingViewModel indexing;
    private final DevicesViewModel devices;
    private final PeerViewModel peer;
    private final PeerActions peers;
    private final Executor background;
    private final SnapshotSampler<EngineSnapshot> sampler;
    private final BorderPane root;

    /**
     * The window over {@code engine}, indexing with the engine and asking for folders with {@code picker}.
     * Device actions go to the engine when it supports them; they run on the common pool.
     */
    public MainView(Engine engine, I18n i18n, FolderPicker picker) {
        this(engine, UnavailablePeerActions.of(engine, i18n), ForkJoinPool.commonPool(), i18n, picker);
    }

    /**
     * The window over {@code engine}, with device actions by {@code peers} run on {@code background}
     * (the app's {@link io.tidemark.app.common.BackgroundExecutor}).
     */
    public MainView(Engine engine, PeerActions peers, Executor background, I18n i18n, FolderPicker picker) {
        this(engine::snapshot, engine::index, peers, background, i18n, picker);
    }

    /** The window over any snapshot source and indexer, without device actions (tests pass their own). */
    public MainView(Supplier<EngineSnapshot> snapshots, IndexingViewModel.Indexer indexer, I18n i18n, FolderPicker picker) {
        this(snapshots, indexer, new UnavailablePeerActions(i18n), ForkJoinPool.commonPool(), i18n, picker);
    }

    /** The window over any snapshot source, indexer and device actions (tests pass their own). */
    public MainView(Supplier<EngineSnapshot> snapshots, IndexingViewModel.Indexer indexer, PeerActions peers,
                    Executor background, I18n i18n, FolderPicker picker) {
        this.i18n = Objects.requireNonNull(i18n, "i18n");
        this.peers = Objects.requireNonNull(peers, "peers");
        this.background = Objects.requireNonNull(background, "background");
        this.indexing = new IndexingViewModel(indexer, Platform::runLater, i18n);
        this.devices = new DevicesViewModel(peers, background, Platform::runLater, i18n, Clock.systemUTC());
        // The member page shows times in the zone of this computer.
        this.peer = new PeerViewModel(peers, background, Platform::runLater, i18n, Clock.systemDefaultZone());
        this.sampler = new SnapshotSampler<EngineSnapshot>(snapshots, snapshot -> {
            overview.update(snapshot);
            devices.update(snapshot);
            peer.update(snapshot);
        }, SAMPLE_PERIOD);
        this.root = new BorderPane();
        root.getStyleClass().add("tidemark-root");
        root.setLeft(new DevicesView(devices, new DevicesView.Pairing() {
            @Override
            public void invite(Window owner) {
                openInvite(owner);
            }

            @Override
            public void join(Window owner) {
                openJoin(owner);
            }
        }, i18n).root());
        Node overviewPage = new OverviewView(overview, i18n).root();
        Node peerPage = new PeerView(peer, () -> devices.select(null), i18n).root();
        // Both pages stay in the scene and only one is shown: a table added to a scene that is already
        // showing kept its first pixels in Prism's dirty-region painting while its cells changed.
        root.setCenter(new StackPane(overviewPage, peerPage));
        devices.selectedIdProperty().subscribe(id -> {
            peer.show(id);
            overviewPage.setVisible(id.isEmpty());
            peerPage.setVisible(!id.isEmpty());
        });
        root.setBottom(new IndexingView(indexing, picker, i18n).root());
        // Until the first snapshot the engine is still opening the library: no folder can be added yet.
        overview.loadedProperty().subscribe(loaded -> indexing.setAvailable(loaded));
    }

    /** Opens "Invite device…" over {@code owner}: a new code each time. */
    public InviteDialog openInvite(Window owner) {
        InviteDialog dialog = new InviteDialog(
                new InviteViewModel(peers, background, Platform::runLater, i18n, Clock.systemUTC()), i18n);
        dialog.show(owner);
        return dialog;
    }

    /** Opens "Join library…" over {@code owner}. */
    public JoinDialog openJoin(Window owner) {
        JoinDialog dialog = new JoinDialog(new JoinViewModel(peers, Platform::runLater, i18n), i18n);
        dialog.show(owner);
        return dialog;
    }

    public Parent root() {
        return root;
    }

    /**
     * Puts the view in {@code stage}, titles it after the library and starts sampling. Call on the FX
     * thread, after {@link io.tidemark.app.common.Theme#apply()}.
     */
    public void show(Stage stage) {
        // Wide enough for the sidebar and a member's sync table with all its columns, where the screen has room.
        WindowPlacement placement = WindowPlacement.fit(1280, 760, 820, 420, Screen.getPrimary().getVisualBounds());
        Scene scene = new Scene(root, placement.sceneWidth(), placement.sceneHeight());
        scene.getStylesheets().add(Resources.stylesheet());
        stage.setScene(scene);
        stage.setMinWidth(820);
        stage.setMinHeight(420);
        stage.setX(placement.x());
        stage.setY(placement.y());
        stage.yProperty().addListener((property, before, now) -> WindowPlacement.titleBarOntoScreen(
                        stage.getX(), now.doubleValue(), stage.getWidth(),
                        Screen.getScreens().stream().map(Screen::getVisualBounds).toList())
                .ifPresent(stage::setY));
        // Loaded in the background: the window's first frame does not wait for the decoding.
        stage.getIcons().setAll(new javafx.scene.image.Image(Resources.icon(), true));
        stage.titleProperty().bind(overview.libraryNameProperty().map(name -> name.isEmpty()
                ? i18n.tr("app.title") : i18n.tr("app.title.withLibrary", name)));
        start();
        stage.show();
    }

    /** Starts sampling the engine's snapshot. Call on the FX thread. */
    public void start() {
        sampler.start();
    }

    /** Takes a sample now rather than at the next period, e.g. when the engine has just opened. Call on the FX thread. */
    public void refresh() {
        sampler.sampleNow();
    }

    /** Stops sampling. Call on the FX thread. */
    public void stop() {
        sampler.stop();
    }

    public OverviewViewModel overview() {
        return overview;
    }

    public DevicesViewModel devices() {
        return devices;
    }

    /** The selected member's page. */
    public PeerViewModel peer() {
        return peer;
    }

    public IndexingViewModel indexing() {
        return indexing;
    }
}
