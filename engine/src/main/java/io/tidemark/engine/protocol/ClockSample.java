package io.tidemark.engine.protocol;

import java.util.Objects;

/**
 * Round-trip time and clock offset from one {@link Message.Ping}/{@link Message.Pong} exchange, NTP-style.
 *
 * <p>Why: the engine orders changes with a hybrid logical clock, which tolerates skew but should warn about large
 * skew, and keepalives are a free measurement. With t0 = ping sent (local clock), t1 = ping received (remote),
 * t2 = pong sent (remote), t3 = pong received (local):
 * <pre>
 *   rtt    = (t3 - t0) - (t2 - t1)
 *   offset = ((t1 - t0) + (t2 - t3)) / 2      (remote clock minus local clock)
 * </pre>
 * The offset is exact when the two network legs take equal time; its error is at most rtt / 2.
 *
 * @param rttMillis network round-trip time, excluding the responder's processing time; never negative
 * @param clockOffsetMillis how far the remote wall clock is ahead of the local one (negative: behind)
 */
public record ClockSample(long rttMillis, long clockOffsetMillis) {
    public ClockSample {
        if (rttMillis < 0) {
            throw new IllegalArgumentException("rttMillis must not be negative, was " + rttMillis);
        }
    }

    /**
     * Computes a sample from the four timestamps. A negative computed rtt (clocks stepped mid-exchange, or a lying
     * peer) is clamped to zero rather than rejected, since the offset is still the best estimate available.
     */
    public static ClockSample compute(long t0, long t1, long t2, long t3) {
        long rtt = Math.max(0, (t3 - t0) - (t2 - t1));
        long offset = Math.floorDiv((t1 - t0) + (t2 - t3), 2);
        return new ClockSample(rtt, offset);
    }

    /**
     * {@code member}'s wall clock against this device's, as people read it: "desk's clock is 2 h 3 min
     * ahead of this device's" (or "behind"), for events and doctor alike.
     */
    public static String inWords(String member, long clockOffsetMillis) {
        return member + "'s clock is " + io.tidemark.engine.model.Counted.span(clockOffsetMillis)
                + (clockOffsetMillis < 0 ? " behind" : " ahead of") + " this device's";
    }

    /** Computes a sample from a pong that arrived at {@code receivedAtMillis} on the local clock. */
    public static ClockSample from(Message.Pong pong, long receivedAtMillis) {
        Objects.requireNonNull(pong, "pong");
        return compute(pong.pingSentAtMillis(), pong.receivedAtMillis(), pong.sentAtMillis(), receivedAtMillis);
    }
}
