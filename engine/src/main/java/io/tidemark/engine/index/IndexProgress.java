package io.tidemark.engine.index;

/**
 * Progress of a running index: entries seen so far, and — once the walk has counted them — the total
 * expected ({@code -1} while unknown). {@link FolderIndexer} does not walk twice to count, so it
 * reports {@code -1} while walking and the total with its last report, when the run is done.
 * {@code currentPath} is for display only.
 */
public record IndexProgress(long entriesSeen, long entriesTotal, long bytesHashed, String currentPath) {

    /** 0..1, or -1 when the total is unknown (an indeterminate progress bar). */
    public double fraction() {
        return entriesTotal <= 0 ? -1 : Math.min(1.0, (double) entriesSeen / entriesTotal);
    }
}
