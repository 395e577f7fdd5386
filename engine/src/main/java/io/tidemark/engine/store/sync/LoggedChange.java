package io.tidemark.engine.store.sync;

import java.util.Objects;

/**
 * A change-log entry at its place in this device's log.
 *
 * @param seq   its position in this device's append order; never reused, so a puller's "after seq"
 *              can never land behind an entry appended later
 * @param entry the change
 */
public record LoggedChange(long seq, ChangeLogEntry entry) {
    public LoggedChange {
        if (seq <= 0) {
            throw new IllegalArgumentException("seq must be positive, got " + seq);
        }
        Objects.requireNonNull(entry, "entry");
    }
}
