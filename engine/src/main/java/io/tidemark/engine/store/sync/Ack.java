package io.tidemark.engine.store.sync;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A peer's acknowledgement of this device's shared change log.
 *
 * @param peer      the acknowledging peer's device id
 * @param seq       the peer holds every entry of this device's log with a seq at or below this
 * @param updatedAt when the acknowledgement last moved (millisecond precision)
 */
public record Ack(byte[] peer, long seq, Instant updatedAt) {
    public Ack {
        peer = SqlValues.peerId(peer, "peer");
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative: " + seq);
        }
        updatedAt = SqlValues.requireMillis(updatedAt, "updatedAt");
    }

    @Override
    public byte[] peer() {
        return peer.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ack a && Arrays.equals(peer, a.peer) && seq == a.seq && updatedAt.equals(a.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(peer), seq, updatedAt);
    }

    @Override
    public String toString() {
        return "Ack[peer=" + SqlValues.hex(peer) + ", seq=" + seq + ", updatedAt=" + updatedAt + "]";
    }
}
