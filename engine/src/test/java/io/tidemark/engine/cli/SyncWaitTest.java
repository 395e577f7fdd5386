package io.tidemark.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.api.EngineSnapshot.PeerState;
import io.tidemark.engine.api.EngineSnapshot.SyncState;
import io.tidemark.engine.api.SnapshotJson;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.ResourceType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** wait-for-sync's condition and loop, on status JSON made from snapshots, with a fake clock: no real waiting. */
class SyncWaitTest {
    private static final String BRAVO = id(1);
    private static final String CHARLIE = id(2);

    private static String id(int n) {
        byte[] bytes = new byte[DeviceId.LENGTH];
        Arrays.fill(bytes, (byte) (n * 40));
        return new DeviceId(bytes).toString();
    }

    private static EngineSnapshot.Peer peer(String id, String name, PeerState state, SyncState sync, String reason) {
        List<EngineSnapshot.Resource> resources = sync == SyncState.BACKFILLING
                ? List.of(new EngineSnapshot.Resource(UUID.randomUUID(), name, id, ResourceType.ENTRY, 1_200, 5_000L, null, null,
                        new EngineSnapshot.Backfill(1_200, 5_000, 100, 38L, true)))
                : List.of();
        return new EngineSnapshot.Peer(id, name, state, List.of(), null, null, null, state == PeerState.OFFLINE ? "refused" : null,
                sync, reason, null, resources);
    }

    private static JsonNode status(EngineSnapshot.Peer... peers) {
        return SnapshotJson.toJson(new EngineSnapshot(new EngineSnapshot.Device(UUID.randomUUID(), "alpha", id(9)),
                new EngineSnapshot.Library(UUID.randomUUID(), "lib"), List.of(), List.of(peers), List.of(), Instant.EPOCH));
    }

    private static final JsonNode BRAVO_READY_CHARLIE_OFFLINE = status(
            peer(BRAVO, "bravo", PeerState.CONNECTED, SyncState.READY, null),
            peer(CHARLIE, "charlie", PeerState.OFFLINE, SyncState.OFFLINE, null));
    private static final JsonNode BRAVO_READY_CHARLIE_BACKFILLING = status(
            peer(BRAVO, "bravo", PeerState.CONNECTED, SyncState.READY, null),
            peer(CHARLIE, "charlie", PeerState.CONNECTED, SyncState.BACKFILLING, "new member"));

    @Test
    void readyOnceEveryConnectedMemberIsReady() {
        assertThat(SyncWait.check(BRAVO_READY_CHARLIE_OFFLINE, null))
                .isEqualTo(new SyncWait.Verdict(true, "bravo (" + BRAVO.substring(0, 7) + ") is ready"));
        assertThat(SyncWait.check(BRAVO_READY_CHARLIE_BACKFILLING, null)).isEqualTo(new SyncWait.Verdict(false,
                "charlie (" + CHARLIE.substring(0, 7) + ") is backfilling: new member (1,200 of 5,000 records)"));
        // A paused member is connected but not ready.
        assertThat(SyncWait.check(status(peer(BRAVO, "bravo", PeerState.CONNECTED, SyncState.PAUSED, "paused by you")), null))
                .isEqualTo(new SyncWait.Verdict(false, "bravo (" + BRAVO.substring(0, 7) + ") is paused: paused by you"));
    }

    @Test
    void withPeerOnlyThatMemberCounts() {
        assertThat(SyncWait.check(BRAVO_READY_CHARLIE_BACKFILLING, "bravo").ready()).isTrue();
        assertThat(SyncWait.check(BRAVO_READY_CHARLIE_BACKFILLING, CHARLIE.substring(0, 7)).ready()).isFalse();
        assertThat(SyncWait.check(BRAVO_READY_CHARLIE_OFFLINE, CHARLIE)).isEqualTo(new SyncWait.Verdict(false,
                "charlie (" + CHARLIE.substring(0, 7) + ") is not connected (offline, last error: refused)"));
        assertThatThrownBy(() -> SyncWait.check(BRAVO_READY_CHARLIE_OFFLINE, "zulu")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("No member matches 'zulu'");
        assertThatThrownBy(() -> SyncWait.check(BRAVO_READY_CHARLIE_OFFLINE, id(3))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No member " + id(3).substring(0, 7) + " is known to this device.");
    }

    @Test
    void neverReadyWithoutAConnectedMember() {
        assertThat(SyncWait.check(status(), null)).isEqualTo(new SyncWait.Verdict(false, "this device has no other members yet"));
        assertThat(SyncWait.check(status(peer(BRAVO, "bravo", PeerState.CONNECTING, SyncState.OFFLINE, null)), null))
                .isEqualTo(new SyncWait.Verdict(false, "no member is connected (bravo (" + BRAVO.substring(0, 7)
                        + ") is not connected (connecting))"));
    }

    /** Time that moves only when the loop sleeps. */
    static final class FakeTime implements SyncWait.Time {
        long nanos;
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public long nanos() {
            return nanos;
        }

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            nanos += duration.toNanos();
        }
    }

    @Test
    void pollsUntilReady() throws Exception {
        FakeTime time = new FakeTime();
        List<JsonNode> answers = new ArrayList<>(List.of(status(), BRAVO_READY_CHARLIE_BACKFILLING, BRAVO_READY_CHARLIE_OFFLINE));
        int[] polls = {0};
        SyncWait.Verdict v = SyncWait.await(() -> {
            polls[0]++;
            return answers.remove(0);
        }, null, Duration.ofSeconds(30), time);
        assertThat(v.ready()).isTrue();
        assertThat(polls[0]).isEqualTo(3);
        assertThat(time.sleeps).containsExactly(SyncWait.INTERVAL, SyncWait.INTERVAL);
    }

    @Test
    void givesUpAtTheTimeoutWithTheLastReason() throws Exception {
        FakeTime time = new FakeTime();
        int[] polls = {0};
        SyncWait.Verdict v = SyncWait.await(() -> {
            polls[0]++;
            return BRAVO_READY_CHARLIE_BACKFILLING;
        }, null, Duration.ofMillis(1_200), time);
        assertThat(v.ready()).isFalse();
        assertThat(v.detail()).startsWith("charlie (");
        // Polls at 0, 500, 1000 and 1200 ms: the last sleep is cut to the deadline.
        assertThat(polls[0]).isEqualTo(4);
        assertThat(time.sleeps).containsExactly(SyncWait.INTERVAL, SyncWait.INTERVAL, Duration.ofMillis(200));

        FakeTime once = new FakeTime();
        assertThat(SyncWait.await(() -> BRAVO_READY_CHARLIE_BACKFILLING, "charlie", Duration.ZERO, once).ready()).isFalse();
        assertThat(once.sleeps).as("a zero timeout checks once").isEmpty();
    }
}
