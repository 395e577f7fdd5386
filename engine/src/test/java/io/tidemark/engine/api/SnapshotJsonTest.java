package io.tidemark.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.model.ResourceType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SnapshotJsonTest {
    static final UUID SELF = UUID.fromString("0190a1b2-0000-7000-8000-000000000001");
    static final UUID BRAVO_UUID = UUID.fromString("0190a1b2-0000-7000-8000-00000000000b");
    static final String BRAVO = "FAUCQKB-IFAUCQB-KBIFAUC-QKBIFAY-UCQKBIF-AUCQKBR-IFAUCQK-BIFAUA3";
    static final Instant T = Instant.parse("2025-03-01T10:00:00Z");

    /** A snapshot with one member backfilling entries and caught up on tags. */
    static EngineSnapshot snapshot(EngineSnapshot.Peer... peers) {
        return new EngineSnapshot(new EngineSnapshot.Device(SELF, "alpha", "SELFID"), new EngineSnapshot.Library(UUID.randomUUID(), "lib"),
                List.of(), List.of(peers), List.of(), T);
    }

    static EngineSnapshot.Peer peer(String id, String name, EngineSnapshot.PeerState state, EngineSnapshot.SyncState sync,
                                    String reason, List<EngineSnapshot.Resource> resources) {
        return new EngineSnapshot.Peer(id, name, state, List.of("127.0.0.1:22100"), T, 4L, -2L, null, sync, reason,
                T.plusSeconds(5), resources);
    }

    static final EngineSnapshot.Resource ENTRIES = new EngineSnapshot.Resource(BRAVO_UUID, "bravo", BRAVO, ResourceType.ENTRY, 1_200,
            5_000L, new HlcTimestamp(T.toEpochMilli(), 3).packed(), T.plusSeconds(7),
            new EngineSnapshot.Backfill(1_200, 5_000, 250.0, 16L, true));
    static final EngineSnapshot.Resource TAGS = new EngineSnapshot.Resource(null, null, null, ResourceType.TAG, 12, null, null, null,
            EngineSnapshot.Backfill.NONE);

    @Test
    void eachPeerCarriesItsSyncStateAndResources() throws Exception {
        EngineSnapshot s = snapshot(peer(BRAVO, "bravo", EngineSnapshot.PeerState.CONNECTED, EngineSnapshot.SyncState.CATCHING_UP,
                "bravo has newer entries", List.of(ENTRIES, TAGS)));
        ObjectMapper mapper = new ObjectMapper();
        JsonNode peer = mapper.readTree(mapper.writeValueAsString(SnapshotJson.toJson(s))).at("/peers/0");

        assertThat(peer.get("sync").asText()).isEqualTo("catching-up");
        assertThat(peer.get("syncReason").asText()).isEqualTo("bravo has newer entries");
        assertThat(peer.get("syncSince").asText()).isEqualTo("2025-03-01T10:00:05Z");
        assertThat(peer.get("resources")).hasSize(2);
        assertThat(peer.at("/resources/0")).isEqualTo(mapper.readTree("""
                {"owner":"%s","ownerName":"bravo","type":"entry","localCount":1200,"peerCount":5000,
                 "watermark":"2025-03-01T10:00:00.000Z-0003","lastAdvanced":"2025-03-01T10:00:07Z",
                 "backfill":{"done":1200,"total":5000,"rate":250.0,"etaSeconds":16,"active":true}}""".formatted(BRAVO)));
        assertThat(peer.at("/resources/1")).isEqualTo(mapper.readTree("""
                {"owner":null,"ownerName":null,"type":"tag","localCount":12,"peerCount":null,"watermark":null,"lastAdvanced":null,
                 "backfill":{"done":0,"total":0,"rate":0.0,"etaSeconds":null,"active":false}}"""));
        // 3,800 left at 250/s.
        assertThat(peer.get("overall")).isEqualTo(mapper.readTree("""
                {"done":1200,"total":5000,"rate":250.0,"etaSeconds":16,"active":true}"""));
    }

    @Test
    void anOwnerWithoutAKnownDeviceIdShowsItsUuid() {
        EngineSnapshot.Resource r = new EngineSnapshot.Resource(BRAVO_UUID, "bravo", null, ResourceType.VOLUME, 1, 1L, null, null,
                EngineSnapshot.Backfill.NONE);
        JsonNode peer = SnapshotJson.toJson(snapshot(peer(BRAVO, "bravo", EngineSnapshot.PeerState.OFFLINE,
                EngineSnapshot.SyncState.OFFLINE, null, List.of(r)))).at("/peers/0");
        assertThat(peer.at("/resources/0/owner").asText()).isEqualTo(BRAVO_UUID.toString());
        assertThat(peer.get("syncReason").isNull()).isTrue();
        assertThat(peer.get("sync").asText()).isEqualTo("offline");
    }
}
