package io.tidemark.app.startup;

import java.util.List;
import javafx.stage.Stage;

/**
 * What a launch of the app reports as it goes, to whoever judges it: {@link NormalStartup} tells the
 * person when Tidemark cannot start, {@link SelfTest} checks each step and ends the app. Every call
 * comes on the FX thread.
 */
public interface StartupObserver {

    /** The toolkit is up and the app is about to build its window. */
    void toolkitStarted();

    /**
     * The window was shown and its first frame drawn (the renderer had finished it at
     * {@code drawnNanos}, a {@link System#nanoTime()}), most likely still opening the library;
     * {@code keyNodeIds} are the ids of the nodes it cannot do without.
     */
    void windowDrawn(Stage stage, List<String> keyNodeIds, long drawnNanos);

    /** The library is open and shown in the window, and the network has started. */
    void libraryOpened(Stage stage, List<String> keyNodeIds);

    /** Building, showing or drawing the window threw {@code error}. */
    void windowFailed(RuntimeException error);

    /** The library could not be opened or the network not started; the app has nothing to show. */
    void startupFailed(Throwable error);
}
