package io.tidemark.engine.api.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.identity.DeviceId;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.engine.api.SnapshotJson;
import io.tidemark.engine.index.GenerateOptions;
import io.tidemark.engine.index.LibraryGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServerTest {

    @TempDir
    Path dir;

    @Test
    void memberActionsResolveThePeerAndReachTheEngine() throws Exception {
        Home home = new Home(dir);
        FakePeerActions actions = new FakePeerActions();
        try (Engine engine = Engine.init(home, "server", "lib")) {
            String bravo = FakePeerActions.member(engine, 1, "bravo").toString();
            FakePeerActions.member(engine, 2, "charlie");
            try (ControlServer server = ControlServer.start(engine, actions, 0)) {
                ControlClient client = ControlClient.find(home).orElseThrow();

                assertThat(client.catchUp("bravo")).isEqualTo(new ObjectMapper().readTree("{\"peer\":\"" + bravo + "\",\"name\":\"bravo\"}"));
                client.resync(bravo.substring(0, 7).toLowerCase(java.util.Locale.ROOT), "entry");
                client.resync(bravo.replace("-", ""), null);
                client.pause("BRAVO");
                assertThat(client.post("/v1/forget", new ObjectMapper().createObjectNode().put("peer", "bravo")).get("forgotten").asText())
                        .isEqualTo(bravo);
                assertThat(actions.calls).containsExactly("catchUp " + bravo, "resync " + bravo + " ENTRY", "resync " + bravo + " null",
                        "pause " + bravo, "forget " + bravo);

                actions.calls.clear();
                assertThatThrownBy(() -> client.catchUp("zulu")).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("No member matches 'zulu'. Members: bravo (");
                assertThatThrownBy(() -> client.resync("bravo", "nope")).isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("Unknown resource type: nope");
                assertThatThrownBy(() -> client.pause("")).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("Name the member");
                assertThatThrownBy(() -> client.resume("bravo")).isInstanceOf(IllegalStateException.class)
                        .hasMessage("Sync with bravo is not paused.");
                assertThat(actions.calls).as("nothing reaches the engine for a request it cannot run").isEmpty();
                assertThatThrownBy(() -> client.post("/v1/nope", io.tidemark.engine.api.Json.object()))
                        .isInstanceOf(java.io.IOException.class).hasMessageContaining("404");
                assertThatThrownBy(() -> client.get("/v1/nope")).isInstanceOf(java.io.IOException.class)
                        .hasMessageStartingWith("the daemon answered 404 to /v1/nope");

                // The raw answers: 400 for what the user got wrong, 409 for what the engine cannot do now.
                HttpClient http = HttpClient.newHttpClient();
                String token = Files.readString(dir.resolve(ControlFiles.TOKEN)).strip();
                HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                                + "/v1/peers/catch-up")).header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"peer\":\"zulu\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(unknown.statusCode()).isEqualTo(400);
                assertThat(new ObjectMapper().readTree(unknown.body()).get("error").asText()).startsWith("No member matches 'zulu'");
                HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                                + "/v1/peers/resume")).header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"peer\":\"bravo\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(409);
            }
        }
    }

    @Test
    void metricsCountRecordsPerMember() throws Exception {
        Home home = new Home(dir);
        try (Engine engine = Engine.init(home, "server", "lib")) {
            DeviceId bravo = FakePeerActions.member(engine, 1, "bravo");
            engine.syncMetrics().recordsIn(bravo, 7);
            engine.syncMetrics().recordsIn(bravo, 5);
            engine.syncMetrics().recordsOut(bravo, 3);
            try (ControlServer _ = ControlServer.start(engine, 0)) {
                String metrics = ControlClient.find(home).orElseThrow().get("/metrics");
                assertThat(metrics).contains("# TYPE tidemark_peer_records_received_total counter\n"
                                + "tidemark_peer_records_received_total{peer=\"" + bravo + "\"} 12\n")
                        .contains("tidemark_peer_records_sent_total{peer=\"" + bravo + "\"} 3\n")
                        .as("no network, so no bytes yet").contains("tidemark_peer_bytes_received_total{peer=\"" + bravo + "\"} 0\n");
            }
        }
    }

    @Test
    void servesStatusAndMetricsOnlyWithTheToken() throws Exception {
        Home home = new Home(dir);
        try (Engine engine = Engine.init(home, "server", "lib")) {
            new LibraryGenerator(engine.library()).generate(new GenerateOptions(2, 300, 3, 1, 5));
            engine.refreshSnapshot();
            try (ControlServer server = ControlServer.start(engine, 0)) {
                ControlClient client = ControlClient.find(home).orElseThrow();
                assertThat(client.port()).isEqualTo(server.port());
                assertThat(client.pid()).isEqualTo(ProcessHandle.current().pid());

                JsonNode status = client.status();
                // Compared as parsed JSON: a built node holds longs where parsed ones hold ints.
                com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                assertThat(status).isEqualTo(mapper.readTree(mapper.writeValueAsString(SnapshotJson.toJson(engine.snapshot()))));
                assertThat(status.at("/device/name").asText()).isEqualTo("server");

                String metrics = client.get("/metrics");
                assertThat(metrics).contains("tidemark_records{owner=\"" + engine.identity().deviceId() + "\",type=\"entry\"} 300")
                        .contains("tidemark_records{owner=\"shared\",type=\"tag\"} 3").contains("tidemark_peers{state=\"connected\"} 0").contains("tidemark_nearby_devices 0");
                java.util.Map<String, Long> heap = new java.util.HashMap<>();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("tidemark_jvm_heap_bytes\\{kind=\"(\\w+)\"} (\\d+)").matcher(metrics);
                while (m.find()) {
                    heap.put(m.group(1), Long.parseLong(m.group(2)));
                }
                assertThat(heap).containsOnlyKeys("used", "committed", "max", "peak");
                assertThat(heap.get("used")).isPositive().isLessThanOrEqualTo(heap.get("committed"));
                assertThat(heap.get("peak")).isPositive();
                assertThat(heap.get("max")).isEqualTo(java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax());

                HttpClient http = HttpClient.newHttpClient();
                URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/status");
                assertThat(http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                        .isEqualTo(401);
                assertThat(http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer wrong").GET().build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

                if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(ControlFiles.TOKEN))))
                            .isEqualTo("rw-------");
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(ControlFiles.DAEMON))))
                            .isEqualTo("rw-------");
                }
            }
            assertThat(dir.resolve(ControlFiles.DAEMON)).doesNotExist();
            assertThat(ControlClient.find(home)).isEmpty();
        }
    }
}
