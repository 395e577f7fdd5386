package io.tidemark.engine.transport;

import java.util.Objects;

/** A line for the event history about a clock: its kind (e.g. {@code clock.skew}) and its words for people. */
record ClockEvent(String kind, String message) {
    ClockEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
