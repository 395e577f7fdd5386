package io.tidemark.app.peer;

import atlantafx.base.theme.Styles;
import io.tidemark.app.common.I18n;
import io.tidemark.app.common.Resources;
import io.tidemark.app.peer.PeerViewModel.EventRow;
import io.tidemark.engine.api.EngineSnapshot.SyncState;
import io.tidemark.engine.model.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;
import javafx.util.Subscription;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A member's sync page: a header with its name, id, state badge, pause, reason and RTT; the overall
 * backfill bar while one runs; the escalation from catch-up to surgical recovery to full resync; the
 * table of (owner, type) rows with their gaps; and the member's recent events. Pure layout and
 * bindings; all state lives in
 * {@link PeerViewModel}, whose rows update in place, so the table is never rebuilt while a backfill
 * streams in.
 */
public final class PeerView {
    public static final String ROOT_ID = "peerPage";
    public static final String BACK_ID = "peerBackButton";
    public static final String NAME_ID = "peerName";
    public static final String SHORT_ID_ID = "peerShortId";
    public static final String STATE_ID = "peerState";
    public static final String REASON_ID = "peerReason";
    public static final String SINCE_ID = "peerSince";
    public static final String RTT_ID = "peerRtt";
    public static final String OVERALL_BAR_ID = "peerOverallProgress";
    public static final String OVERALL_TEXT_ID = "peerOverallText";
    public static final String CATCH_UP_ID = "peerCatchUpButton";
    public static final String RECOVER_ID = "peerRecoverButton";
    public static final String RESYNC_ID = "peerResyncButton";
    /** Style class of the one-line explanation under each escalation button. */
    public static final String STEP_EXPLANATION = "peer-step-explanation";
    /** Style class of a row's own surgical recovery button, in its digests cell. */
    public static final String ROW_RECOVER = "row-recover-button";
    public static final String PAUSE_ID = "peerPauseButton";
    public static final String STATUS_ID = "peerStatus";
    public static final String TABLE_ID = "peerTable";
    public static final String EVENTS_ID = "peerEvents";
    /** Column ids, for tests and the stylesheet. */
    public static final String OWNER_COLUMN_ID = "peerOwnerColumn";
    public static final String TYPE_COLUMN_ID = "peerTypeColumn";
    public static final String LOCAL_COUNT_COLUMN_ID = "peerLocalCountColumn";
    public static final String PEER_COUNT_COLUMN_ID = "peerPeerCountColumn";
    public static final String GAP_COLUMN_ID = "peerGapColumn";
    public static final String DIGESTS_COLUMN_ID = "peerDigestsColumn";
    public static final String WATERMARK_COLUMN_ID = "peerWatermarkColumn";
    public static final String LAST_ADVANCED_COLUMN_ID = "peerLastAdvancedColumn";
    public static final String BACKFILL_COLUMN_ID = "peerBackfillColumn";
    /** The resync confirmation's "Resync" button and its choice of records. */
    public static final String CONFIRM_RESYNC_ID = "confirmResyncButton";
    public static final String RESYNC_SCOPE_ID = "resyncScope";
    /** Set on a peer-count cell whose count differs from ours. */
    public static final PseudoClass DIFFERS = PseudoClass.getPseudoClass("differs");
    /** Set on a row whose counts or digests differ (or that is being checked or repaired). */
    public static final PseudoClass ATTENTION = PseudoClass.getPseudoClass("attention");
    /** Set on the owner cell of a shared type's row. */
    private static final PseudoClass SHARED = PseudoClass.getPseudoClass("shared");

    private final PeerViewModel model;
    private final I18n i18n;
    private final Runnable back;
    private final VBox root;

    /**
     * @param back leaves the page (to the overview); wired by the main view
     */
    public PeerView(PeerViewModel model, Runnable back, I18n i18n) {
        this.model = Objects.requireNonNull(model, "model");
        this.back = Objects.requireNonNull(back, "back");
        this.i18n = Objects.requireNonNull(i18n, "i18n");

        TableView<ResourceRow> table = table();
        VBox.setVgrow(table, Priority.ALWAYS);
        Label eventsTitle = new Label(i18n.tr("peer.events"));
        eventsTitle.getStyleClass().add("peer-section-title");
        VBox body = new VBox(8, table, eventsTitle, events());
        body.getStyleClass().add("peer-body");
        VBox.setVgrow(body, Priority.ALWAYS);

        root = new VBox(header(), controls(), body);
        root.setId(ROOT_ID);
        root.getStyleClass().add("tidemark-peer");
    }

    public Node root() {
        return root;
    }

    private Node header() {
        Button backButton = new Button(i18n.tr("peer.back"), new FontIcon(Feather.ARROW_LEFT));
        backButton.setId(BACK_ID);
        backButton.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        backButton.setOnAction(e -> back.run());

        Label name = boundLabel(NAME_ID, "peer-name", model.nameProperty());
        name.setGraphic(new FontIcon(Feather.MONITOR));
        name.setTextOverrun(OverrunStyle.ELLIPSIS);
        name.setMinWidth(0);
        Label shortId = boundLabel(SHORT_ID_ID, "peer-id", model.shortIdProperty());
        Tooltip fullId = new Tooltip();
        fullId.textProperty().bind(model.peerIdProperty());
        shortId.setTooltip(fullId);
        shortId.setMinWidth(Region.USE_PREF_SIZE);

        Label state = boundLabel(STATE_ID, "sync-badge", model.stateTextProperty());
        state.setMinWidth(Region.USE_PREF_SIZE);
        model.syncStateProperty().subscribe(s -> styleBadge(state, s));

        HBox title = new HBox(10, name, shortId, spacer(), state, pauseButton());
        title.setAlignment(Pos.CENTER_LEFT);

        Label reason = boundLabel(REASON_ID, "peer-reason", model.reasonProperty());
        reason.setTextOverrun(OverrunStyle.ELLIPSIS);
        reason.setMinWidth(0);
        Tooltip reasonTip = new Tooltip();
        reasonTip.textProperty().bind(model.reasonProperty());
        reason.setTooltip(reasonTip);
        Label since = boundLabel(SINCE_ID, "peer-detail", model.sinceProperty());
        since.setMinWidth(Region.USE_PREF_SIZE);
        Label rtt = boundLabel(RTT_ID, "peer-detail", model.rttProperty());
        rtt.setMinWidth(Region.USE_PREF_SIZE);
        for (Label l : List.of(reason, since, rtt)) {
            l.visibleProperty().bind(l.textProperty().isNotEmpty());
            l.managedProperty().bind(l.visibleProperty());
        }
        HBox detail = new HBox(14, reason, since, rtt);
        detail.setAlignment(Pos.CENTER_LEFT);

        ProgressBar overall = new ProgressBar();
        overall.setId(OVERALL_BAR_ID);
        overall.progressProperty().bind(model.overallProgressProperty());
        overall.setMinWidth(Region.USE_PREF_SIZE);
        Label overallText = boundLabel(OVERALL_TEXT_ID, "peer-detail", model.overallTextProperty());
        HBox progress = new HBox(10, overall, overallText);
        progress.getStyleClass().add("peer-overall");
        progress.setAlignment(Pos.CENTER_LEFT);
        progress.visibleProperty().bind(model.overallShownProperty());
        progress.managedProperty().bind(progress.visibleProperty());

        VBox header = new VBox(6, backButton, title, detail, progress);
        header.getStyleClass().add("peer-header");
        return header;
    }

    private static void styleBadge(Label badge, SyncState state) {
        badge.getStyleClass().removeIf(c -> c.startsWith("sync-") && !c.equals("sync-badge"));
        if (state != null) {
            badge.getStyleClass().add("sync-" + state.wireName());
        }
    }

    /** Pause or resume, beside the state it changes. */
    private Button pauseButton() {
        Button pause = new Button();
        pause.setId(PAUSE_ID);
        pause.getStyleClass().add(Styles.SMALL);
        pause.textProperty().bind(model.pauseTextProperty());
        model.pausedProperty().subscribe(p -> pause.setGraphic(new FontIcon(p ? Feather.PLAY : Feather.PAUSE)));
        pause.disableProperty().bind(model.pauseEnabledProperty().not());
        pause.setOnAction(e -> model.togglePause());
        pause.setMinWidth(Region.USE_PREF_SIZE);
        return pause;
    }

    /**
     * The escalation, left to right and each step costlier: catch up, surgical recovery, full
     * resync, each with a line saying what it does and costs; then the last action's outcome.
     */
    private Node controls() {
        Button catchUp = new Button(i18n.tr("peer.catchUp"), new FontIcon(Feather.REFRESH_CW));
        catchUp.setId(CATCH_UP_ID);
        catchUp.getStyleClass().add(Styles.ACCENT);
        catchUp.disableProperty().bind(model.catchUpEnabledProperty().not());
        catchUp.setOnAction(e -> model.catchUp());

        Button recover = new Button(i18n.tr("peer.recover"), new FontIcon(Feather.TOOL));
        recover.setId(RECOVER_ID);
        recover.disableProperty().bind(model.recoverEnabledProperty().not());
        recover.setOnAction(e -> recover(windowOf(recover), null));

        Button resync = new Button(i18n.tr("peer.resync"), new FontIcon(Feather.ROTATE_CCW));
        resync.setId(RESYNC_ID);
        resync.disableProperty().bind(model.resyncEnabledProperty().not());
        resync.setOnAction(e -> confirmResync(windowOf(resync)).ifPresent(scope -> model.resync(scope.type())));

        for (Button b : List.of(catchUp, recover, resync)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }

        Label status = boundLabel(STATUS_ID, "peer-status", model.statusTextProperty());
        status.setTextOverrun(OverrunStyle.ELLIPSIS);
        status.setMinWidth(0);
        model.statusProperty().subscribe(now -> {
            status.getStyleClass().removeAll("status-done", "status-failed");
            if (now == PeerViewModel.Status.DONE) {
                status.getStyleClass().add("status-done");
            } else if (now == PeerViewModel.Status.FAILED) {
                status.getStyleClass().add("status-failed");
            }
        });

        HBox escalation = new HBox(6,
                step(catchUp, i18n.tr("peer.catchUp.explain")), stepArrow(),
                step(recover, i18n.tr("peer.recover.explain")), stepArrow(),
                step(resync, i18n.tr("peer.resync.explain")));
        escalation.setAlignment(Pos.TOP_LEFT);
        VBox box = new VBox(6, escalation, status);
        box.getStyleClass().add("peer-controls");
        return box;
    }

    /** A button with its explanation under it; the explanation wraps, the button keeps its width. */
    private static Node step(Button button, String explanation) {
        Label text = new Label(explanation);
        text.getStyleClass().add(STEP_EXPLANATION);
        text.setWrapText(true);
        text.setMinWidth(0);
        text.setMinHeight(Region.USE_PREF_SIZE);
        // Its least width is the button's (the explanation may wrap to any width).
        VBox step = new VBox(4, button, text);
        step.setPrefWidth(250);
        step.setMaxWidth(340);
        HBox.setHgrow(step, Priority.ALWAYS);
        return step;
    }

    /** The "then" between two steps, level with their buttons. */
    private static Node stepArrow() {
        FontIcon arrow = new FontIcon(Feather.CHEVRON_RIGHT);
        arrow.getStyleClass().add("peer-step-arrow");
        StackPane box = new StackPane(arrow);
        box.setMinHeight(30);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    /**
     * Starts a surgical recovery of everything the member serves ({@code row} null) or of one row, and
     * opens its dialog over {@code owner}.
     */
    private void recover(Window owner, ResourceRow.Key row) {
        model.recover(row).ifPresent(recovery -> new RecoveryDialog(recovery, i18n).show(owner));
    }

    private TableView<ResourceRow> table() {
        TableView<ResourceRow> table = new TableView<>(model.rows());
        table.setId(TABLE_ID);
        table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE);
        table.setPlaceholder(new Label(i18n.tr("peer.table.empty")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setRowFactory(t -> new MarkedRow(i18n.tr("peer.recover.row"), this::recover, model.recoverEnabledProperty()));

        TableColumn<ResourceRow, String> owner = textColumn(i18n.tr("table.owner"), OWNER_COLUMN_ID, 88,
                ResourceRow::ownerProperty);
        owner.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                ResourceRow row = empty ? null : getTableRow().getItem();
                pseudoClassStateChanged(SHARED, row != null && row.key().owner() == null);
            }
        });
        TableColumn<ResourceRow, String> type = textColumn(i18n.tr("peer.column.type"), TYPE_COLUMN_ID, 130,
                ResourceRow::typeProperty);
        TableColumn<ResourceRow, String> local = textColumn(null, LOCAL_COUNT_COLUMN_ID, 85,
                ResourceRow::localCountProperty);
        titleWithTooltip(local, i18n.tr("peer.column.localCount"), i18n.tr("peer.column.localCount.tooltip"));
        local.getStyleClass().add("number-column");
        local.setCellFactory(c -> numberCell());

        TableColumn<ResourceRow, ResourceRow> peer = new TableColumn<>();
        titleWithTooltip(peer, i18n.tr("peer.column.peerCount"), i18n.tr("peer.column.peerCount.tooltip"));
        configure(peer, PEER_COUNT_COLUMN_ID, 90);
        peer.getStyleClass().add("number-column");
        peer.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        peer.setCellFactory(c -> new PeerCountCell());

        TableColumn<ResourceRow, String> gap = textColumn(null, GAP_COLUMN_ID, 80, ResourceRow::gapProperty);
        titleWithTooltip(gap, i18n.tr("peer.column.gap"), i18n.tr("peer.column.gap.tooltip"));
        gap.getStyleClass().add("number-column");
        gap.setCellFactory(c -> numberCell());

        TableColumn<ResourceRow, ResourceRow> digests = new TableColumn<>();
        titleWithTooltip(digests, i18n.tr("peer.column.digests"), i18n.tr("peer.column.digests.tooltip"));
        configure(digests, DIGESTS_COLUMN_ID, 140);
        digests.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        digests.setCellFactory(c -> new DigestsCell(i18n.tr("peer.recover.row"), this::recover,
                model.recoverEnabledProperty()));

        TableColumn<ResourceRow, String> watermark = textColumn(i18n.tr("peer.column.watermark"),
                WATERMARK_COLUMN_ID, 170, ResourceRow::watermarkProperty);
        titleWithTooltip(watermark, i18n.tr("peer.column.watermark"), i18n.tr("peer.column.watermark.tooltip"));
        TableColumn<ResourceRow, String> lastAdvanced = textColumn(i18n.tr("peer.column.lastAdvanced"),
                LAST_ADVANCED_COLUMN_ID, 110, ResourceRow::lastAdvancedProperty);
        // Hidden at first, to leave the window's width to the counts, gap and digests; the table's
        // menu (the button at the right of its header) shows it.
        lastAdvanced.setVisible(false);
        table.setTableMenuButtonVisible(true);

        TableColumn<ResourceRow, ResourceRow> backfill = new TableColumn<>(i18n.tr("peer.column.backfill"));
        configure(backfill, BACKFILL_COLUMN_ID, 167);
        backfill.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        backfill.setCellFactory(c -> new BackfillCell());

        for (TableColumn<ResourceRow, ?> c : List.of(local, peer, gap, digests)) {
            narrowest(c, c.getPrefWidth());
        }
        narrowest(owner, 75);
        narrowest(type, 100);
        narrowest(watermark, 70);
        narrowest(backfill, 60);

        List<TableColumn<ResourceRow, ?>> columns = new ArrayList<>();
        columns.add(owner);
        columns.add(type);
        columns.add(local);
        columns.add(peer);
        columns.add(gap);
        columns.add(digests);
        columns.add(watermark);
        columns.add(lastAdvanced);
        columns.add(backfill);
        table.getColumns().setAll(columns);
        return table;
    }

    private static TableColumn<ResourceRow, String> textColumn(String title, String id, double width,
                                                               Function<ResourceRow, ObservableValue<String>> value) {
        TableColumn<ResourceRow, String> column = new TableColumn<>(title);
        configure(column, id, width);
        column.setCellValueFactory(c -> value.apply(c.getValue()));
        return column;
    }

    /** Sets the column's id and width; in a narrow window it may shrink a little (see {@link #narrowest}). */
    private static void configure(TableColumn<ResourceRow, ?> column, String id, double width) {
        column.setId(id);
        column.setSortable(false);
        column.setReorderable(false);
        column.setPrefWidth(width);
        column.setMinWidth(Math.round(width * 0.8));
    }

    /**
     * How narrow the column may get in a narrow window: what the page is for (which owner and type,
     * the counts, the gap and the digests) keeps its width or nearly; the watermark and the backfill
     * give way first.
     */
    private static void narrowest(TableColumn<ResourceRow, ?> column, double width) {
        column.setMinWidth(width);
    }

    private static TableCell<ResourceRow, String> numberCell() {
        TableCell<ResourceRow, String> cell = new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
            }
        };
        cell.getStyleClass().add("number-cell");
        return cell;
    }

    /**
     * Shows {@code title} in the column's header with {@code tooltip} on it. A column has no tooltip of
     * its own, so the title is a label in the header's graphic; an icon beside it would take width the
     * values need.
     */
    private static void titleWithTooltip(TableColumn<ResourceRow, ?> column, String title, String tooltip) {
        Label label = new Label(title);
        label.setTooltip(new Tooltip(tooltip));
        label.getStyleClass().add("column-title");
        column.setText(null);
        column.setGraphic(label);
    }

    /**
     * The peer's count, marked where it differs from ours. Bound to its row's properties, so a changed
     * count redraws this cell only; the binding moves with the cell when the table reuses it.
     */
    private static final class PeerCountCell extends TableCell<ResourceRow, ResourceRow> {
        private Subscription differs = Subscription.EMPTY;

        PeerCountCell() {
            getStyleClass().add("number-cell");
        }

        @Override
        protected void updateItem(ResourceRow row, boolean empty) {
            super.updateItem(row, empty);
            differs.unsubscribe();
            textProperty().unbind();
            if (empty || row == null) {
                differs = Subscription.EMPTY;
                setText(null);
                pseudoClassStateChanged(DIFFERS, false);
                return;
            }
            textProperty().bind(row.peerCountProperty());
            differs = row.differsProperty().subscribe(d -> pseudoClassStateChanged(DIFFERS, d));
        }
    }

    /** Starts a surgical recovery of one row, opening its dialog over a window. */
    @FunctionalInterface
    private interface RowRecovery {
        void recover(Window owner, ResourceRow.Key row);
    }

    /**
     * A row marked while its counts or digests differ, so the difference shows across the whole line;
     * a row with an owner offers its own surgical recovery in its context menu.
     */
    private static final class MarkedRow extends TableRow<ResourceRow> {
        private final ContextMenu menu = new ContextMenu();
        private Subscription check = Subscription.EMPTY;

        MarkedRow(String recoverText, RowRecovery recovery, ObservableBooleanValue enabled) {
            MenuItem recover = new MenuItem(recoverText, new FontIcon(Feather.TOOL));
            recover.getStyleClass().add(ROW_RECOVER);
            recover.disableProperty().bind(Bindings.not(enabled));
            recover.setOnAction(e -> {
                ResourceRow row = getItem();
                if (row != null) {
                    recovery.recover(getScene() == null ? null : getScene().getWindow(), row.key());
                }
            });
            menu.getItems().add(recover);
        }

        @Override
        protected void updateItem(ResourceRow row, boolean empty) {
            super.updateItem(row, empty);
            check.unsubscribe();
            if (empty || row == null) {
                check = Subscription.EMPTY;
                pseudoClassStateChanged(ATTENTION, false);
                setContextMenu(null);
                return;
            }
            check = row.checkProperty().subscribe(c -> pseudoClassStateChanged(ATTENTION, c.attention()));
            setContextMenu(row.recoverable() ? menu : null);
        }
    }

    /**
     * "match", "differ", "checking" or "repairing 61%" with an icon saying the same, so a difference
     * does not rest on colour alone; where the row differs, a small button recovers just that row.
     */
    private static final class DigestsCell extends TableCell<ResourceRow, ResourceRow> {
        private final FontIcon icon = new FontIcon();
        private final Label text = new Label();
        private final Button recover = new Button(null, new FontIcon(Feather.TOOL));
        private final HBox box = new HBox(4, icon, text, spacer(), recover);
        private Subscription subscription = Subscription.EMPTY;

        DigestsCell(String recoverText, RowRecovery recovery, ObservableBooleanValue enabled) {
            getStyleClass().add("digests-cell");
            text.setMinWidth(0);
            text.setTextOverrun(OverrunStyle.ELLIPSIS);
            recover.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL, ROW_RECOVER);
            recover.setTooltip(new Tooltip(recoverText));
            recover.setAccessibleText(recoverText);
            recover.setMinWidth(Region.USE_PREF_SIZE);
            recover.setFocusTraversable(false);
            recover.disableProperty().bind(Bindings.not(enabled));
            recover.setOnAction(e -> {
                ResourceRow row = getItem();
                if (row != null) {
                    recovery.recover(getScene() == null ? null : getScene().getWindow(), row.key());
                }
            });
            box.setAlignment(Pos.CENTER_LEFT);
            setText(null);
        }

        @Override
        protected void updateItem(ResourceRow row, boolean empty) {
            super.updateItem(row, empty);
            subscription.unsubscribe();
            text.textProperty().unbind();
            if (empty || row == null) {
                subscription = Subscription.EMPTY;
                setGraphic(null);
                return;
            }
            text.textProperty().bind(row.digestsProperty());
            subscription = row.checkProperty().subscribe(this::show);
            setGraphic(box);
        }

        private void show(ResourceRow.Check check) {
            getStyleClass().removeIf(c -> c.startsWith("check-"));
            getStyleClass().add("check-" + check.name().toLowerCase(java.util.Locale.ROOT));
            ResourceRow row = getItem();
            // Not while a repair already runs; a gap being checked may be repaired now instead of at
            // the next exchange.
            boolean offered = row != null && row.recoverable() && (check == ResourceRow.Check.DIFFER
                    || check == ResourceRow.Check.CHECKING);
            recover.setVisible(offered);
            recover.setManaged(offered);
            Feather glyph = switch (check) {
                case UNKNOWN -> null;
                case MATCH -> Feather.CHECK;
                case DIFFER -> Feather.ALERT_TRIANGLE;
                case CHECKING -> Feather.SEARCH;
                case REPAIRING -> Feather.TOOL;
            };
            icon.setVisible(glyph != null);
            icon.setManaged(glyph != null);
            if (glyph != null) {
                icon.setIconCode(glyph);
            }
        }
    }

    /** A progress bar with "41 % · 25,000/s · ETA 24 s" beside it, shown while the row has a backfill to show. */
    private static final class BackfillCell extends TableCell<ResourceRow, ResourceRow> {
        private final ProgressBar bar = new ProgressBar();
        private final Label text = new Label();
        private final HBox box = new HBox(8, bar, text);

        BackfillCell() {
            bar.setMinWidth(Region.USE_PREF_SIZE);
            text.getStyleClass().add("backfill-text");
            text.setMinWidth(0);
            text.setTextOverrun(OverrunStyle.ELLIPSIS);
            Tooltip whole = new Tooltip();
            whole.textProperty().bind(text.textProperty());
            text.setTooltip(whole);
            box.setAlignment(Pos.CENTER_LEFT);
            getStyleClass().add("backfill-cell");
            setText(null);
        }

        @Override
        protected void updateItem(ResourceRow row, boolean empty) {
            super.updateItem(row, empty);
            bar.progressProperty().unbind();
            text.textProperty().unbind();
            box.visibleProperty().unbind();
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            bar.progressProperty().bind(row.progressProperty());
            text.textProperty().bind(row.progressTextProperty());
            box.visibleProperty().bind(row.backfillShownProperty());
            setGraphic(box);
        }
    }

    private Node events() {
        ListView<EventRow> list = new ListView<>(model.events());
        list.setId(EVENTS_ID);
        list.getStyleClass().addAll(Styles.DENSE, "peer-events");
        list.setPlaceholder(new Label(i18n.tr("peer.events.empty")));
        // No fixed cell size (here or in the table): with one, Prism kept painting cells' old pixels
        // while their texts moved on.
        list.setPrefHeight(180);
        list.setMinHeight(80);
        list.setCellFactory(c -> new EventCell());
        return list;
    }

    /** One event: time, kind and message. */
    private static final class EventCell extends ListCell<EventRow> {
        private final Label time = new Label();
        private final Label kind = new Label();
        private final Label message = new Label();
        private final HBox box = new HBox(10, time, kind, message);
        /** One per cell: a tooltip is a popup window, too heavy to make for each event shown. */
        private final Tooltip full = new Tooltip();

        EventCell() {
            time.getStyleClass().add("event-time");
            time.setMinWidth(Region.USE_PREF_SIZE);
            kind.getStyleClass().add("event-kind");
            kind.setMinWidth(Region.USE_PREF_SIZE);
            message.getStyleClass().add("event-message");
            message.setMinWidth(0);
            message.setTextOverrun(OverrunStyle.ELLIPSIS);
            box.setAlignment(Pos.CENTER_LEFT);
            // As wide as the list, not as its longest message (a recovery's audit line is long): the
            // message ends in an ellipsis, its tooltip holds all of it, and no sideways scroll bar appears.
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(EventRow event, boolean empty) {
            super.updateItem(event, empty);
            setText(null);
            if (empty || event == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            time.setText(event.time());
            kind.setText(event.kind());
            message.setText(event.message());
            full.setText(event.message());
            setTooltip(full);
            setGraphic(box);
        }
    }

    /** The confirmation's choice: every type the member serves ({@code type} null), or one. */
    private record Scope(ResourceType type) {
    }

    /**
     * Asks whether to resync from the shown member, naming it, with a choice of all records or one
     * type. Empty unless the person confirms.
     */
    private Optional<Scope> confirmResync(Window owner) {
        ButtonType resync = new ButtonType(i18n.tr("peer.resync.confirm"), ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", resync, ButtonType.CANCEL);
        if (owner != null) {
            alert.initOwner(owner);
        }
        String name = model.nameProperty().get();
        alert.setTitle(i18n.tr("peer.resync.title"));
        alert.setHeaderText(i18n.tr("peer.resync.header", name));

        Label body = new Label(i18n.tr("peer.resync.body", name, model.shortIdProperty().get()));
        body.setWrapText(true);
        body.setPrefWidth(420);
        ComboBox<Scope> scope = new ComboBox<>();
        scope.setId(RESYNC_SCOPE_ID);
        scope.getItems().add(new Scope(null));
        model.resyncTypes().forEach(t -> scope.getItems().add(new Scope(t)));
        scope.setConverter(new StringConverter<>() {
            @Override
            public String toString(Scope s) {
                return s == null || s.type() == null ? i18n.tr("peer.resync.scope.all") : i18n.resourceType(s.type());
            }

            @Override
            public Scope fromString(String text) {
                throw new UnsupportedOperationException("not editable");
            }
        });
        scope.getSelectionModel().selectFirst();
        Label scopeLabel = new Label(i18n.tr("peer.resync.scope"));
        scopeLabel.setLabelFor(scope);
        HBox scopeRow = new HBox(10, scopeLabel, scope);
        scopeRow.setAlignment(Pos.CENTER_LEFT);
        VBox content = new VBox(12, body, scopeRow);
        alert.getDialogPane().setContent(content);
        alert.getDialogPane().getStylesheets().add(Resources.stylesheet());

        Button confirm = (Button) alert.getDialogPane().lookupButton(resync);
        confirm.setId(CONFIRM_RESYNC_ID);
        confirm.setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        Optional<ButtonType> answer = alert.showAndWait();
        return answer.isPresent() && answer.get() == resync
                ? Optional.ofNullable(scope.getValue()).or(() -> Optional.of(new Scope(null)))
                : Optional.empty();
    }

    private static Label boundLabel(String id, String styleClass, ObservableValue<String> text) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add(styleClass);
        label.textProperty().bind(text);
        return label;
    }

    private static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    private static Window windowOf(Node node) {
        return node.getScene() == null ? null : node.getScene().getWindow();
    }
}
