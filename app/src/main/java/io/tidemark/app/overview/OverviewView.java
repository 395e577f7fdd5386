package io.tidemark.app.overview;

import atlantafx.base.theme.Styles;
import io.tidemark.app.common.Formats;
import io.tidemark.app.common.I18n;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.geometry.HPos;
import javafx.scene.Node;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The overview: a header naming this device and its library, and the table of record counts per
 * resource type and owner. Pure layout and bindings; all state lives in {@link OverviewViewModel}.
 */
public final class OverviewView {
    /** Ids of the table and its columns, for tests and stylesheets. */
    public static final String TABLE_ID = "countsTable";
    public static final String TYPE_COLUMN_ID = "typeColumn";
    public static final String OWNER_COLUMN_ID = "ownerColumn";
    public static final String COUNT_COLUMN_ID = "countColumn";

    private final OverviewViewModel model;
    private final I18n i18n;
    private final VBox root;

    public OverviewView(OverviewViewModel model, I18n i18n) {
        this.model = model;
        this.i18n = i18n;
        VBox counts = new VBox(table());
        counts.getStyleClass().add("tidemark-counts");
        VBox.setVgrow(counts.getChildren().get(0), Priority.ALWAYS);
        VBox.setVgrow(counts, Priority.ALWAYS);
        this.root = new VBox(header(), counts);
    }

    public Node root() {
        return root;
    }

    private Node header() {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("tidemark-header");
        ColumnConstraints caption = new ColumnConstraints();
        caption.setHalignment(HPos.LEFT);
        ColumnConstraints name = new ColumnConstraints();
        name.setHgrow(Priority.SOMETIMES);
        ColumnConstraints id = new ColumnConstraints();
        id.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(caption, name, id);

        addHeaderRow(grid, 0, Feather.MONITOR, i18n.tr("header.device"), "deviceName", model.deviceNameProperty(),
                "deviceId", model.deviceIdProperty(), i18n.tr("header.deviceId.tooltip"));
        addHeaderRow(grid, 1, Feather.BOOK_OPEN, i18n.tr("header.library"), "libraryName", model.libraryNameProperty(),
                "libraryId", model.libraryIdProperty(), i18n.tr("header.libraryId.tooltip"));
        return grid;
    }

    private static void addHeaderRow(GridPane grid, int row, Feather icon, String caption,
                                     String nameId, ObservableValue<String> name,
                                     String idId, ObservableValue<String> id, String idTooltip) {
        Label captionLabel = new Label(caption, new FontIcon(icon));
        captionLabel.getStyleClass().add("header-caption");
        captionLabel.setMinWidth(Region.USE_PREF_SIZE);
        Label nameLabel = new Label();
        nameLabel.setId(nameId);
        nameLabel.getStyleClass().add("header-name");
        nameLabel.setMinWidth(Region.USE_PREF_SIZE);
        nameLabel.textProperty().bind(name);
        Label idLabel = new Label();
        idLabel.setId(idId);
        idLabel.getStyleClass().add("header-id");
        // On a narrow window the id gives way (its middle elided), never the caption or the name; the
        // tooltip has it whole.
        Tooltip tooltip = new Tooltip();
        tooltip.textProperty().bind(id.map(value -> idTooltip + "\n" + value));
        idLabel.setTooltip(tooltip);
        idLabel.setMinWidth(0);
        idLabel.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
        idLabel.textProperty().bind(id);
        grid.addRow(row, captionLabel, nameLabel, idLabel);
    }

    private TableView<CountRow> table() {
        TableView<CountRow> table = new TableView<>(model.rows());
        table.setId(TABLE_ID);
        table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE);
        Label placeholder = new Label();
        placeholder.textProperty().bind(model.loadedProperty().map(loaded -> loaded
                ? i18n.tr("table.empty") : i18n.tr("table.opening")));
        table.setPlaceholder(placeholder);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setSelectionModel(null);
        table.setFocusTraversable(false);

        TableColumn<CountRow, CountRow> type = column(i18n.tr("table.type"), TYPE_COLUMN_ID);
        type.setPrefWidth(220);
        type.setCellFactory(c -> new TextCell(row -> i18n.resourceType(row.type()), row -> null));

        TableColumn<CountRow, CountRow> owner = column(i18n.tr("table.owner"), OWNER_COLUMN_ID);
        owner.setPrefWidth(260);
        String thisDevice = i18n.tr("table.thisDevice");
        owner.setCellFactory(c -> {
            TextCell cell = new TextCell(row -> row.shared() ? i18n.tr("table.shared") : row.ownerName(),
                    row -> row.shared() ? "shared-owner" : null);
            // This device's rows carry a quiet marker after the name; the cell's text stays the name.
            Label marker = new Label(thisDevice);
            marker.getStyleClass().add("this-device-marker");
            cell.setContentDisplay(ContentDisplay.RIGHT);
            cell.setGraphicTextGap(8);
            cell.itemProperty().addListener((obs, old, row) -> cell.setGraphic(row != null && row.thisDevice() ? marker : null));
            return cell;
        });

        TableColumn<CountRow, CountRow> count = column(i18n.tr("table.count"), COUNT_COLUMN_ID);
        count.setPrefWidth(140);
        count.getStyleClass().add("count-column");
        count.setCellFactory(c -> {
            TextCell cell = new TextCell(row -> Formats.count(row.count(), i18n.locale()),
                    row -> row.count() == 0 ? "zero-count" : null);
            cell.getStyleClass().add("count-cell");
            return cell;
        });

        table.getColumns().add(type);
        table.getColumns().add(owner);
        table.getColumns().add(count);
        return table;
    }

    private static TableColumn<CountRow, CountRow> column(String title, String id) {
        TableColumn<CountRow, CountRow> column = new TableColumn<>(title);
        column.setId(id);
        column.setSortable(false);
        column.setReorderable(false);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        return column;
    }

    /** A cell showing one text of its row, with an optional extra style class. */
    private static final class TextCell extends TableCell<CountRow, CountRow> {
        private final Function<CountRow, String> text;
        private final Function<CountRow, String> styleClass;
        private String appliedStyle;

        TextCell(Function<CountRow, String> text, Function<CountRow, String> styleClass) {
            this.text = text;
            this.styleClass = styleClass;
        }

        @Override
        protected void updateItem(CountRow row, boolean empty) {
            super.updateItem(row, empty);
            if (appliedStyle != null) {
                getStyleClass().remove(appliedStyle);
                appliedStyle = null;
            }
            if (empty || row == null) {
                setText(null);
                return;
            }
            setText(text.apply(row));
            String style = styleClass.apply(row);
            if (style != null) {
                getStyleClass().add(style);
                appliedStyle = style;
            }
        }
    }
}
