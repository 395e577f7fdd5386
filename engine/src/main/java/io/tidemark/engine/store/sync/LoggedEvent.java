package io.tidemark.engine.store.sync;

import java.util.Objects;

/**
 * An {@link Event} as stored, with its id. Ids grow strictly and are never reused, so
 * {@link EventStore#since(long, int)} with the last id seen streams history without gaps.
 */
public record LoggedEvent(long id, Event event) {
    public LoggedEvent {
        if (id <= 0) {
            throw new IllegalArgumentException("event ids are positive, got " + id);
        }
        Objects.requireNonNull(event, "event");
    }
}
