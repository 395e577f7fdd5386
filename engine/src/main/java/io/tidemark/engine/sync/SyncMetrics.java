package io.tidemark.engine.sync;

import io.tidemark.engine.identity.DeviceId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records moved per peer since start, counted where they are applied or served. Cheap enough for
 * every page and push (striped adders); whoever persists per-minute metrics reads the totals and
 * stores differences.
 */
public final class SyncMetrics {
    /** Running totals for one peer. */
    public record Totals(long recordsIn, long recordsOut) {
    }

    private static final class Counters {
        final LongAdder in = new LongAdder();
        final LongAdder out = new LongAdder();
    }

    private final Map<DeviceId, Counters> peers = new ConcurrentHashMap<>();

    /** {@code n} records (rows or deletes) from {@code peer} were applied here. */
    public void recordsIn(DeviceId peer, long n) {
        counters(peer).in.add(n);
    }

    /** {@code n} records were sent to {@code peer} (served pages and pushes). */
    public void recordsOut(DeviceId peer, long n) {
        counters(peer).out.add(n);
    }

    public Map<DeviceId, Totals> totals() {
        Map<DeviceId, Totals> out = new java.util.HashMap<>();
        peers.forEach((peer, c) -> out.put(peer, new Totals(c.in.sum(), c.out.sum())));
        return out;
    }

    private Counters counters(DeviceId peer) {
        return peers.computeIfAbsent(peer, p -> new Counters());
    }
}
