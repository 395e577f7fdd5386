package io.tidemark.app.indexing;

import io.tidemark.app.common.Errors;
import io.tidemark.app.common.I18n;
import io.tidemark.app.common.LatestValueRelay;
import io.tidemark.engine.index.IndexListener;
import io.tidemark.engine.index.IndexProgress;
import io.tidemark.engine.index.IndexReport;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Adding a folder: starts an index on the engine's thread and shows its progress and outcome. The
 * engine reports progress on its own thread; {@link LatestValueRelay} hands only the latest report
 * to the FX thread, one hand-over at a time. Every property changes on the FX thread only.
 */
public final class IndexingViewModel {

    /** Starts an index and returns at once; {@code Engine::index} in the app. */
    @FunctionalInterface
    public interface Indexer {
        CompletableFuture<IndexReport> index(Path folder, IndexListener listener);
    }

    /** Where the bar stands. */
    public enum Status { IDLE, RUNNING, DONE, FAILED }

    /** The progress value of an indeterminate bar (the same as {@code ProgressBar.INDETERMINATE_PROGRESS}). */
    public static final double INDETERMINATE = -1;

    private final Indexer indexer;
    private final Executor fxThread;
    private final I18n i18n;

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyStringWrapper currentPath = new ReadOnlyStringWrapper(this, "currentPath", "");
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper(this, "statusText", "");
    private final ReadOnlyObjectWrapper<Status> status = new ReadOnlyObjectWrapper<>(this, "status", Status.IDLE);
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(this, "available", true);

    /**
     * @param indexer  starts an index off the FX thread
     * @param fxThread runs work on the FX thread ({@code Platform::runLater} in the app)
     */
    public IndexingViewModel(Indexer indexer, Executor fxThread, I18n i18n) {
        this.indexer = Objects.requireNonNull(indexer, "indexer");
        this.fxThread = Objects.requireNonNull(fxThread, "fxThread");
        this.i18n = Objects.requireNonNull(i18n, "i18n");
        statusText.set(i18n.tr("indexing.ready"));
    }

    /**
     * Starts indexing {@code folder} unless an index is already running. Call on the FX thread;
     * returns at once.
     *
     * @return whether an index was started
     */
    public boolean index(Path folder) {
        if (running.get() || !available.get()) {
            return false;
        }
        String shown = displayName(folder);
        running.set(true);
        status.set(Status.RUNNING);
        statusText.set(i18n.tr("indexing.running", shown));
        progress.set(INDETERMINATE);
        progressText.set("");
        currentPath.set("");

        LatestValueRelay<IndexProgress> relay = new LatestValueRelay<>(fxThread, this::showProgress);
        CompletableFuture<IndexReport> done;
        try {
            done = indexer.index(folder, relay::offer);
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        done.whenComplete((report, error) -> fxThread.execute(() -> finish(relay, shown, report, error)));
        return true;
    }

    /**
     * Whether folders can be added: not while the engine is still opening the library. Until then the
     * status line says nothing rather than "Ready.". Call on the FX thread.
     */
    public void setAvailable(boolean value) {
        if (available.get() == value) {
            return;
        }
        available.set(value);
        if (status.get() == Status.IDLE) {
            statusText.set(value ? i18n.tr("indexing.ready") : "");
        }
    }

    private void showProgress(IndexProgress p) {
        if (!running.get()) {
            return;
        }
        double fraction = p.fraction();
        progress.set(fraction < 0 ? INDETERMINATE : fraction);
        progressText.set(p.entriesTotal() > 0
                ? i18n.tr("indexing.progress", p.entriesSeen(), p.entriesTotal())
                : i18n.tr("indexing.progress.unknownTotal", p.entriesSeen()));
        currentPath.set(p.currentPath() == null ? "" : p.currentPath());
    }

    private void finish(LatestValueRelay<IndexProgress> relay, String shown, IndexReport report, Throwable error) {
        relay.close();
        progressText.set("");
        currentPath.set("");
        if (error != null || report == null) {
            progress.set(0);
            status.set(Status.FAILED);
            statusText.set(i18n.tr("indexing.failed", shown, messageOf(error)));
        } else {
            progress.set(1);
            status.set(Status.DONE);
            statusText.set(i18n.tr("indexing.done", shown, report.added(), report.updated(), report.deleted(),
                    report.skipped().size()));
        }
        running.set(false);
    }

    /** The folder as the status line names it: its own name, or the whole path for a root. */
    static String displayName(Path folder) {
        Path name = folder.getFileName();
        return name == null ? folder.toString() : name.toString();
    }

    /** The message meant for a person: the cause's own message, without wrapper exceptions or a stack trace. */
    static String messageOf(Throwable error) {
        return Errors.messageOf(error);
    }

    /** Whether folders can be added now; see {@link #setAvailable}. */
    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** 0..1, or {@link #INDETERMINATE} while the total is unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** "120 of 400 entries" while running, else empty. */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** The path being indexed now, while running, else empty. */
    public ReadOnlyStringProperty currentPathProperty() {
        return currentPath.getReadOnlyProperty();
    }

    /** The status line: ready, indexing, the last run's summary or its error. */
    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Status> statusProperty() {
        return status.getReadOnlyProperty();
    }
}
