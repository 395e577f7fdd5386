package io.tidemark.app.startup;

import io.tidemark.app.common.I18n;
import io.tidemark.app.common.Resources;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;

/** Tells the person why Tidemark cannot start, in the engine's own words, and waits for them to close it. */
public final class StartupErrorDialog {
    private StartupErrorDialog() {
    }

    /** Shows the dialog and returns once it is closed. Call on the FX thread. */
    public static void show(I18n i18n, Throwable error) {
        Alert alert = new Alert(Alert.AlertType.ERROR, "", ButtonType.CLOSE);
        alert.setTitle(i18n.tr("startup.failed.title"));
        alert.setHeaderText(i18n.tr("startup.failed.header"));
        Label message = new Label(messageOf(i18n, error));
        message.setWrapText(true);
        message.setMaxWidth(520);
        alert.getDialogPane().setContent(message);
        alert.getDialogPane().getStylesheets().add(Resources.stylesheet());
        alert.showAndWait();
    }

    /** The text shown: the error's own message (written for people by the engine), never a stack trace. */
    public static String messageOf(I18n i18n, Throwable error) {
        if (error instanceof LaunchOptions.MissingHomeValueException) {
            return i18n.tr("startup.homeWithoutValue");
        }
        Throwable t = error;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getName() : message;
    }
}
