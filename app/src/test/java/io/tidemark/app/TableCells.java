package io.tidemark.app;

import io.tidemark.app.overview.OverviewView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Reads what the counts table shows on screen: the text of each visible row's cells. */
final class TableCells {
    private TableCells() {
    }

    /** One shown row: the texts of the type, owner and count cells. */
    record Shown(String type, String owner, String count) {
        @Override
        public String toString() {
            return type + " | " + owner + " | " + count;
        }
    }

    /** The non-empty rows as drawn, top to bottom. Reads on the FX thread. */
    static List<Shown> read(FxRobot robot) {
        TableView<?> table = robot.lookup("#" + OverviewView.TABLE_ID).queryAs(TableView.class);
        try {
            return WaitForAsyncUtils.asyncFx(() -> readOnFxThread(table)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not read the table", e);
        }
    }

    private static List<Shown> readOnFxThread(TableView<?> table) {
        List<TableRow<?>> rows = new ArrayList<>();
        for (Node n : table.lookupAll(".table-row-cell")) {
            if (n instanceof TableRow<?> row && !row.isEmpty() && row.getItem() != null && row.isVisible()) {
                rows.add(row);
            }
        }
        rows.sort(Comparator.comparingInt(TableRow::getIndex));
        List<Shown> shown = new ArrayList<>();
        for (TableRow<?> row : rows) {
            String type = null;
            String owner = null;
            String count = null;
            for (Node n : row.lookupAll(".table-cell")) {
                if (n instanceof TableCell<?, ?> cell && cell.getTableColumn() != null) {
                    switch (cell.getTableColumn().getId()) {
                        case OverviewView.TYPE_COLUMN_ID -> type = cell.getText();
                        case OverviewView.OWNER_COLUMN_ID -> owner = cell.getText();
                        case OverviewView.COUNT_COLUMN_ID -> count = cell.getText();
                        default -> { }
                    }
                }
            }
            shown.add(new Shown(type, owner, count));
        }
        return shown;
    }
}
