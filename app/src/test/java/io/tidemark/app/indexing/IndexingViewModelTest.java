package io.tidemark.app.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.common.I18n;
import io.tidemark.engine.index.IndexListener;
import io.tidemark.engine.index.IndexProgress;
import io.tidemark.engine.index.IndexReport;
import io.tidemark.engine.index.SkippedPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The indexing bar's logic, with a queue standing in for the FX thread: no toolkit needed. */
class IndexingViewModelTest {
    private final Queue<Runnable> fxQueue = new ArrayDeque<>();
    private final Executor fxThread = fxQueue::add;
    private final I18n i18n = I18n.forLocale(Locale.ENGLISH);
    private IndexListener listener;
    private CompletableFuture<IndexReport> result = new CompletableFuture<>();
    private final IndexingViewModel model = new IndexingViewModel((folder, l) -> {
        listener = l;
        return result;
    }, fxThread, i18n);

    private void runFxQueue() {
        for (Runnable r; (r = fxQueue.poll()) != null; ) {
            r.run();
        }
    }

    @Test
    void progressIsCoalescedToOneHandOverCarryingTheLatestReport() {
        assertThat(model.statusTextProperty().get()).isEqualTo("Ready.");
        assertThat(model.index(Path.of("/data/Music"))).isTrue();
        assertThat(model.runningProperty().get()).isTrue();
        assertThat(model.progressProperty().get()).isEqualTo(IndexingViewModel.INDETERMINATE);
        assertThat(model.statusTextProperty().get()).isEqualTo("Indexing Music…");

        for (int i = 1; i <= 1_000; i++) {
            listener.onProgress(new IndexProgress(i, -1, 0, "/data/Music/" + i + ".flac"));
        }
        assertThat(fxQueue).hasSize(1);
        runFxQueue();
        assertThat(model.progressTextProperty().get()).isEqualTo("1,000 entries so far");
        assertThat(model.currentPathProperty().get()).isEqualTo("/data/Music/1000.flac");
        assertThat(model.progressProperty().get()).isEqualTo(IndexingViewModel.INDETERMINATE);

        listener.onProgress(new IndexProgress(500, 2_000, 0, "/data/Music/a.flac"));
        listener.onProgress(new IndexProgress(1_500, 2_000, 0, "/data/Music/b.flac"));
        assertThat(fxQueue).hasSize(1);
        runFxQueue();
        assertThat(model.progressProperty().get()).isEqualTo(0.75);
        assertThat(model.progressTextProperty().get()).isEqualTo("1,500 of 2,000 entries");

        assertThat(model.index(Path.of("/data/Other"))).as("one index at a time").isFalse();

        listener.onProgress(new IndexProgress(1_999, 2_000, 0, "/data/Music/c.flac"));
        result.complete(new IndexReport(UUID.randomUUID(), "/data/Music", 1_990, 3, 2, 5, 0,
                List.of(new SkippedPath("x", "unreadable"), new SkippedPath("y", "vanished")), Duration.ofSeconds(1)));
        runFxQueue();
        assertThat(model.runningProperty().get()).isFalse();
        assertThat(model.statusProperty().get()).isEqualTo(IndexingViewModel.Status.DONE);
        assertThat(model.statusTextProperty().get())
                .isEqualTo("Indexed Music: 1,990 added, 3 updated, 2 deleted, 2 skipped.");
        assertThat(model.currentPathProperty().get()).isEmpty();
        assertThat(model.progressTextProperty().get()).isEmpty();

        // A report that arrives after the end changes nothing.
        listener.onProgress(new IndexProgress(2_000, 2_000, 0, "/late"));
        runFxQueue();
        assertThat(model.currentPathProperty().get()).isEmpty();
    }

    @Test
    void aFailureShowsTheCausesMessageWithoutWrappers() {
        result.completeExceptionally(new CompletionException(new IllegalArgumentException("Not a folder: /nope")));
        model.index(Path.of("/nope"));
        runFxQueue();
        assertThat(model.statusProperty().get()).isEqualTo(IndexingViewModel.Status.FAILED);
        assertThat(model.statusTextProperty().get()).isEqualTo("Could not index nope: Not a folder: /nope");
        assertThat(model.runningProperty().get()).isFalse();
        assertThat(model.index(Path.of("/again"))).as("a new index may start after a failure").isTrue();
    }

    @Test
    void anIndexerThatThrowsAtOnceIsReportedTheSameWay() {
        IndexingViewModel refusing = new IndexingViewModel((folder, l) -> {
            throw new java.util.concurrent.RejectedExecutionException("The engine is closing.");
        }, fxThread, i18n);
        refusing.index(Path.of("/"));
        runFxQueue();
        assertThat(refusing.statusTextProperty().get()).isEqualTo("Could not index /: The engine is closing.");
    }

    @Test
    void anExceptionWithoutMessageIsNamedByItsType() {
        assertThat(IndexingViewModel.messageOf(new CompletionException(new NullPointerException())))
                .isEqualTo("NullPointerException");
    }

    @Test
    void germanSummary() {
        IndexingViewModel german = new IndexingViewModel((folder, l) -> CompletableFuture.completedFuture(
                new IndexReport(UUID.randomUUID(), "/x/Bilder", 12_345, 0, 0, 0, 0, List.of(), Duration.ZERO)),
                fxThread, I18n.forLocale(Locale.GERMAN));
        german.index(Path.of("/x/Bilder"));
        runFxQueue();
        assertThat(german.statusTextProperty().get())
                .isEqualTo("Bilder indiziert: 12.345 hinzugefügt, 0 geändert, 0 gelöscht, 0 übersprungen.");
    }

    @Test
    void whileTheLibraryOpensNoFolderCanBeAddedAndTheBarDoesNotClaimToBeReady() {
        model.setAvailable(false);

        assertThat(model.availableProperty().get()).isFalse();
        assertThat(model.statusTextProperty().get()).isEmpty();
        assertThat(model.index(Path.of("/data/Music"))).isFalse();
        assertThat(listener).as("the engine was not asked").isNull();

        model.setAvailable(true);

        assertThat(model.statusTextProperty().get()).isEqualTo("Ready.");
        assertThat(model.index(Path.of("/data/Music"))).isTrue();
    }
}
