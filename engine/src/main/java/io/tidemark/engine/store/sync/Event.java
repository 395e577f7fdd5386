package io.tidemark.engine.store.sync;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of the persistent sync history (peer connected, backfill finished, error, ...).
 *
 * @param at          when it happened (millisecond precision)
 * @param kind        a short machine-readable kind, e.g. {@code peer.connected}
 * @param peer        the peer it concerns, or null
 * @param message     a sentence for people
 * @param detailsJson structured details as a JSON text, or null
 */
public record Event(Instant at, String kind, byte[] peer, String message, String detailsJson) {

    public Event {
        at = SqlValues.requireMillis(at, "at");
        Objects.requireNonNull(kind, "kind");
        if (kind.isEmpty()) {
            throw new IllegalArgumentException("kind must not be empty");
        }
        peer = SqlValues.nullablePeerId(peer, "peer");
        Objects.requireNonNull(message, "message");
    }

    /** A copy of the peer id, or null. */
    @Override
    public byte[] peer() {
        return peer == null ? null : peer.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event e
                && at.equals(e.at) && kind.equals(e.kind) && Arrays.equals(peer, e.peer)
                && message.equals(e.message) && Objects.equals(detailsJson, e.detailsJson);
    }

    @Override
    public int hashCode() {
        return Objects.hash(at, kind, Arrays.hashCode(peer), message, detailsJson);
    }

    @Override
    public String toString() {
        return "Event[at=" + at + ", kind=" + kind + ", peer=" + SqlValues.hex(peer) + ", message=" + message
                + ", detailsJson=" + detailsJson + "]";
    }
}
