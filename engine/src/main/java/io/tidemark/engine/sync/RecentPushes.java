package io.tidemark.engine.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** When a realtime batch of each key last arrived: a gap seen just after one may be a burst in flight, not a gap. */
final class RecentPushes {
    /** How long after a realtime batch of a key a mismatch is taken for a burst in flight. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    private final Clock clock;
    private final Map<SyncKey, Instant> last = new ConcurrentHashMap<>();

    RecentPushes(Clock clock) {
        this.clock = clock;
    }

    void arrived(SyncKey key) {
        last.put(key, clock.instant());
    }

    boolean lately(SyncKey key) {
        Instant pushed = last.get(key);
        return pushed != null && pushed.isAfter(clock.instant().minus(QUIET));
    }
}
