package io.tidemark.engine.model;

import java.util.Objects;

/**
 * A position in one device's shared change log: every entry through {@code seq} of incarnation
 * {@code incarnation} is held. It is what a member remembers of a peer's log, what acks and pushes
 * name, and a log's head ({@code seq} the highest ever appended).
 *
 * @param incarnation the log's incarnation the seq counts in, {@link LogIncarnation#UNKNOWN} for a
 *                    position remembered before logs had incarnations (or nothing pulled yet)
 * @param seq         the last seq held, 0 for none
 */
public record LogPosition(LogIncarnation incarnation, long seq) {

    /** Nothing pulled yet, of no known incarnation: the log is read from its start. */
    public static final LogPosition START = new LogPosition(LogIncarnation.UNKNOWN, 0);

    public LogPosition {
        Objects.requireNonNull(incarnation, "incarnation");
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative: " + seq);
        }
    }

    /**
     * Whether a log now standing at {@code head} is no longer the log this position was taken in:
     * another incarnation, or a head below this position (the log went back, whether or not it
     * noticed). Its seqs then say nothing about what this position holds, so it must be read again
     * from the start. A position of unknown incarnation is taken to be of the head's while the head
     * has not fallen below it: that is all a position remembered before incarnations can tell.
     */
    public boolean replacedBy(LogPosition head) {
        return (incarnation.isKnown() && !incarnation.equals(head.incarnation)) || seq > head.seq;
    }

    @Override
    public String toString() {
        return seq + "@" + incarnation;
    }
}
