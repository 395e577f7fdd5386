package io.tidemark.app.indexing;

import atlantafx.base.theme.Styles;
import io.tidemark.app.common.I18n;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The bar at the bottom of the window: the "Add folder…" button, a progress bar and the current
 * path while an index runs, and a status line with the outcome.
 */
public final class IndexingView {
    public static final String ADD_BUTTON_ID = "addFolderButton";
    public static final String PROGRESS_ID = "indexProgress";
    public static final String STATUS_ID = "indexStatus";
    public static final String PROGRESS_TEXT_ID = "indexProgressText";
    public static final String CURRENT_PATH_ID = "indexCurrentPath";

    private final HBox root;

    public IndexingView(IndexingViewModel model, FolderPicker picker, I18n i18n) {
        Button add = new Button(i18n.tr("indexing.addFolder"), new FontIcon(Feather.FOLDER_PLUS));
        add.setId(ADD_BUTTON_ID);
        add.getStyleClass().add(Styles.ACCENT);
        add.setMinWidth(Region.USE_PREF_SIZE);
        add.disableProperty().bind(model.runningProperty().or(model.availableProperty().not()));
        add.setOnAction(e -> picker.pick(add.getScene() == null ? null : add.getScene().getWindow())
                .ifPresent(model::index));

        ProgressBar bar = new ProgressBar();
        bar.setId(PROGRESS_ID);
        bar.progressProperty().bind(model.progressProperty());
        bar.visibleProperty().bind(model.runningProperty());
        bar.managedProperty().bind(model.runningProperty());
        // Keep its width however long the path beside it gets.
        bar.setMinWidth(Region.USE_PREF_SIZE);

        Label status = new Label();
        status.setId(STATUS_ID);
        status.textProperty().bind(model.statusTextProperty());
        status.setTextOverrun(OverrunStyle.ELLIPSIS);
        status.setMinWidth(0);
        status.setMaxWidth(Double.MAX_VALUE);
        model.statusProperty().addListener((obs, old, now) -> styleStatus(status, now));
        styleStatus(status, model.statusProperty().get());

        Label progressText = new Label();
        progressText.setId(PROGRESS_TEXT_ID);
        progressText.getStyleClass().add("indexing-detail");
        progressText.textProperty().bind(model.progressTextProperty());
        progressText.setMinWidth(Region.USE_PREF_SIZE);

        Label currentPath = new Label();
        currentPath.setId(CURRENT_PATH_ID);
        currentPath.getStyleClass().add("indexing-detail");
        currentPath.textProperty().bind(model.currentPathProperty());
        currentPath.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
        currentPath.setMinWidth(0);
        currentPath.setPrefWidth(0);
        currentPath.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(currentPath, Priority.ALWAYS);

        HBox detail = new HBox(10, progressText, currentPath);
        detail.setAlignment(Pos.CENTER_LEFT);
        detail.visibleProperty().bind(model.runningProperty());
        detail.managedProperty().bind(model.runningProperty());

        VBox text = new VBox(2, status, detail);
        text.setAlignment(Pos.CENTER_LEFT);
        // Takes the room that is left and never asks for more, so a long path is shortened in the middle.
        text.setMinWidth(0);
        text.setPrefWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);

        root = new HBox(add, bar, text);
        root.getStyleClass().add("tidemark-indexing");
    }

    private static void styleStatus(Label status, IndexingViewModel.Status now) {
        status.getStyleClass().removeAll("status-done", "status-failed");
        if (now == IndexingViewModel.Status.DONE) {
            status.getStyleClass().add("status-done");
        } else if (now == IndexingViewModel.Status.FAILED) {
            status.getStyleClass().add("status-failed");
        }
    }

    public Node root() {
        return root;
    }
}
