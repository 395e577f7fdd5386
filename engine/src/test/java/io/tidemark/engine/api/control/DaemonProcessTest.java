package io.tidemark.engine.api.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.api.JavaCommand;
import io.tidemark.engine.cli.TidemarkCli;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tidemark daemon as a real process: found by the CLI, stopped cleanly by SIGTERM, survivable by SIGKILL. */
class DaemonProcessTest {

    @TempDir
    Path dir;

    private String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TidemarkCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    private Process startDaemon(Path log) throws Exception {
        return new ProcessBuilder(JavaCommand.of(List.of(), TidemarkCli.class,
                List.of("--home", dir.toString(), "daemon", "--listen", "127.0.0.1:0", "--discovery", "off")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void sigtermStopsCleanlyAndSigkillLeavesAStoreTheCliCanStillRead() throws Exception {
        cli("--home", dir.toString(), "init", "--name", "headless");
        cli("--home", dir.toString(), "generate", "--entries", "500", "--locations", "2");
        Home home = new Home(dir);
        Path log = dir.resolve("daemon.log");

        Process daemon = startDaemon(log);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> ControlClient.find(home).isPresent());
            JsonNode fromDaemon = ControlClient.find(home).orElseThrow().status();
            JsonNode viaCli = new ObjectMapper().readTree(cli("--home", dir.toString(), "status", "--json"));
            assertThat(viaCli).isEqualTo(fromDaemon);
            assertThat(viaCli.at("/device/name").asText()).isEqualTo("headless");

            daemon.destroy(); // SIGTERM
            assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = java.nio.file.Files.readString(log, StandardCharsets.UTF_8);
            assertThat(output).contains("control API on 127.0.0.1:").contains("Tidemark daemon stopped.");
            assertThat(new File(dir.toFile(), ControlFiles.DAEMON)).doesNotExist();
        } finally {
            daemon.destroyForcibly();
        }

        Process killed = startDaemon(dir.resolve("daemon2.log"));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> ControlClient.find(home).isPresent());
        } finally {
            killed.destroyForcibly(); // SIGKILL: no hook runs, the daemon file stays behind
            killed.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(new File(dir.toFile(), ControlFiles.DAEMON)).exists();
        assertThat(ControlClient.find(home)).isEmpty();
        JsonNode fromStores = new ObjectMapper().readTree(cli("--home", dir.toString(), "status", "--json"));
        long entries = 0;
        for (JsonNode c : fromStores.get("counts")) {
            if (c.get("type").asText().equals("entry")) {
                entries += c.get("count").asLong();
            }
        }
        assertThat(entries).isEqualTo(500);
        assertThat(cli("--home", dir.toString(), "doctor")).contains("No problems found.");
    }
}
