package io.tidemark.app.peer;

import io.tidemark.app.common.I18n;
import io.tidemark.app.common.Resources;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.event.ActionEvent;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The surgical recovery's one window, following its {@link RecoveryViewModel}: a progress bar while
 * the member is asked what differs, then one line per (owner, type) with what would move and a
 * "Recover" button, progress while it runs, and what it did. Closing it before confirming cancels;
 * closing it while the recovery runs leaves it running, and its outcome shows on the page.
 */
public final class RecoveryDialog {
    public static final String PANE_ID = "recoveryDialog";
    public static final String BODY_ID = "recoveryBody";
    public static final String LINES_ID = "recoveryLines";
    public static final String PROGRESS_ID = "recoveryProgress";
    public static final String PROGRESS_TEXT_ID = "recoveryProgressText";
    public static final String CONFIRM_ID = "confirmRecoveryButton";
    public static final String DISMISS_ID = "dismissRecoveryButton";
    /** Style class of each line. */
    public static final String LINE = "recovery-line";
    /** The width the texts wrap at. */
    private static final double WIDTH = 540;

    private final RecoveryViewModel model;
    private final Dialog<Void> dialog = new Dialog<>();

    public RecoveryDialog(RecoveryViewModel model, I18n i18n) {
        this.model = Objects.requireNonNull(model, "model");
        Objects.requireNonNull(i18n, "i18n");
        ButtonType recover = new ButtonType(i18n.tr("recovery.confirm"), ButtonBar.ButtonData.OK_DONE);
        ButtonType dismiss = new ButtonType(i18n.tr("recovery.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        dialog.setTitle(i18n.tr("recovery.title"));
        dialog.getDialogPane().setId(PANE_ID);
        dialog.getDialogPane().getStyleClass().add("tidemark-recovery");
        dialog.getDialogPane().getStylesheets().add(Resources.stylesheet());
        dialog.getDialogPane().getButtonTypes().setAll(recover, dismiss);
        dialog.getDialogPane().headerTextProperty().bind(model.headerProperty());

        Label body = wrapping(new Label());
        body.setId(BODY_ID);
        body.textProperty().bind(model.bodyProperty());

        VBox lines = new VBox(6);
        lines.setId(LINES_ID);
        lines.getStyleClass().add("recovery-lines");
        model.lines().subscribe(() -> lines.getChildren().setAll(model.lines().stream().map(RecoveryDialog::line).toList()));
        lines.visibleProperty().bind(Bindings.isNotEmpty(model.lines()));
        lines.managedProperty().bind(lines.visibleProperty());

        ProgressBar bar = new ProgressBar();
        bar.setId(PROGRESS_ID);
        bar.progressProperty().bind(model.progressProperty());
        bar.setMinWidth(Region.USE_PREF_SIZE);
        Label progressText = new Label();
        progressText.setId(PROGRESS_TEXT_ID);
        progressText.getStyleClass().add("recovery-progress-text");
        progressText.textProperty().bind(model.progressTextProperty());
        HBox progress = new HBox(10, bar, progressText);
        progress.setAlignment(Pos.CENTER_LEFT);
        progress.visibleProperty().bind(model.workingProperty());
        progress.managedProperty().bind(progress.visibleProperty());

        VBox content = new VBox(12, body, lines, progress);
        content.setMinHeight(Region.USE_PREF_SIZE);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
        // Grows and shrinks with what it shows: the preview's lines, the progress bar, the result.
        model.phaseProperty().subscribe(p -> fitToContent());
        model.lines().subscribe(this::fitToContent);

        Button confirm = (Button) dialog.getDialogPane().lookupButton(recover);
        confirm.setId(CONFIRM_ID);
        confirm.setGraphic(new FontIcon(Feather.TOOL));
        confirm.setDefaultButton(false);
        confirm.visibleProperty().bind(model.confirmableProperty());
        confirm.managedProperty().bind(confirm.visibleProperty());
        // The dialog stays open to show progress and the result.
        confirm.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            model.confirm();
        });
        Button close = (Button) dialog.getDialogPane().lookupButton(dismiss);
        close.setId(DISMISS_ID);
        close.textProperty().bind(model.dismissTextProperty());
        close.setDefaultButton(true);
        dialog.setOnHidden(e -> model.close());
    }

    /** One line of the preview or the result, an icon before it. */
    private static Label line(String text) {
        Label label = wrapping(new Label(text, new FontIcon(Feather.CHEVRON_RIGHT)));
        label.getStyleClass().add(LINE);
        return label;
    }

    /**
     * A label that wraps at the dialog's width and is as tall as its lines: with a width of its own,
     * the dialog can tell its height before it is laid out.
     */
    private static Label wrapping(Label label) {
        label.setWrapText(true);
        label.setPrefWidth(WIDTH);
        label.setMinHeight(Region.USE_PREF_SIZE);
        return label;
    }

    /**
     * Fits the window to what it shows now and centres it on its owner again. Placed by hand: a
     * window manager may keep a dialog that changed size where it first mapped it, even off screen.
     */
    private void fitToContent() {
        if (!dialog.isShowing()) {
            return;
        }
        Window window = dialog.getDialogPane().getScene().getWindow();
        window.sizeToScene();
        Window owner = dialog.getOwner();
        if (owner != null) {
            dialog.setX(owner.getX() + Math.max(0, (owner.getWidth() - window.getWidth()) / 2));
            dialog.setY(owner.getY() + Math.max(0, (owner.getHeight() - window.getHeight()) / 3));
        }
    }

    /** Shows the dialog over {@code owner} without waiting: the recovery goes on behind it. */
    public void show(Window owner) {
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.show();
        fitToContent();
    }
}
