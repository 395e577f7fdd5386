package io.tidemark.app.testing;

import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.api.EngineSnapshot.PeerState;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A snapshot with two members and one nearby device, as the devices tests expect it. */
public final class PeerSnapshots {
    public static final UUID SELF = UUID.fromString("0192f3a4-7b2c-7d4e-8a1b-2c3d4e5f6a7b");
    public static final UUID LIBRARY = UUID.fromString("0192f3a4-0000-7000-8000-00000000abcd");
    public static final Instant NOW = Instant.parse("2025-03-14T12:00:00Z");
    public static final String LAPTOP_ID = "MFRGGZD-FMZTWQ2-LK5UWY2-DNOVXG4-ZTWQ2LK-5UWY2DN-OVXG4ZT-WQ2LK5U";
    public static final String NAS_ID = "NBSWY3D-PEB3W64-TMMQQQ2-LK5UWY2-DNOVXG4-ZTWQ2LK-5UWY2DN-OVXG4ZA";
    public static final String NEARBY_ID = "ORSXG5A-MFRGGZD-FMZTWQ2-LK5UWY2-DNOVXG4-ZTWQ2LK-5UWY2DN-OVXG4ZB";
    public static final String NAS_ERROR = "TLS handshake failed: certificate does not match the member's device id";

    private PeerSnapshots() {
    }

    /** {@link #twoMembersOneNearby(Instant)} at {@link #NOW}. */
    public static EngineSnapshot twoMembersOneNearby() {
        return twoMembersOneNearby(NOW);
    }

    /** "nas" offline for 5 minutes with an error, "laptop" connected with 12 ms RTT, one nearby device. */
    public static EngineSnapshot twoMembersOneNearby(Instant now) {
        return new EngineSnapshot(new EngineSnapshot.Device(SELF, "workstation"),
                new EngineSnapshot.Library(LIBRARY, "Home"), List.of(),
                List.of(new EngineSnapshot.Peer(NAS_ID, "nas", PeerState.OFFLINE, List.of("192.168.1.30:22000"),
                                now.minusSeconds(5 * 60 + 20), null, null, NAS_ERROR),
                        new EngineSnapshot.Peer(LAPTOP_ID, "laptop", PeerState.CONNECTED, List.of("192.168.1.21:22000"),
                                now, 12L, -3L, null)),
                List.of(new EngineSnapshot.Nearby(NEARBY_ID, List.of("192.168.1.44:22000", "[fe80::1]:22000"), now)),
                now);
    }
}
