package io.tidemark.engine.store.sync;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A peer's acknowledgement of the shared change log.
 *
 * @param peer      the acknowledging peer's device id
 * @param hlc       the peer holds every log entry with an HLC at or below this packed value
 * @param updatedAt when the acknowledgement last moved (millisecond precision)
 */
public record Ack(byte[] peer, long hlc, Instant updatedAt) {
    public Ack {
        peer = SqlValues.peerId(peer, "peer");
        if (hlc < 0) {
            throw new IllegalArgumentException("hlc must not be negative: " + hlc);
        }
        updatedAt = SqlValues.requireMillis(updatedAt, "updatedAt");
    }

    @Override
    public byte[] peer() {
        return peer.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ack a && Arrays.equals(peer, a.peer) && hlc == a.hlc && updatedAt.equals(a.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(peer), hlc, updatedAt);
    }

    @Override
    public String toString() {
        return "Ack[peer=" + SqlValues.hex(peer) + ", hlc=" + hlc + ", updatedAt=" + updatedAt + "]";
    }
}
