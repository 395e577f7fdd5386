package io.tidemark.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.model.ResourceType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference test 2, from outside: the receiving daemon is SIGKILLed in the middle of a backfill of
 * 100,000 entries (no shutdown hook, nothing closed); restarted, it resumes from its checkpoint and
 * ends with exactly the sender's counts. Everything is watched through the stores' files, read-only.
 */
class BackfillCrashProcessTest {
    private static final int ENTRIES = 100_000;
    /** Small pages: the backfill has 50 of them, so there is time to kill between two. */
    private static final int PAGE = 2_000;
    private static final List<String> NETWORK = List.of("--listen", "127.0.0.1:0", "--discovery", "off");
    private static final List<String> BRAVO = List.of("--listen", "127.0.0.1:0", "--discovery", "off", "--page-size", "" + PAGE);

    @TempDir
    Path dir;

    private final List<DaemonProcess> daemons = new ArrayList<>();
    private final List<HomeProbe> probes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        probes.forEach(HomeProbe::close);
        for (DaemonProcess d : daemons) {
            d.close();
        }
    }

    private String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TidemarkCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(String.join(" ", args) + ": " + err).isZero();
        return out.toString();
    }

    private Home home(String name) {
        return new Home(dir.resolve(name));
    }

    private DaemonProcess daemon(String name, List<String> args) throws Exception {
        DaemonProcess d = DaemonProcess.start(home(name), dir.resolve(name + ".log"), List.of("-Xmx256m"), args, Duration.ofSeconds(60));
        daemons.add(d);
        return d;
    }

    private HomeProbe probe(String name) {
        HomeProbe p = new HomeProbe(home(name));
        probes.add(p);
        return p;
    }

    /** What bravo's daemons printed and recorded, for a wait that times out. */
    private void report(HomeProbe bravo, UUID owner) {
        daemons.forEach(d -> System.out.println("--- daemon " + d.pid() + "\n" + d.log()));
        try {
            System.out.println("--- bravo's events\n" + String.join("\n", bravo.lastEvents(50)) + "\n--- alpha's counts on bravo "
                    + bravo.counts(owner));
        } catch (java.sql.SQLException e) {
            System.out.println("--- bravo's events unreadable: " + e);
        }
    }

    private static long resumedAfter(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("after (\\d+) of").matcher(message);
        assertThat(m.find()).as(message).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void aKilledBackfillResumesFromItsCheckpoint() throws Exception {
        cli("--home", home("alpha").dir().toString(), "init", "--name", "alpha");
        cli("--home", home("alpha").dir().toString(), "generate", "--entries", "" + ENTRIES);
        cli("--home", home("bravo").dir().toString(), "init", "--name", "bravo");
        HomeProbe alpha = probe("alpha");
        UUID owner = alpha.thisDevice();
        Map<ResourceType, Long> expected = alpha.counts(owner);
        assertThat(expected).containsEntry(ResourceType.ENTRY, (long) ENTRIES);

        DaemonProcess alphaDaemon = daemon("alpha", NETWORK);
        DaemonProcess bravoDaemon = daemon("bravo", BRAVO);
        String code = alphaDaemon.control().post("/v1/invite", new ObjectMapper().createObjectNode()).get("code").asText();
        bravoDaemon.control().post("/v1/join", new ObjectMapper().createObjectNode().put("code", code));

        // Kill as soon as a page's checkpoint is committed: the backfill is then past its start and far from its end.
        HomeProbe bravo = probe("bravo");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2)).pollInSameThread()
                .until(() -> bravo.checkpoint(owner, ResourceType.ENTRY).isPresent());
        bravoDaemon.kill();

        long atKill = bravo.count(owner, ResourceType.ENTRY);
        Optional<HomeProbe.CheckpointRow> checkpoint = bravo.checkpoint(owner, ResourceType.ENTRY);
        assertThat(atKill).as("entries on bravo when it was killed").isGreaterThan(0).isLessThan(ENTRIES);
        assertThat(checkpoint).as("bravo's entry checkpoint after the kill").isPresent();
        long done = checkpoint.get().recordsDone();
        assertThat(done).isGreaterThanOrEqualTo(PAGE).isLessThanOrEqualTo(atKill);
        // Committed pages that the checkpoint does not cover yet are at most the one in the crash window.
        assertThat(atKill - done).isLessThanOrEqualTo(PAGE);

        daemon("bravo", BRAVO);
        // Finished means every count equal and the checkpoint gone (it goes after the last page's commit).
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).pollInSameThread()
                .conditionEvaluationListener(c -> {
                    if (c.getRemainingTimeInMS() <= 50) {
                        report(bravo, owner);
                    }
                })
                .until(() -> bravo.counts(owner).equals(expected) && bravo.checkpoint(owner, ResourceType.ENTRY).isEmpty());
        assertThat(bravo.counts(owner)).isEqualTo(expected);
        // The restarted daemon went on from the checkpoint read above, not from the start. (A connection
        // replaced mid-pull resumes again, later: every resume is from at least that far.)
        List<String> resumed = bravo.events("sync.backfill_resumed");
        assertThat(resumed).isNotEmpty().allSatisfy(m -> assertThat(m).contains("backfill of entry of " + owner));
        assertThat(resumed.get(0)).contains("after " + done + " of ");
        assertThat(resumed).extracting(BackfillCrashProcessTest::resumedAfter).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(done));
    }
}
