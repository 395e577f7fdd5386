package io.tidemark.engine.index;

import java.util.concurrent.CancellationException;

/**
 * An index run stopped because it was cancelled. What it had found so far was committed (each batch
 * holds parents before their children, so the committed rows form valid trees); nothing was deleted,
 * since a folder that was not walked to the end says nothing about what vanished. Running the index
 * again finishes the job cheaply: the committed entries come back unchanged.
 */
public final class IndexCancelledException extends CancellationException {
    private final transient IndexReport partial;

    public IndexCancelledException(IndexReport partial) {
        super("Indexing " + partial.path() + " was cancelled after " + (partial.added() + partial.updated()
                + partial.unchanged()) + " entries; what was found so far is saved.");
        this.partial = partial;
    }

    /** The counts up to the cancellation ({@code deleted} is always 0). */
    public IndexReport partial() {
        return partial;
    }
}
