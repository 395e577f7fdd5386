package io.tidemark.app.devices;

import atlantafx.base.theme.Styles;
import io.tidemark.app.common.I18n;
import io.tidemark.app.common.Resources;
import io.tidemark.app.devices.DevicesViewModel.MemberRow;
import io.tidemark.app.devices.DevicesViewModel.NearbyRow;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.Observable;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The devices sidebar: "Invite device…" and "Join library…", then this device, the library's members
 * with their connection state, and unpaired devices nearby. Clicking a member selects it (the window
 * shows its sync page); clicking this device goes back to the overview. Pure layout; state lives in
 * {@link DevicesViewModel}. Opening the pairing dialogs is passed in, so this package does not depend
 * on the pairing feature.
 */
public final class DevicesView {
    public static final String ROOT_ID = "devicesSidebar";
    public static final String INVITE_BUTTON_ID = "inviteDeviceButton";
    public static final String JOIN_BUTTON_ID = "joinLibraryButton";
    public static final String SELF_NAME_ID = "selfName";
    public static final String SELF_ID_ID = "selfShortId";
    public static final String MEMBERS_ID = "memberList";
    public static final String NEARBY_ID = "nearbyList";
    public static final String STATUS_ID = "devicesStatus";
    /** Style classes of a member row's parts, for tests and the stylesheet. */
    public static final String MEMBER_ROW = "member-row";
    public static final String MEMBER_NAME = "member-name";
    public static final String MEMBER_STATE = "member-state";
    public static final String MEMBER_RTT = "member-rtt";
    public static final String MEMBER_ERROR = "member-error";
    public static final String FORGET_BUTTON = "forget-button";
    /** The member row whose page is shown. */
    public static final String SELECTED_ROW = "selected";
    public static final String NEARBY_ROW = "nearby-row";
    public static final String NEARBY_INVITE_BUTTON = "nearby-invite-button";
    /** The id of the confirmation dialog's "Forget" button. */
    public static final String CONFIRM_FORGET_ID = "confirmForgetButton";
    /** The sidebar's width. */
    public static final double WIDTH = 270;

    /** Opens the pairing dialogs over {@code owner}; wired to the pairing feature by the main view. */
    public interface Pairing {
        void invite(Window owner);

        void join(Window owner);
    }

    private final DevicesViewModel model;
    private final I18n i18n;
    private final Pairing pairing;
    private final VBox root;

    public DevicesView(DevicesViewModel model, Pairing pairing, I18n i18n) {
        this.model = Objects.requireNonNull(model, "model");
        this.pairing = Objects.requireNonNull(pairing, "pairing");
        this.i18n = Objects.requireNonNull(i18n, "i18n");

        VBox sections = new VBox(
                sectionTitle(i18n.tr("devices.section.self")), selfRow(),
                sectionTitle(i18n.tr("devices.section.members")),
                list(MEMBERS_ID, model.members(), this::memberRow, i18n.tr("devices.members.empty"),
                        model.selectedIdProperty()),
                sectionTitle(i18n.tr("devices.section.nearby")),
                list(NEARBY_ID, model.nearby(), this::nearbyRow, i18n.tr("devices.nearby.empty")));
        sections.getStyleClass().add("devices-sections");
        ScrollPane scroll = new ScrollPane(sections);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("devices-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);

        root = new VBox(buttons(), scroll, statusLine());
        root.setId(ROOT_ID);
        root.getStyleClass().add("tidemark-devices");
        root.setPrefWidth(WIDTH);
        root.setMinWidth(WIDTH);
        root.setMaxWidth(WIDTH);
    }

    public Node root() {
        return root;
    }

    private Node buttons() {
        Button invite = new Button(i18n.tr("devices.invite"), new FontIcon(Feather.USER_PLUS));
        invite.setId(INVITE_BUTTON_ID);
        invite.getStyleClass().add(Styles.ACCENT);
        invite.setOnAction(e -> pairing.invite(windowOf(invite)));
        Button join = new Button(i18n.tr("devices.join"), new FontIcon(Feather.LOG_IN));
        join.setId(JOIN_BUTTON_ID);
        join.setOnAction(e -> pairing.join(windowOf(join)));
        for (Button b : new Button[] {invite, join}) {
            b.setMaxWidth(Double.MAX_VALUE);
            b.setAlignment(Pos.CENTER_LEFT);
        }
        VBox box = new VBox(6, invite, join);
        box.getStyleClass().add("devices-buttons");
        return box;
    }

    private static Label sectionTitle(String text) {
        Label title = new Label(text.toUpperCase(Locale.ROOT));
        title.getStyleClass().add("devices-section-title");
        return title;
    }

    private Node selfRow() {
        Label name = new Label();
        name.setId(SELF_NAME_ID);
        name.getStyleClass().add(MEMBER_NAME);
        name.textProperty().bind(model.selfNameProperty());
        name.setGraphic(new FontIcon(Feather.MONITOR));
        Label id = idLabel(model.selfShortIdProperty().get(), model.selfIdProperty().get());
        id.setId(SELF_ID_ID);
        id.textProperty().bind(model.selfShortIdProperty());
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(model.selfIdProperty());
        id.setTooltip(tip);
        HBox line = new HBox(8, name, spacer(), id);
        line.setAlignment(Pos.CENTER_LEFT);
        line.getStyleClass().addAll("device-row", "self-row");
        // This device's page is the overview: choosing it leaves a member's page.
        line.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY) {
                model.select(null);
            }
        });
        MenuItem copy = new MenuItem(i18n.tr("devices.copyId"), new FontIcon(Feather.COPY));
        copy.setOnAction(e -> copyToClipboard(model.selfIdProperty().get()));
        line.setOnContextMenuRequested(e -> {
            new ContextMenu(copy).show(line, e.getScreenX(), e.getScreenY());
            e.consume();
        });
        return line;
    }

    /** A list of rows built by {@code rowOf}, rebuilt when {@code items} or anything in {@code alsoOn} changes. */
    private <T> Node list(String id, ObservableList<T> items, Function<T, Node> rowOf, String emptyText,
                          Observable... alsoOn) {
        VBox box = new VBox();
        box.setId(id);
        box.getStyleClass().add("device-list");
        Label empty = new Label(emptyText);
        empty.getStyleClass().add("devices-empty");
        empty.setWrapText(true);
        Runnable rebuild = () -> {
            if (items.isEmpty()) {
                box.getChildren().setAll(empty);
            } else {
                box.getChildren().setAll(items.stream().map(rowOf).toList());
            }
        };
        items.addListener((ListChangeListener<T>) c -> rebuild.run());
        for (Observable o : alsoOn) {
            o.addListener(x -> rebuild.run());
        }
        rebuild.run();
        return box;
    }

    private Node memberRow(MemberRow member) {
        Region dot = new Region();
        dot.getStyleClass().addAll("state-dot", "state-" + member.state().name().toLowerCase(Locale.ROOT));
        Label name = new Label(member.name());
        name.getStyleClass().add(MEMBER_NAME);
        name.setTextOverrun(OverrunStyle.ELLIPSIS);
        name.setMinWidth(0);
        Label id = idLabel(member.shortId(), member.id());

        Button forget = new Button(null, new FontIcon(Feather.TRASH_2));
        forget.getStyleClass().addAll(FORGET_BUTTON, Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        forget.setTooltip(new Tooltip(i18n.tr("devices.forget")));
        forget.setOnAction(e -> confirmAndForget(member, windowOf(forget)));

        HBox top = new HBox(8, dot, name, spacer(), id, forget);
        top.setAlignment(Pos.CENTER_LEFT);

        Label state = new Label(member.stateText());
        state.getStyleClass().add(MEMBER_STATE);
        HBox detail = new HBox(10, state);
        if (!member.rttText().isEmpty()) {
            Label rtt = new Label(member.rttText());
            rtt.getStyleClass().add(MEMBER_RTT);
            detail.getChildren().add(rtt);
        }
        detail.getStyleClass().add("member-detail");
        VBox row = new VBox(2, top, detail);
        if (!member.error().isEmpty()) {
            Label error = new Label(member.error());
            error.getStyleClass().add(MEMBER_ERROR);
            error.setTextOverrun(OverrunStyle.ELLIPSIS);
            error.setMinWidth(0);
            error.setTooltip(new Tooltip(member.error()));
            row.getChildren().add(error);
        }
        row.getStyleClass().addAll("device-row", MEMBER_ROW);
        if (member.id().equals(model.selectedIdProperty().get())) {
            row.getStyleClass().add(SELECTED_ROW);
        }
        row.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && !fromButton(e.getTarget(), row)) {
                model.select(member.id());
            }
        });

        MenuItem copy = new MenuItem(i18n.tr("devices.copyId"), new FontIcon(Feather.COPY));
        copy.setOnAction(e -> copyToClipboard(member.id()));
        MenuItem forgetItem = new MenuItem(i18n.tr("devices.forget"), new FontIcon(Feather.TRASH_2));
        forgetItem.setOnAction(e -> confirmAndForget(member, windowOf(row)));
        row.setOnContextMenuRequested(e -> {
            new ContextMenu(copy, forgetItem).show(row, e.getScreenX(), e.getScreenY());
            e.consume();
        });
        return row;
    }

    private Node nearbyRow(NearbyRow device) {
        Label id = new Label(device.shortId(), new FontIcon(Feather.WIFI));
        id.getStyleClass().addAll(MEMBER_NAME, "device-id");
        id.setTooltip(new Tooltip(device.id()));
        Label addresses = new Label(device.addressesText());
        addresses.getStyleClass().add(MEMBER_STATE);
        addresses.setTextOverrun(OverrunStyle.ELLIPSIS);
        addresses.setMinWidth(0);
        addresses.setTooltip(new Tooltip(device.addressesText()));
        VBox text = new VBox(2, id, addresses);
        text.setMinWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button invite = new Button(i18n.tr("devices.nearby.invite"));
        invite.getStyleClass().addAll(NEARBY_INVITE_BUTTON, Styles.SMALL);
        invite.setMinWidth(Region.USE_PREF_SIZE);
        invite.setOnAction(e -> pairing.invite(windowOf(invite)));
        HBox row = new HBox(8, text, invite);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().addAll("device-row", NEARBY_ROW);
        MenuItem copy = new MenuItem(i18n.tr("devices.copyId"), new FontIcon(Feather.COPY));
        copy.setOnAction(e -> copyToClipboard(device.id()));
        row.setOnContextMenuRequested(e -> {
            new ContextMenu(copy).show(row, e.getScreenX(), e.getScreenY());
            e.consume();
        });
        return row;
    }

    private Node statusLine() {
        Label status = new Label();
        status.setId(STATUS_ID);
        status.getStyleClass().add("devices-status");
        status.setWrapText(true);
        status.textProperty().bind(model.statusTextProperty());
        status.visibleProperty().bind(model.statusTextProperty().isNotEmpty());
        status.managedProperty().bind(status.visibleProperty());
        model.statusProperty().addListener((obs, old, now) -> {
            status.getStyleClass().removeAll("status-done", "status-failed");
            if (now == DevicesViewModel.Status.DONE) {
                status.getStyleClass().add("status-done");
            } else if (now == DevicesViewModel.Status.FAILED) {
                status.getStyleClass().add("status-failed");
            }
        });
        return status;
    }

    /** Asks whether to forget {@code member}, naming it, and forgets it only after the person confirms. */
    private void confirmAndForget(MemberRow member, Window owner) {
        ButtonType forget = new ButtonType(i18n.tr("devices.forget.confirm"), ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", forget, ButtonType.CANCEL);
        if (owner != null) {
            alert.initOwner(owner);
        }
        alert.setTitle(i18n.tr("devices.forget.title"));
        alert.setHeaderText(i18n.tr("devices.forget.header", member.name()));
        alert.setContentText(i18n.tr("devices.forget.body", member.name(), member.shortId()));
        alert.getDialogPane().getStylesheets().add(Resources.stylesheet());
        Button confirm = (Button) alert.getDialogPane().lookupButton(forget);
        confirm.setId(CONFIRM_FORGET_ID);
        confirm.getStyleClass().add(Styles.DANGER);
        confirm.setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        Optional<ButtonType> answer = alert.showAndWait();
        if (answer.isPresent() && answer.get() == forget) {
            model.forget(member);
        }
    }

    /** Whether a click on {@code target} landed on a button inside {@code row} (Forget), not on the row itself. */
    private static boolean fromButton(Object target, Node row) {
        for (Node n = target instanceof Node node ? node : null; n != null && n != row; n = n.getParent()) {
            if (n instanceof ButtonBase) {
                return true;
            }
        }
        return false;
    }

    private static Label idLabel(String shortId, String fullId) {
        Label id = new Label(shortId);
        id.getStyleClass().add("device-id");
        id.setMinWidth(Region.USE_PREF_SIZE);
        id.setTooltip(new Tooltip(fullId));
        return id;
    }

    private static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    private static Window windowOf(Node node) {
        return node.getScene() == null ? null : node.getScene().getWindow();
    }

    private static void copyToClipboard(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }
}
