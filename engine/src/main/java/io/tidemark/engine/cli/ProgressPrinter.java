package io.tidemark.engine.cli;

import io.tidemark.engine.index.IndexListener;
import java.io.PrintWriter;

/** Progress on stderr, only for an interactive terminal, so scripts reading stdout get clean output. */
final class ProgressPrinter {
    private ProgressPrinter() {
    }

    static IndexListener forIndex(PrintWriter err) {
        if (System.console() == null) {
            return IndexListener.NONE;
        }
        return p -> {
            err.printf("\r%,d entries%s", p.entriesSeen(), p.entriesTotal() > 0 ? " of " + String.format("%,d", p.entriesTotal()) : "");
            err.flush();
        };
    }
}
