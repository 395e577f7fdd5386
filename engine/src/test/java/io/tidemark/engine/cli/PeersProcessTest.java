package io.tidemark.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.api.JavaCommand;
import io.tidemark.engine.api.control.ControlClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peers issue's acceptance, from outside: daemons on loopback pair with invite/join and report
 * each other connected in status --json; a third device paired with one becomes known and connected
 * to the other; a forgotten device is refused.
 */
class PeersProcessTest {

    @TempDir
    Path dir;

    private final List<Process> daemons = new ArrayList<>();

    /** The daemons' own logs, to read when an await times out. */
    private String logs() {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("alpha", "bravo", "charlie")) {
            try {
                out.append("--- ").append(name).append('\n').append(java.nio.file.Files.readString(dir.resolve(name + ".log")));
            } catch (java.io.IOException e) {
                out.append("--- ").append(name).append(": ").append(e).append('\n');
            }
        }
        return out.toString();
    }

    @AfterEach
    void stopDaemons() throws InterruptedException {
        for (Process p : daemons) {
            p.destroy();
        }
        for (Process p : daemons) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TidemarkCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(String.join(" ", args) + ": " + err).isZero();
        return out.toString();
    }

    private String home(String name) {
        return dir.resolve(name).toString();
    }

    private void startDaemon(String name) throws Exception {
        cli("--home", home(name), "init", "--name", name);
        daemons.add(new ProcessBuilder(JavaCommand.of(List.of(), TidemarkCli.class,
                List.of("--home", home(name), "daemon", "--listen", "127.0.0.1:0", "--discovery", "off")))
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start());
        await().atMost(Duration.ofSeconds(60)).until(() -> ControlClient.find(new Home(dir.resolve(name))).isPresent());
    }

    private JsonNode status(String name) throws Exception {
        return new ObjectMapper().readTree(cli("--home", home(name), "status", "--json"));
    }

    private String deviceId(String name) throws Exception {
        return status(name).at("/device/id").asText();
    }

    private String stateOf(String viewer, String other) throws Exception {
        String id = deviceId(other);
        for (JsonNode p : status(viewer).get("peers")) {
            if (p.get("id").asText().equals(id)) {
                return p.get("state").asText();
            }
        }
        return "unknown";
    }

    @Test
    void pairIntroduceAndForgetAcrossDaemons() throws Exception {
        startDaemon("alpha");
        startDaemon("bravo");
        String code = cli("--home", home("alpha"), "invite").strip();
        assertThat(code).startsWith("TM1-");
        assertThat(cli("--home", home("bravo"), "join", code)).contains("Joined the library \"alpha's library\"");
        await().atMost(Duration.ofSeconds(60)).until(() -> stateOf("alpha", "bravo").equals("connected")
                && stateOf("bravo", "alpha").equals("connected"));
        assertThat(status("bravo").at("/library/id").asText()).isEqualTo(status("alpha").at("/library/id").asText());
        JsonNode bravoSeenByAlpha = status("alpha").get("peers").get(0);
        assertThat(bravoSeenByAlpha.get("name").asText()).isEqualTo("bravo");
        assertThat(bravoSeenByAlpha.get("addresses")).isNotEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> !status("alpha").get("peers").get(0).get("rttMs").isNull());

        startDaemon("charlie");
        String second = cli("--home", home("bravo"), "invite").strip();
        cli("--home", home("charlie"), "join", second);
        await().atMost(Duration.ofSeconds(60)).until(() -> stateOf("alpha", "charlie").equals("connected")
                && stateOf("charlie", "alpha").equals("connected"));

        cli("--home", home("alpha"), "forget", deviceId("charlie"));
        await().atMost(Duration.ofSeconds(60)).until(() -> !stateOf("charlie", "alpha").equals("connected")
                && stateOf("alpha", "charlie").equals("unknown"));
        // charlie keeps trying alpha and is refused each time, with the reason alpha gave.
        await().atMost(Duration.ofSeconds(60)).conditionEvaluationListener(c -> {
            if (c.getRemainingTimeInMS() <= 1_000) {
                System.out.println(logs());
            }
        }).until(() -> {
            for (JsonNode p : status("charlie").get("peers")) {
                if (p.get("id").asText().equals(deviceId("alpha")) && !p.get("lastError").isNull()) {
                    return p.get("lastError").asText().contains("removed from the library");
                }
            }
            return false;
        });
        assertThat(stateOf("bravo", "charlie")).isEqualTo("connected");
        assertThat(stateOf("alpha", "bravo")).isEqualTo("connected");
    }
}
