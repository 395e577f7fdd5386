package io.tidemark.engine.api.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.transport.PeerService;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** GET /v1/events streams each event as it is recorded (server-sent events). */
class EventsStreamTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void anInviteShowsUpOnTheStream() throws Exception {
        try (Engine engine = Engine.init(new Home(dir), "streamer", "lib")) {
            engine.startNetwork(new Engine.NetworkOptions(new InetSocketAddress("127.0.0.1", 0), false, Set.of(),
                    PeerService.Timing.DEFAULT));
            try (ControlServer server = ControlServer.start(engine, 0)) {
                String token = Files.readString(dir.resolve(ControlFiles.TOKEN)).strip();
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/events"))
                        .header("Authorization", "Bearer " + token).GET().build();
                HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream");
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    assertThat(lines.readLine()).isEqualTo(": keepalive"); // the stream is open and caught up
                    engine.invite();
                    String line;
                    while ((line = lines.readLine()) != null && !line.startsWith("data: ")) {
                        assertThat(line).matches("(id: \\d+|: keepalive|)");
                    }
                    assertThat(line).contains("\"kind\":\"invite.issued\"");
                }
            }
        }
    }
}
