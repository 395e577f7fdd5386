package io.tidemark.engine.api.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The control API under clients that misbehave: it keeps answering, and it answers what it cannot parse. */
class ControlServerLimitsTest {

    @TempDir
    Path dir;

    /** More slow clients than the old fixed pool had threads (8) and the listen backlog had room (16). */
    private static final int SLOW_CLIENTS = 24;

    @Test
    @Timeout(60)
    void clientsThatNeverFinishTheirHeadersNeitherBlockOthersNorStayForever() throws Exception {
        Home home = new Home(dir);
        try (Engine engine = Engine.init(home, "server", "lib"); ControlServer server = ControlServer.start(engine, 0)) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < SLOW_CLIENTS; i++) {
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                    // Half a request, as a client trickling bytes would leave it: no blank line ever ends the headers.
                    s.getOutputStream().write("GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    slow.add(s);
                }
                // The owner's CLI is answered while all of them hang.
                ControlClient client = ControlClient.find(home).orElseThrow();
                assertThat(client.status().at("/device/name").asText()).isEqualTo("server");
                // And every one of them is closed by the server once its time to send a request is over.
                for (Socket s : slow) {
                    s.setSoTimeout(500);
                    await().atMost(Duration.ofSeconds(ControlServer.REQUEST_SECONDS * 4L)).until(() -> closedByServer(s));
                }
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    /** True once the server ended the connection (end of stream or reset); false while it still waits. */
    private static boolean closedByServer(Socket s) {
        try {
            InputStream in = s.getInputStream();
            while (true) {
                if (in.read() < 0) {
                    return true; // anything before the end (a 408, say) is read past
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    @Timeout(30)
    void anEventIdThatIsNotANumberGetsAClearError() throws Exception {
        Home home = new Home(dir);
        try (Engine engine = Engine.init(home, "server", "lib"); ControlServer server = ControlServer.start(engine, 0)) {
            String token = Files.readString(dir.resolve(ControlFiles.TOKEN)).strip();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/events?after=abc"))
                    .header("Authorization", "Bearer " + token).GET().build();
            HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).isEqualTo("{\"error\":\"after= takes an event id (a whole number), not \\\"abc\\\"\"}");
        }
    }
}
