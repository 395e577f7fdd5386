package io.tidemark.engine.sync;

import java.time.Instant;

/**
 * Where a surgical recovery of one (owner, type) from one member stands, for status and the app:
 * idle, checking (a gap was seen, confirming it on the next exchange) or repairing with done/total;
 * and what the last one did, in words, with its figures.
 */
public record RecoveryView(Phase phase, long done, long total, Summary last) {
    public enum Phase { IDLE, CHECKING, REPAIRING }

    /** What the last recovery did: records fetched and removed, bytes moved, round trips, and when it ended. */
    public record Summary(long fetched, long removed, long bytes, int roundTrips, long millis, long rowsAfter, long deletesAfter,
                          boolean matched, Instant at, String text) {
    }

    public static RecoveryView idle(Summary last) {
        return new RecoveryView(Phase.IDLE, 0, 0, last);
    }
}
