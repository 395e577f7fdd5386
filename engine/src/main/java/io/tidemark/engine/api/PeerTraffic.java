package io.tidemark.engine.api;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.sync.SyncMetrics;
import io.tidemark.engine.transport.PeerService;
import java.util.HashMap;
import java.util.Map;

/**
 * What moved between this device and one member since the engine started: records (rows and
 * deletes) applied from it and sent to it, frame bytes read and written, and the latest round-trip
 * time and wall-clock offset (its clock minus ours) while it is connected (null otherwise). The
 * counters never decrease, so per-minute figures and Prometheus rates are differences of them.
 */
public record PeerTraffic(long recordsIn, long recordsOut, long bytesIn, long bytesOut, Long rttMs, Long clockOffsetMs) {

    public static final PeerTraffic ZERO = new PeerTraffic(0, 0, 0, 0, null, null);

    /** Traffic with no clock measurement. */
    public PeerTraffic(long recordsIn, long recordsOut, long bytesIn, long bytesOut, Long rttMs) {
        this(recordsIn, recordsOut, bytesIn, bytesOut, rttMs, null);
    }

    /**
     * Joins the record counters with the connection figures of {@code peers} (null while the network
     * is off). A member appears as soon as either side knows it.
     */
    public static Map<DeviceId, PeerTraffic> of(SyncMetrics records, PeerService peers) {
        Map<DeviceId, PeerTraffic> out = new HashMap<>();
        records.totals().forEach((peer, t) -> out.put(peer, new PeerTraffic(t.recordsIn(), t.recordsOut(), 0, 0, null)));
        if (peers != null) {
            peers.statuses().forEach((peer, s) -> {
                PeerTraffic r = out.getOrDefault(peer, ZERO);
                boolean connected = s.state() == PeerService.State.CONNECTED;
                out.put(peer, new PeerTraffic(r.recordsIn(), r.recordsOut(), s.bytesIn(), s.bytesOut(), connected ? s.rttMs() : null,
                        connected ? s.clockOffsetMs() : null));
            });
        }
        return out;
    }
}
