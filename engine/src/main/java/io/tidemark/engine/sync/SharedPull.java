package io.tidemark.engine.sync;

import java.time.Instant;
import java.util.Map;

/**
 * A pull of a member's shared log under way: when it started and how many rows of each shared type
 * this device held then. With the member's counts from its exchange and ours now, that gives each
 * shared type's progress, rate and ETA without touching the pull itself.
 */
public record SharedPull(Instant startedAt, Map<String, Long> countsAtStart) {
    public SharedPull {
        countsAtStart = Map.copyOf(countsAtStart);
    }

    /** Progress of one shared type: {@code now} rows held of the member's {@code theirs}. */
    public KeyProgress progress(String type, long now, long theirs, Instant at) {
        long start = countsAtStart.getOrDefault(type, 0L);
        return new KeyProgress(now, Math.max(now, theirs), start, startedAt, at, now < theirs, start == 0);
    }
}
