package io.tidemark.app;

import static io.tidemark.app.testing.PeerSnapshots.LAPTOP_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.common.BackgroundExecutor;
import io.tidemark.app.common.Formats;
import io.tidemark.app.common.I18n;
import io.tidemark.app.common.Theme;
import io.tidemark.app.devices.DevicesView;
import io.tidemark.app.overview.OverviewView;
import io.tidemark.app.peer.PeerView;
import io.tidemark.app.peer.RecoveryDialog;
import io.tidemark.app.testing.FakePeerActions;
import io.tidemark.app.testing.RecoveryOutcomes;
import io.tidemark.app.testing.SyncSnapshots;
import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.api.EngineSnapshot.PeerState;
import io.tidemark.engine.api.EngineSnapshot.SyncState;
import io.tidemark.engine.clock.HlcTimestamp;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.image.Image;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A member's sync page in the window, over fake snapshots the sampler picks up: selecting a member
 * in the sidebar shows it, the controls reach the engine, the resync asks first.
 */
@ExtendWith(ApplicationExtension.class)
class PeerUiTest {
    private static final List<String> COLUMNS = List.of(PeerView.OWNER_COLUMN_ID, PeerView.TYPE_COLUMN_ID,
            PeerView.LOCAL_COUNT_COLUMN_ID, PeerView.PEER_COUNT_COLUMN_ID, PeerView.WATERMARK_COLUMN_ID,
            PeerView.BACKFILL_COLUMN_ID);

    private final I18n i18n = I18n.forLocale(Locale.ENGLISH);
    private final FakePeerActions peers = new FakePeerActions();
    private final BackgroundExecutor background = new BackgroundExecutor("peer-test");
    private final AtomicReference<EngineSnapshot> snapshot = new AtomicReference<>(SyncSnapshots.backfilling(412_000));
    private MainView view;

    @Start
    void start(Stage stage) {
        Theme.apply();
        view = new MainView(snapshot::get,
                (folder, listener) -> CompletableFuture.failedFuture(new IllegalStateException("no indexing here")),
                peers, background::run, i18n, owner -> Optional.empty());
        view.show(stage);
    }

    @Stop
    void stop() {
        view.stop();
        background.shutdown(1_000);
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, condition);
    }

    private void selectMember(FxRobot robot, String name) throws Exception {
        VBox members = robot.lookup("#" + DevicesView.MEMBERS_ID).queryAs(VBox.class);
        Node label = robot.from(members).lookup("." + DevicesView.MEMBER_NAME)
                .match((Labeled l) -> name.equals(l.getText())).query();
        robot.clickOn(label);
        await(() -> robot.lookup("#" + PeerView.NAME_ID).tryQuery()
                .map(n -> name.equals(((Label) n).getText())).orElse(false));
    }

    /** The texts of the given columns of every shown row, top to bottom; the backfill column's label. */
    private static List<List<String>> tableTexts(FxRobot robot) throws Exception {
        TableView<?> table = robot.lookup("#" + PeerView.TABLE_ID).queryAs(TableView.class);
        return WaitForAsyncUtils.asyncFx(() -> {
            List<TableRow<?>> rows = new ArrayList<>();
            for (Node n : table.lookupAll(".table-row-cell")) {
                if (n instanceof TableRow<?> row && !row.isEmpty() && row.getItem() != null && row.isVisible()) {
                    rows.add(row);
                }
            }
            rows.sort(Comparator.comparingInt(TableRow::getIndex));
            List<List<String>> out = new ArrayList<>();
            for (TableRow<?> row : rows) {
                List<String> texts = new ArrayList<>(COLUMNS.stream().map(c -> (String) null).toList());
                for (Node n : row.lookupAll(".table-cell")) {
                    if (n instanceof TableCell<?, ?> cell && cell.getTableColumn() != null) {
                        int i = COLUMNS.indexOf(cell.getTableColumn().getId());
                        if (i >= 0) {
                            Node backfill = cell.lookup(".backfill-text");
                            texts.set(i, backfill instanceof Label l ? (l.getParent().isVisible() ? l.getText() : "")
                                    : cell.getText());
                        }
                    }
                }
                out.add(texts);
            }
            return out;
        }).get(5, TimeUnit.SECONDS);
    }

    /** Whether the peer-count cell of row {@code index} is marked as differing. */
    private static boolean peerCountDiffers(FxRobot robot, int index) throws Exception {
        TableView<?> table = robot.lookup("#" + PeerView.TABLE_ID).queryAs(TableView.class);
        return WaitForAsyncUtils.asyncFx(() -> table.lookupAll(".table-cell").stream()
                .filter(n -> n instanceof TableCell<?, ?> c && c.getTableColumn() != null
                        && PeerView.PEER_COUNT_COLUMN_ID.equals(c.getTableColumn().getId()) && c.getIndex() == index)
                .anyMatch(n -> n.getPseudoClassStates().contains(PeerView.DIFFERS))).get(5, TimeUnit.SECONDS);
    }

    /** What the cells of column {@code columnId} say, top row first: their text, else their graphic's label. */
    private static List<String> columnTexts(FxRobot robot, String columnId) throws Exception {
        TableView<?> table = robot.lookup("#" + PeerView.TABLE_ID).queryAs(TableView.class);
        return WaitForAsyncUtils.asyncFx(() -> table.lookupAll(".table-cell").stream()
                .filter(n -> n instanceof TableCell<?, ?> c && c.getTableColumn() != null && !c.isEmpty()
                        && columnId.equals(c.getTableColumn().getId()) && c.getIndex() >= 0
                        && c.getIndex() < table.getItems().size())
                .map(n -> (TableCell<?, ?>) n)
                .sorted(Comparator.comparingInt(TableCell::getIndex))
                .map(c -> c.getText() != null ? c.getText()
                        : c.lookup(".label") instanceof Label l ? l.getText() : null)
                .toList()).get(5, TimeUnit.SECONDS);
    }

    /** The indices of the rows marked as differing. */
    private static List<Integer> markedRows(FxRobot robot) throws Exception {
        TableView<?> table = robot.lookup("#" + PeerView.TABLE_ID).queryAs(TableView.class);
        return WaitForAsyncUtils.asyncFx(() -> table.lookupAll(".table-row-cell").stream()
                .filter(n -> n instanceof TableRow<?> r && !r.isEmpty() && r.getItem() != null
                        && n.getPseudoClassStates().contains(PeerView.ATTENTION))
                .map(n -> ((TableRow<?>) n).getIndex()).sorted().toList()).get(5, TimeUnit.SECONDS);
    }

    /** Whether the node with {@code id} and all its parents are visible. */
    private static boolean shown(FxRobot robot, String id) throws Exception {
        Node node = robot.lookup("#" + id).query();
        return WaitForAsyncUtils.asyncFx(() -> {
            for (Node n = node; n != null; n = n.getParent()) {
                if (!n.isVisible()) {
                    return false;
                }
            }
            return node.getScene() != null;
        }).get(5, TimeUnit.SECONDS);
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryLabeled().getText();
    }

    @Test
    void selectingAMemberShowsItsPageAndTheBackButtonTheOverview(FxRobot robot) throws Exception {
        assertThat(shown(robot, OverviewView.TABLE_ID)).isTrue();
        assertThat(shown(robot, PeerView.ROOT_ID)).isFalse();
        selectMember(robot, "laptop");

        assertThat(shown(robot, OverviewView.TABLE_ID)).as("the page replaces the overview").isFalse();
        assertThat(shown(robot, PeerView.ROOT_ID)).isTrue();
        assertThat(text(robot, PeerView.SHORT_ID_ID)).isEqualTo("MFRGGZD");
        assertThat(text(robot, PeerView.STATE_ID)).isEqualTo("Backfilling");
        assertThat(robot.lookup("#" + PeerView.STATE_ID).query().getStyleClass()).contains("sync-backfilling");
        assertThat(text(robot, PeerView.REASON_ID)).isEqualTo(SyncSnapshots.LAPTOP_REASON);
        assertThat(text(robot, PeerView.RTT_ID)).isEqualTo("RTT 12 ms");
        assertThat(text(robot, PeerView.OVERALL_TEXT_ID))
                .isEqualTo("412,000 of 1,000,000 records \u00b7 25,000 records/s \u00b7 ETA 24 s");
        assertThat(robot.lookup("#" + PeerView.OVERALL_BAR_ID).query().getParent().isVisible()).isTrue();

        // Watermarks in this machine's zone.
        ZoneId zone = ZoneId.systemDefault();
        String devices = Formats.dateTime(HlcTimestamp.fromPacked(SyncSnapshots.DEVICE_WATERMARK).instant(), zone);
        String entries = Formats.dateTime(HlcTimestamp.fromPacked(SyncSnapshots.ENTRY_WATERMARK).instant(), zone);
        assertThat(tableTexts(robot)).containsExactly(
                List.of("laptop", "Device", "1", "1", devices, ""),
                List.of("laptop", "Volume", "2", "2", devices, ""),
                List.of("laptop", "Location", "3", "3", devices, ""),
                List.of("laptop", "Entry", "412,000", "1,000,000", entries, "41% \u00b7 25,000/s \u00b7 ETA 24 s"),
                List.of("shared", "Content identity", "500", "\u2014", "\u2014", ""));
        assertThat(peerCountDiffers(robot, 3)).as("entries: 412,000 here, 1,000,000 there").isTrue();
        assertThat(peerCountDiffers(robot, 0)).isFalse();
        ListView<?> events = robot.lookup("#" + PeerView.EVENTS_ID).query();
        assertThat(events.getItems()).hasSize(3);
        assertThat(robot.lookup("." + DevicesView.SELECTED_ROW).queryAll()).hasSize(1);

        // The rows follow the snapshots while the page is open.
        snapshot.set(SyncSnapshots.backfilling(1_000_000));
        await(() -> tableTexts(robot).get(3).get(2).equals("1,000,000"));
        assertThat(peerCountDiffers(robot, 3)).isFalse();

        robot.clickOn("#" + PeerView.BACK_ID);
        await(() -> shown(robot, OverviewView.TABLE_ID));
        assertThat(shown(robot, PeerView.ROOT_ID)).isFalse();
        assertThat(robot.lookup("." + DevicesView.SELECTED_ROW).queryAll()).isEmpty();
    }

    @Test
    void aRowWhoseCountsOrDigestsDifferIsMarkedAndSaysWhichWayAndHowMany(FxRobot robot) throws Exception {
        snapshot.set(SyncSnapshots.withGaps(null));
        selectMember(robot, "laptop");
        await(() -> columnTexts(robot, PeerView.GAP_COLUMN_ID).size() == 5);
        assertThat(columnTexts(robot, PeerView.GAP_COLUMN_ID)).containsExactly("0", "0", "0", "+33,000", "\u2014");
        assertThat(columnTexts(robot, PeerView.DIGESTS_COLUMN_ID)).containsExactly("match", "match", "differ", "differ",
                "\u2014");
        assertThat(markedRows(robot)).containsExactly(2, 3);

        snapshot.set(SyncSnapshots.withGaps(new io.tidemark.engine.sync.RecoveryView(
                io.tidemark.engine.sync.RecoveryView.Phase.REPAIRING, 20_460, 33_000, null)));
        await(() -> "repairing 62%".equals(columnTexts(robot, PeerView.DIGESTS_COLUMN_ID).get(3)));
        assertThat(markedRows(robot)).containsExactly(2, 3);
        assertThat(rowsOfferingRecovery(robot)).as("not while it is being repaired").containsExactly(2);
        snapshot.set(SyncSnapshots.withGaps(new io.tidemark.engine.sync.RecoveryView(
                io.tidemark.engine.sync.RecoveryView.Phase.CHECKING, 0, 0, null)));
        await(() -> "checking".equals(columnTexts(robot, PeerView.DIGESTS_COLUMN_ID).get(3)));
        assertThat(rowsOfferingRecovery(robot)).as("a gap being checked may be repaired now").containsExactly(2, 3);
    }

    /** The indices of the rows whose own recovery button shows. */
    private static List<Integer> rowsOfferingRecovery(FxRobot robot) throws Exception {
        TableView<?> table = robot.lookup("#" + PeerView.TABLE_ID).queryAs(TableView.class);
        return WaitForAsyncUtils.asyncFx(() -> table.lookupAll("." + PeerView.ROW_RECOVER).stream()
                .filter(n -> n instanceof Button b && b.isVisible() && b.getParent() != null
                        && b.getParent().getParent() instanceof TableCell<?, ?> c && !c.isEmpty())
                .map(n -> ((TableCell<?, ?>) n.getParent().getParent()).getIndex()).sorted().toList())
                .get(5, TimeUnit.SECONDS);
    }

    /** The texts of the labels with {@code styleClass} in the node with {@code id}, top to bottom. */
    private static List<String> labelTexts(FxRobot robot, String id, String styleClass) throws Exception {
        Node parent = robot.lookup("#" + id).query();
        return WaitForAsyncUtils.asyncFx(() -> parent.lookupAll("." + styleClass).stream()
                .filter(n -> n instanceof Label && n.isVisible())
                .sorted(Comparator.comparingDouble((Node n) -> n.localToScene(0, 0).getY())
                        .thenComparingDouble(n -> n.localToScene(0, 0).getX()))
                .map(n -> ((Label) n).getText()).toList()).get(5, TimeUnit.SECONDS);
    }

    private static double sceneX(FxRobot robot, String id) throws Exception {
        Node node = robot.lookup("#" + id).query();
        return WaitForAsyncUtils.asyncFx(() -> node.localToScene(0, 0).getX()).get(5, TimeUnit.SECONDS);
    }

    @Test
    void theEscalationReadsLeftToRightEachStepSayingWhatItDoesAndCosts(FxRobot robot) throws Exception {
        selectMember(robot, "laptop");
        assertThat(sceneX(robot, PeerView.CATCH_UP_ID)).isLessThan(sceneX(robot, PeerView.RECOVER_ID));
        assertThat(sceneX(robot, PeerView.RECOVER_ID)).isLessThan(sceneX(robot, PeerView.RESYNC_ID));
        assertThat(labelTexts(robot, PeerView.ROOT_ID, PeerView.STEP_EXPLANATION)).containsExactly(
                "Fetch what is new since the last sync \u2014 quick.",
                "Compare counts and fetch only what is missing or stale \u2014 moves only what differs.",
                "Re-read everything from this device \u2014 slow, moves the whole library.");
    }

    @Test
    void surgicalRecoveryPreviewsTheDryRunAsksShowsProgressThenWhatItDid(FxRobot robot) throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        peers.recovering(RecoveryOutcomes.plan(), RecoveryOutcomes.recovered()).recoveryWaitsFor(gate);
        snapshot.set(SyncSnapshots.withGaps(null));
        selectMember(robot, "laptop");

        robot.clickOn("#" + PeerView.RECOVER_ID);
        await(() -> robot.lookup("#" + RecoveryDialog.CONFIRM_ID).tryQuery().map(Node::isVisible).orElse(false));
        DialogPane dialog = robot.lookup("#" + RecoveryDialog.PANE_ID).queryAs(DialogPane.class);
        assertThat(dialog.getHeaderText()).isEqualTo("Recover from laptop?");
        assertThat(labelTexts(robot, RecoveryDialog.LINES_ID, RecoveryDialog.LINE)).containsExactly(
                "Locations from laptop: 3 to fetch, 0 to remove, about 412 bytes",
                "Entries from laptop: 33,000 to fetch, 0 to remove, about 1.9 MB");
        assertThat(peers.controls).as("only asked, nothing moved").containsExactly("recover " + LAPTOP_ID + " all all dry-run");

        robot.clickOn("#" + RecoveryDialog.CONFIRM_ID);
        await(() -> "Recovering from laptop\u2026".equals(dialog.getHeaderText()));
        assertThat(shown(robot, RecoveryDialog.PROGRESS_ID)).isTrue();
        assertThat(robot.lookup("#" + RecoveryDialog.CONFIRM_ID).query().isVisible()).isFalse();
        snapshot.set(SyncSnapshots.withGaps(new io.tidemark.engine.sync.RecoveryView(
                io.tidemark.engine.sync.RecoveryView.Phase.REPAIRING, 20_460, 33_000, null)));
        await(() -> "20,460 of 33,000 records".equals(text(robot, RecoveryDialog.PROGRESS_TEXT_ID)));

        gate.complete(null);
        await(() -> "Recovered from laptop".equals(dialog.getHeaderText()));
        assertThat(labelTexts(robot, RecoveryDialog.LINES_ID, RecoveryDialog.LINE)).containsExactly(
                "Locations from laptop: 3 fetched, 0 removed, 480 bytes in 420 ms; now 3 here, as on laptop",
                "Entries from laptop: 33,000 fetched, 0 removed, 2 MB in 2.8 s; now 170,000 here, as on laptop");
        assertThat(shown(robot, RecoveryDialog.PROGRESS_ID)).isFalse();
        assertThat(text(robot, PeerView.STATUS_ID)).isEqualTo("Surgical recovery from laptop: 33,003 records fetched, 0 removed.");
        robot.clickOn("#" + RecoveryDialog.DISMISS_ID);
        await(() -> robot.lookup("#" + RecoveryDialog.PANE_ID).tryQuery().isEmpty());
        assertThat(peers.controls).containsExactly("recover " + LAPTOP_ID + " all all dry-run",
                "recover " + LAPTOP_ID + " all all now");
    }

    @Test
    void aRowThatDiffersOffersItsOwnRecoveryAndCancellingMovesNothing(FxRobot robot) throws Exception {
        peers.recovering(RecoveryOutcomes.plan().subList(1, 2), RecoveryOutcomes.recovered().subList(1, 2));
        snapshot.set(SyncSnapshots.withGaps(null));
        selectMember(robot, "laptop");
        TableView<?> table = robot.lookup("#" + PeerView.TABLE_ID).queryAs(TableView.class);
        await(() -> WaitForAsyncUtils.asyncFx(() -> table.lookupAll("." + PeerView.ROW_RECOVER).stream()
                .filter(Node::isVisible).count() == 2).get(5, TimeUnit.SECONDS));
        Button entries = WaitForAsyncUtils.asyncFx(() -> table.lookupAll("." + PeerView.ROW_RECOVER).stream()
                .filter(n -> n instanceof Button b && b.isVisible() && b.getParent() != null
                        && b.getParent().getParent() instanceof TableCell<?, ?> c && c.getIndex() == 3)
                .map(n -> (Button) n).findFirst().orElseThrow()).get(5, TimeUnit.SECONDS);

        robot.clickOn(entries);
        await(() -> robot.lookup("#" + RecoveryDialog.CONFIRM_ID).tryQuery().map(Node::isVisible).orElse(false));
        assertThat(labelTexts(robot, RecoveryDialog.LINES_ID, RecoveryDialog.LINE))
                .containsExactly("Entries from laptop: 33,000 to fetch, 0 to remove, about 1.9 MB");
        robot.clickOn("#" + RecoveryDialog.DISMISS_ID);
        await(() -> robot.lookup("#" + RecoveryDialog.PANE_ID).tryQuery().isEmpty());
        assertThat(peers.controls).containsExactly(
                "recover " + LAPTOP_ID + " " + SyncSnapshots.LAPTOP_OWNER + " entry dry-run");
        await(() -> !robot.lookup("#" + PeerView.RECOVER_ID).queryButton().isDisabled());
    }

    /** The "Ours" cell of row {@code index}, on screen. */
    private static Bounds localCountCellOnScreen(FxRobot robot, int index) throws Exception {
        TableView<?> table = robot.lookup("#" + PeerView.TABLE_ID).queryAs(TableView.class);
        return WaitForAsyncUtils.asyncFx(() -> table.lookupAll(".table-cell").stream()
                .filter(n -> n instanceof TableCell<?, ?> c && c.getTableColumn() != null
                        && PeerView.LOCAL_COUNT_COLUMN_ID.equals(c.getTableColumn().getId()) && c.getIndex() == index)
                .map(n -> n.localToScreen(n.getBoundsInLocal())).findFirst().orElseThrow()).get(5, TimeUnit.SECONDS);
    }

    private static boolean samePixels(Image a, Image b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return false;
        }
        for (int y = 0; y < (int) a.getHeight(); y++) {
            for (int x = 0; x < (int) a.getWidth(); x++) {
                if (a.getPixelReader().getArgb(x, y) != b.getPixelReader().getArgb(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * What is painted follows the snapshots, not only the cells' texts: read from the screen itself.
     * (A table added to the showing window, or with a fixed cell size, kept its cells' old pixels
     * while their texts moved on.)
     */
    @Test
    void thePaintedTableFollowsTheSnapshots(FxRobot robot) throws Exception {
        selectMember(robot, "laptop");
        Bounds entries = localCountCellOnScreen(robot, 3);
        await(() -> "412,000".equals(tableTexts(robot).get(3).get(2)));
        Image[] shown = {robot.capture(entries).getImage()};
        await(() -> samePixels(shown[0], shown[0] = robot.capture(entries).getImage()));

        snapshot.set(SyncSnapshots.backfilling(987_654));
        await(() -> "987,654".equals(tableTexts(robot).get(3).get(2)));
        Image before = shown[0];
        await(() -> !samePixels(before, robot.capture(entries).getImage()));
    }

    @Test
    void catchUpAndPauseResumeReachTheEngine(FxRobot robot) throws Exception {
        selectMember(robot, "laptop");
        Button catchUp = robot.lookup("#" + PeerView.CATCH_UP_ID).queryButton();
        Button pause = robot.lookup("#" + PeerView.PAUSE_ID).queryButton();
        assertThat(catchUp.isDisabled()).as("already backfilling").isTrue();

        snapshot.set(SyncSnapshots.laptopIn(SyncState.READY, PeerState.CONNECTED));
        await(() -> !catchUp.isDisabled());
        assertThat(robot.lookup("#" + PeerView.OVERALL_BAR_ID).query().getParent().isVisible()).isFalse();
        robot.clickOn(catchUp);
        await(() -> "Catch-up with laptop started.".equals(text(robot, PeerView.STATUS_ID)));

        assertThat(pause.getText()).isEqualTo("Pause");
        robot.clickOn(pause);
        await(() -> "Sync with laptop is paused.".equals(text(robot, PeerView.STATUS_ID)));
        snapshot.set(SyncSnapshots.laptopIn(SyncState.PAUSED, PeerState.CONNECTED));
        await(() -> "Resume".equals(pause.getText()));
        assertThat(catchUp.isDisabled()).isTrue();
        assertThat(robot.lookup("#" + PeerView.RESYNC_ID).queryButton().isDisabled()).isTrue();
        robot.clickOn(pause);
        await(() -> "Sync with laptop resumed.".equals(text(robot, PeerView.STATUS_ID)));

        assertThat(peers.controls).containsExactly("catch-up " + LAPTOP_ID, "pause " + LAPTOP_ID, "resume " + LAPTOP_ID);
    }

    @Test
    void fullResyncAsksNamingTheMemberAndResyncsTheChosenRecordsOnlyAfterConfirming(FxRobot robot) throws Exception {
        selectMember(robot, "laptop");
        robot.clickOn("#" + PeerView.RESYNC_ID);
        DialogPane confirmation = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertThat(confirmation.getHeaderText()).isEqualTo("Resync from laptop?");
        robot.clickOn((Button) confirmation.lookupButton(ButtonType.CANCEL));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".dialog-pane").tryQuery()).isEmpty();
        assertThat(peers.controls).as("cancelled").isEmpty();

        robot.clickOn("#" + PeerView.RESYNC_ID);
        @SuppressWarnings("unchecked")
        ComboBox<Object> scope = robot.lookup("#" + PeerView.RESYNC_SCOPE_ID).queryAs(ComboBox.class);
        assertThat(scope.getItems().stream().map(i -> scope.getConverter().toString(i)).toList()).containsExactly(
                "All resource types", "Content identity", "Device", "Volume", "Location", "Entry");
        assertThat(peers.controls).as("nothing before confirming").isEmpty();
        robot.clickOn("#" + PeerView.CONFIRM_RESYNC_ID);
        await(() -> "Full resync from laptop started.".equals(text(robot, PeerView.STATUS_ID)));

        robot.clickOn("#" + PeerView.RESYNC_ID);
        @SuppressWarnings("unchecked")
        ComboBox<Object> again = robot.lookup("#" + PeerView.RESYNC_SCOPE_ID).queryAs(ComboBox.class);
        robot.interact(() -> again.getSelectionModel().select(5));
        robot.clickOn("#" + PeerView.CONFIRM_RESYNC_ID);
        await(() -> "Resync of Entry from laptop started.".equals(text(robot, PeerView.STATUS_ID)));

        assertThat(peers.controls).containsExactly("resync " + LAPTOP_ID + " all", "resync " + LAPTOP_ID + " entry");
    }
}
