package io.tidemark.app.pairing;

import atlantafx.base.theme.Styles;
import io.tidemark.app.common.I18n;
import io.tidemark.app.common.Resources;
import java.util.Objects;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * "Invite device…": makes a one-time code and shows it as selectable text with a Copy button, as a
 * QR image, and with a countdown of how long it stays valid. Not modal to the engine: the code is
 * made off the FX thread while the dialog already shows.
 */
public final class InviteDialog {
    public static final String CODE_ID = "inviteCode";
    public static final String COPY_ID = "copyInviteCode";
    public static final String QR_ID = "inviteQr";
    public static final String VALIDITY_ID = "inviteValidity";
    public static final String ERROR_ID = "inviteError";
    public static final String NEW_CODE_ID = "newInviteCode";
    /** Width and height of the QR image in pixels. */
    public static final int QR_SIZE = 240;

    private final InviteViewModel model;
    private final Dialog<Void> dialog = new Dialog<>();
    private final Timeline countdown;

    public InviteDialog(InviteViewModel model, I18n i18n) {
        this.model = Objects.requireNonNull(model, "model");
        dialog.setTitle(i18n.tr("invite.title"));
        dialog.setHeaderText(i18n.tr("invite.header"));
        dialog.setResizable(false);

        Label help = new Label(i18n.tr("invite.help"));
        help.setWrapText(true);
        help.setMinHeight(Region.USE_PREF_SIZE);
        help.getStyleClass().add("pairing-help");

        TextField code = new TextField();
        code.setId(CODE_ID);
        code.setEditable(false);
        code.getStyleClass().add("invite-code");
        code.textProperty().bind(model.codeProperty());
        HBox.setHgrow(code, Priority.ALWAYS);
        Button copy = new Button(i18n.tr("invite.copy"), new FontIcon(Feather.COPY));
        copy.setId(COPY_ID);
        copy.setMinWidth(Button.USE_PREF_SIZE);
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(model.codeProperty().get());
            Clipboard.getSystemClipboard().setContent(content);
            code.selectAll();
        });
        ObservableBooleanValue ready = model.stateProperty().isEqualTo(InviteViewModel.State.READY);
        copy.disableProperty().bind(Bindings.not(ready));
        HBox codeLine = new HBox(8, code, copy);
        codeLine.setAlignment(Pos.CENTER_LEFT);

        ImageView qr = new ImageView();
        qr.setId(QR_ID);
        qr.imageProperty().bind(Bindings.createObjectBinding(() -> model.codeProperty().get().isEmpty() ? null
                : QrCodes.render(model.codeProperty().get(), QR_SIZE), model.codeProperty()));
        qr.opacityProperty().bind(Bindings.when(ready).then(1.0).otherwise(0.15));
        ProgressIndicator creating = new ProgressIndicator();
        creating.setMaxSize(48, 48);
        creating.visibleProperty().bind(model.stateProperty().isEqualTo(InviteViewModel.State.CREATING));
        StackPane qrBox = new StackPane(qr, creating);
        qrBox.getStyleClass().add("invite-qr");
        qrBox.setMinSize(QR_SIZE, QR_SIZE);
        qrBox.setMaxSize(QR_SIZE, QR_SIZE);

        Label validity = new Label();
        validity.setId(VALIDITY_ID);
        validity.getStyleClass().add("invite-validity");
        validity.textProperty().bind(model.validityTextProperty());
        Button newCode = new Button(i18n.tr("invite.newCode"), new FontIcon(Feather.REFRESH_CW));
        newCode.setId(NEW_CODE_ID);
        newCode.getStyleClass().add(Styles.SMALL);
        newCode.visibleProperty().bind(model.stateProperty().isEqualTo(InviteViewModel.State.EXPIRED)
                .or(model.stateProperty().isEqualTo(InviteViewModel.State.FAILED)));
        newCode.managedProperty().bind(newCode.visibleProperty());
        newCode.setOnAction(e -> model.create());
        HBox validityLine = new HBox(10, validity, newCode);
        validityLine.setAlignment(Pos.CENTER_LEFT);

        Label addresses = new Label();
        addresses.getStyleClass().add("pairing-help");
        addresses.setWrapText(true);
        addresses.setMinHeight(Region.USE_PREF_SIZE);
        addresses.textProperty().bind(model.addressesTextProperty());
        addresses.visibleProperty().bind(model.addressesTextProperty().isNotEmpty());
        addresses.managedProperty().bind(addresses.visibleProperty());

        Label error = new Label();
        error.setId(ERROR_ID);
        error.getStyleClass().add("pairing-error");
        error.setWrapText(true);
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.textProperty().bind(model.errorTextProperty());
        error.visibleProperty().bind(model.errorTextProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        // Without a code there is nothing to copy or scan: only the error and "New code" show.
        var failed = model.stateProperty().isEqualTo(InviteViewModel.State.FAILED);
        for (javafx.scene.Node part : new javafx.scene.Node[] {codeLine, qrBox}) {
            part.visibleProperty().bind(Bindings.not(failed));
            part.managedProperty().bind(part.visibleProperty());
        }
        validity.graphicProperty().bind(Bindings.when(model.validityTextProperty().isEmpty())
                .then((javafx.scene.Node) null).otherwise(new FontIcon(Feather.CLOCK)));
        VBox content = new VBox(12, help, codeLine, validityLine, qrBox, addresses, error);
        content.setAlignment(Pos.TOP_CENTER);
        content.getStyleClass().add("pairing-content");
        content.setPrefWidth(460);
        content.setMinWidth(460);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.getDialogPane().getStylesheets().add(Resources.stylesheet());

        // Parts appear once the code arrives (or fails): fit the window to them, so nothing is clipped.
        model.stateProperty().addListener((obs, was, now) -> javafx.application.Platform.runLater(() -> {
            javafx.scene.Scene scene = dialog.getDialogPane().getScene();
            if (scene != null && scene.getWindow() != null) {
                scene.getWindow().sizeToScene();
            }
        }));
        countdown = new Timeline(new KeyFrame(Duration.seconds(1), e -> model.tick()));
        countdown.setCycleCount(Animation.INDEFINITE);
        dialog.setOnHidden(e -> countdown.stop());
    }

    /** Shows the dialog over {@code owner} (may be null) and asks for a code. Returns at once; FX thread. */
    public void show(Window owner) {
        if (owner != null && dialog.getOwner() == null) {
            dialog.initOwner(owner);
        }
        model.create();
        countdown.play();
        dialog.show();
    }

    public Dialog<Void> dialog() {
        return dialog;
    }
}
