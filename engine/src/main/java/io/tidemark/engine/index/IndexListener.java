package io.tidemark.engine.index;

/** Receives progress from the indexer's thread; implementations must not block. */
@FunctionalInterface
public interface IndexListener {
    IndexListener NONE = progress -> { };

    void onProgress(IndexProgress progress);
}
