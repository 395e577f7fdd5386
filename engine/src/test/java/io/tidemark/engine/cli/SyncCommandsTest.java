package io.tidemark.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.api.SnapshotJson;
import io.tidemark.engine.api.control.ControlServer;
import io.tidemark.engine.api.control.FakePeerActions;
import io.tidemark.engine.model.ResourceType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** catch-up, resync, pause, resume and wait-for-sync as a script sees them: exit codes and one-line messages. */
class SyncCommandsTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TidemarkCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private String home() {
        return dir.resolve("home").toString();
    }

    /** As a script does it: {@code tidemark daemon &} then at once {@code wait-for-sync}; the daemon is still starting. */
    @Test
    void waitForSyncWaitsForADaemonThatIsStillStarting() throws Exception {
        assertThat(run("--home", home(), "init", "--name", "alpha").code()).isZero();
        java.util.concurrent.CompletableFuture<Result> waiting = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> run("--home", home(), "wait-for-sync", "--timeout", "3"));
        try (Engine engine = Engine.open(new Home(Path.of(home()))); ControlServer server = ControlServer.start(engine, 0)) {
            Result r = waiting.get(30, java.util.concurrent.TimeUnit.SECONDS);
            // It found the daemon: a lone device is never "in sync", so it times out (1), it does not miss the daemon (2).
            assertThat(r.code()).isEqualTo(TidemarkCli.EXIT_FAILURE);
            assertThat(r.err()).startsWith("tidemark: not in sync after 3 s: ");
        }
    }

    @Test
    void withoutADaemonOrWithBadArgumentsTheExitCodeIsTwo() {
        assertThat(run("--home", home(), "init").code()).isZero();
        for (String[] verb : List.of(new String[] {"catch-up", "bravo"}, new String[] {"resync", "bravo"},
                new String[] {"pause", "bravo"}, new String[] {"resume", "bravo"}, new String[] {"wait-for-sync", "--timeout", "1"})) {
            Result r = run(concat(new String[] {"--home", home()}, verb));
            assertThat(r.code()).as(verb[0]).isEqualTo(TidemarkCli.EXIT_USAGE);
            assertThat(r.err()).as(verb[0]).startsWith("tidemark: No daemon runs for ").contains("Start 'tidemark daemon' first");
            assertThat(r.err().lines().count()).isEqualTo(1);
        }
        Result negative = run("--home", home(), "wait-for-sync", "--timeout", "-1");
        assertThat(negative.code()).isEqualTo(TidemarkCli.EXIT_USAGE);
        assertThat(negative.err()).isEqualTo("tidemark: --timeout takes a number of seconds, 0 or more, not -1" + System.lineSeparator());
        Result badType = run("--home", home(), "resync", "bravo", "--resource", "nope");
        assertThat(badType.code()).isEqualTo(TidemarkCli.EXIT_USAGE);
        assertThat(badType.err()).contains("'nope' is no resource type; one of device, volume, location, entry, content_identity");
        Result missing = run("--home", home(), "pause");
        assertThat(missing.code()).isEqualTo(TidemarkCli.EXIT_USAGE);
        assertThat(missing.err()).contains("Missing required parameter: 'PEER'");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void verbsReachTheDaemonAndMapItsRefusals() throws Exception {
        FakePeerActions actions = new FakePeerActions();
        try (Engine engine = Engine.init(new Home(dir.resolve("home")), "alpha", "lib")) {
            String bravo = FakePeerActions.member(engine, 1, "bravo").toString();
            String charlie = FakePeerActions.member(engine, 2, "charlie").toString();
            String bravoShort = bravo.substring(0, 7);
            try (ControlServer _ = ControlServer.start(engine, actions, 0)) {
                Result catchUp = run("--home", home(), "catch-up", "bravo");
                assertThat(catchUp.code()).as(catchUp.err()).isZero();
                assertThat(catchUp.out()).startsWith("Catching up with bravo (" + bravoShort + ").");
                assertThat(run("--home", home(), "resync", bravoShort, "--resource", "entry").out())
                        .startsWith("Resyncing entry from bravo (" + bravoShort + ").");
                assertThat(run("--home", home(), "resync", bravo).out()).startsWith("Resyncing everything from bravo");
                assertThat(run("--home", home(), "pause", "Bravo").out()).isEqualTo("Paused sync with bravo (" + bravoShort
                        + ") until 'tidemark resume Bravo'." + System.lineSeparator());
                assertThat(actions.calls).containsExactly("catchUp " + bravo, "resync " + bravo + " ENTRY", "resync " + bravo + " null",
                        "pause " + bravo);

                Result unknown = run("--home", home(), "pause", "zulu");
                assertThat(unknown.code()).isEqualTo(TidemarkCli.EXIT_USAGE);
                assertThat(unknown.err()).isEqualTo("tidemark: No member matches 'zulu'. Members: bravo (" + bravoShort + "), charlie ("
                        + charlie.substring(0, 7) + ")." + System.lineSeparator());
                Result refused = run("--home", home(), "resume", "bravo");
                assertThat(refused.code()).isEqualTo(TidemarkCli.EXIT_FAILURE);
                assertThat(refused.err()).isEqualTo("tidemark: Sync with bravo is not paused." + System.lineSeparator());

                // Both members are offline: never in sync; the reason names them.
                Result notYet = run("--home", home(), "wait-for-sync", "--timeout", "0");
                assertThat(notYet.code()).isEqualTo(TidemarkCli.EXIT_FAILURE);
                assertThat(notYet.err()).isEqualTo("tidemark: not in sync after 0 s: no member is connected (bravo (" + bravoShort
                        + ") is not connected (offline); charlie (" + charlie.substring(0, 7) + ") is not connected (offline))"
                        + System.lineSeparator());
                Result noSuchPeer = run("--home", home(), "wait-for-sync", "--peer", "zulu", "--timeout", "0");
                assertThat(noSuchPeer.code()).isEqualTo(TidemarkCli.EXIT_USAGE);
                assertThat(noSuchPeer.err()).startsWith("tidemark: No member matches 'zulu'.");

                Result forget = run("--home", home(), "forget", "charlie");
                assertThat(forget.code()).as(forget.err()).isZero();
                assertThat(forget.out()).startsWith("Forgot " + charlie + ".");
                assertThat(actions.calls).endsWith("forget " + charlie);
            }
        }
    }

    @Test
    void helpExplainsTheExitCodes() {
        Result help = run("help", "wait-for-sync");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--peer=PEER").contains("--timeout=SECONDS").contains("Exit codes: 0 in sync; 1 timed out");
        Result all = run("--help");
        assertThat(all.out()).contains("catch-up").contains("resync").contains("pause").contains("resume").contains("wait-for-sync");
    }

    @Test
    void statusPrintsEachPeersStateAndResources() {
        UUID bravoUuid = UUID.randomUUID();
        EngineSnapshot.Peer bravo = new EngineSnapshot.Peer("FAUCQKB-IFAUCQB-KBIFAUC-QKBIFAY-UCQKBIF-AUCQKBR-IFAUCQK-BIFAUA3", "bravo",
                EngineSnapshot.PeerState.CONNECTED, List.of(), null, 3L, 0L, null, EngineSnapshot.SyncState.BACKFILLING, "new member",
                Instant.parse("2025-03-01T10:00:00Z"), List.of(
                        new EngineSnapshot.Resource(bravoUuid, "bravo", null, ResourceType.ENTRY, 1_200, 5_000L, null, null,
                                new EngineSnapshot.Backfill(1_200, 5_000, 250, 16L, true)),
                        new EngineSnapshot.Resource(bravoUuid, "bravo", null, ResourceType.LOCATION, 2, 3L, null, null,
                                EngineSnapshot.Backfill.NONE),
                        new EngineSnapshot.Resource(null, null, null, ResourceType.TAG, 12, 12L, 99L, null, EngineSnapshot.Backfill.NONE),
                        new EngineSnapshot.Resource(null, null, null, ResourceType.COLLECTION, 0, null, null, null,
                                EngineSnapshot.Backfill.NONE)));
        EngineSnapshot snapshot = new EngineSnapshot(new EngineSnapshot.Device(UUID.randomUUID(), "alpha", "X"),
                new EngineSnapshot.Library(UUID.randomUUID(), "lib"), List.of(), List.of(bravo), List.of(), Instant.EPOCH);
        StringWriter text = new StringWriter();
        StatusCommand.printPeers(new PrintWriter(text, true), SnapshotJson.toJson(snapshot), java.time.ZoneOffset.UTC);
        assertThat(text.toString().lines().toList()).containsExactly(
                "",
                "bravo (FAUCQKB): connected, RTT 3 ms; sync backfilling since 2025-03-01 10:00:00: new member",
                "  entry            bravo                       1,200 here        5,000 there  backfill 24.0% (1,200 of 5,000, 250/s, about 16 s left)",
                "  location         bravo                           2 here            3 there  1 behind",
                "  tag              (shared)                       12 here           12 there  in step",
                "  collection       (shared)                        0 here            ? there  ");
    }
}
