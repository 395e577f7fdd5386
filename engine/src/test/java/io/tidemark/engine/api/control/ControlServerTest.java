package io.tidemark.engine.api.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
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
