package io.tidemark.app.indexing;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

/** Asks the person for a folder. The app uses the system's folder dialog; tests pass their own. */
@FunctionalInterface
public interface FolderPicker {

    /** The chosen folder, or empty if the person cancelled. Called on the FX thread. */
    Optional<Path> pick(Window owner);

    /** The system folder dialog, opening where the previous choice was made. */
    static FolderPicker directoryChooser(String title) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        return owner -> {
            File chosen = chooser.showDialog(owner);
            if (chosen == null) {
                return Optional.empty();
            }
            File parent = chosen.getParentFile();
            chooser.setInitialDirectory(parent != null && parent.isDirectory() ? parent : null);
            return Optional.of(chosen.toPath());
        };
    }
}
