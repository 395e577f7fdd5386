package io.tidemark.app.pairing;

import atlantafx.base.theme.Styles;
import io.tidemark.app.common.I18n;
import io.tidemark.app.common.Resources;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * "Join library…": takes an invite code and, optionally, the inviter's HOST:PORT, and joins. The
 * dialog stays open while joining and shows the outcome, or the engine's error, in place.
 */
public final class JoinDialog {
    public static final String CODE_ID = "joinCode";
    public static final String ADDRESS_ID = "joinAddress";
    public static final String ADDRESS_ERROR_ID = "joinAddressError";
    public static final String JOIN_BUTTON_ID = "joinButton";
    public static final String PROGRESS_ID = "joinProgress";
    public static final String MESSAGE_ID = "joinMessage";

    private final JoinViewModel model;
    private final Dialog<Void> dialog = new Dialog<>();

    public JoinDialog(JoinViewModel model, I18n i18n) {
        this.model = Objects.requireNonNull(model, "model");
        dialog.setTitle(i18n.tr("join.title"));
        dialog.setHeaderText(i18n.tr("join.header"));

        Label codeCaption = new Label(i18n.tr("join.code"));
        TextField code = new TextField();
        code.setId(CODE_ID);
        code.getStyleClass().add("invite-code");
        code.setPromptText(i18n.tr("join.code.prompt"));
        code.textProperty().bindBidirectional(model.codeProperty());
        codeCaption.setLabelFor(code);

        Label addressCaption = new Label(i18n.tr("join.address"));
        TextField address = new TextField();
        address.setId(ADDRESS_ID);
        address.setPromptText(i18n.tr("join.address.prompt"));
        address.textProperty().bindBidirectional(model.addressProperty());
        addressCaption.setLabelFor(address);
        model.addressValidProperty().addListener((obs, was, valid) -> address.pseudoClassStateChanged(Styles.STATE_DANGER, !valid));
        Label addressHelp = new Label();
        addressHelp.setId(ADDRESS_ERROR_ID);
        addressHelp.setWrapText(true);
        addressHelp.setMinHeight(Region.USE_PREF_SIZE);
        addressHelp.textProperty().bind(Bindings.when(model.addressValidProperty())
                .then(i18n.tr("join.address.help")).otherwise(i18n.tr("join.address.invalid")));
        addressHelp.getStyleClass().add("pairing-help");
        model.addressValidProperty().addListener((obs, was, valid) -> {
            addressHelp.getStyleClass().remove("pairing-error");
            if (!valid) {
                addressHelp.getStyleClass().add("pairing-error");
            }
        });

        code.disableProperty().bind(model.stateProperty().isEqualTo(JoinViewModel.State.JOINING)
                .or(model.stateProperty().isEqualTo(JoinViewModel.State.JOINED)));
        address.disableProperty().bind(code.disableProperty());

        ProgressIndicator progress = new ProgressIndicator();
        progress.setId(PROGRESS_ID);
        progress.setPrefSize(20, 20);
        progress.setMinSize(20, 20);
        progress.visibleProperty().bind(model.stateProperty().isEqualTo(JoinViewModel.State.JOINING));
        progress.managedProperty().bind(progress.visibleProperty());
        Label message = new Label();
        message.setId(MESSAGE_ID);
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE);
        message.textProperty().bind(model.messageTextProperty());
        model.stateProperty().addListener((obs, old, now) -> {
            message.getStyleClass().removeAll("pairing-error", "pairing-success");
            message.setGraphic(null);
            if (now == JoinViewModel.State.FAILED) {
                message.getStyleClass().add("pairing-error");
                message.setGraphic(new FontIcon(Feather.ALERT_CIRCLE));
            } else if (now == JoinViewModel.State.JOINED) {
                message.getStyleClass().add("pairing-success");
                message.setGraphic(new FontIcon(Feather.CHECK_CIRCLE));
            }
        });
        HBox outcome = new HBox(8, progress, message);
        outcome.setAlignment(Pos.CENTER_LEFT);
        outcome.visibleProperty().bind(model.messageTextProperty().isNotEmpty());
        outcome.managedProperty().bind(outcome.visibleProperty());

        VBox content = new VBox(6, codeCaption, code, addressCaption, address, addressHelp, outcome);
        VBox.setMargin(addressCaption, new Insets(10, 0, 0, 0));
        VBox.setMargin(outcome, new Insets(10, 0, 0, 0));
        content.getStyleClass().add("pairing-content");
        content.setPrefWidth(460);
        content.setMinWidth(460);
        dialog.getDialogPane().setContent(content);

        ButtonType joinType = new ButtonType(i18n.tr("join.join"), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(joinType, ButtonType.CLOSE);
        Button join = (Button) dialog.getDialogPane().lookupButton(joinType);
        join.setId(JOIN_BUTTON_ID);
        join.getStyleClass().add(Styles.ACCENT);
        join.disableProperty().bind(Bindings.not(model.canJoinProperty()));
        // Join keeps the dialog open: the outcome shows in it.
        join.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            model.join();
        });
        dialog.getDialogPane().getStylesheets().add(Resources.stylesheet());
        dialog.setOnShown(e -> code.requestFocus());
    }

    /** Shows the dialog over {@code owner} (may be null). Returns at once; FX thread. */
    public void show(Window owner) {
        if (owner != null && dialog.getOwner() == null) {
            dialog.initOwner(owner);
        }
        dialog.show();
    }

    public Dialog<Void> dialog() {
        return dialog;
    }
}
