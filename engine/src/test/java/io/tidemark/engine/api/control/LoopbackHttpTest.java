package io.tidemark.engine.api.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control client's HTTP against the same server the daemon runs, in each way it frames a body. */
class LoopbackHttpTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private HttpServer server;
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        // The JDK server reads its limits once per JVM, at its first server: the control API's, whichever test runs first.
        ControlServer.limitConnections();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (seen) {
                    seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                            + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
                }
                byte[] answer = ("{\"echo\":\"" + body.replace("\"", "'") + "\",\"é\":1}").getBytes(StandardCharsets.UTF_8);
                switch (exchange.getRequestURI().getPath()) {
                    case "/chunked" -> {
                        exchange.sendResponseHeaders(200, 0);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(answer, 0, 3);
                            out.flush();
                            out.write(answer, 3, answer.length - 3);
                        }
                    }
                    case "/refused" -> {
                        exchange.sendResponseHeaders(409, answer.length);
                        exchange.getResponseBody().write(answer);
                    }
                    case "/empty" -> exchange.sendResponseHeaders(204, -1);
                    default -> {
                        exchange.sendResponseHeaders(200, answer.length);
                        exchange.getResponseBody().write(answer);
                    }
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int port() {
        return server.getAddress().getPort();
    }

    @Test
    void getAndPostWithTheTokenAndAWholeBody() throws IOException {
        LoopbackHttp.Answer get = LoopbackHttp.exchange(port(), "GET", "/v1/status?x=1", "secret", null, TIMEOUT);
        assertThat(get).isEqualTo(new LoopbackHttp.Answer(200, "{\"echo\":\"\",\"é\":1}"));
        LoopbackHttp.Answer post = LoopbackHttp.exchange(port(), "POST", "/v1/join", "secret",
                "{\"code\":\"ü-1\"}".getBytes(StandardCharsets.UTF_8), TIMEOUT);
        assertThat(post.body()).isEqualTo("{\"echo\":\"{'code':'ü-1'}\",\"é\":1}");
        assertThat(seen).containsExactly("GET /v1/status?x=1 Bearer secret ", "POST /v1/join Bearer secret {\"code\":\"ü-1\"}");
    }

    @Test
    void chunkedErrorAndEmptyAnswers() throws IOException {
        assertThat(LoopbackHttp.exchange(port(), "GET", "/chunked", "t", null, TIMEOUT))
                .isEqualTo(new LoopbackHttp.Answer(200, "{\"echo\":\"\",\"é\":1}"));
        assertThat(LoopbackHttp.exchange(port(), "POST", "/refused", "t", new byte[0], TIMEOUT).status()).isEqualTo(409);
        assertThat(LoopbackHttp.exchange(port(), "GET", "/empty", "t", null, TIMEOUT)).isEqualTo(new LoopbackHttp.Answer(204, ""));
    }

    @Test
    void aConnectionThatEndsMidAnswerOrSpeaksNoHttpIsAnIoException() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                for (String reply : List.of("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", "SSH-2.0-OpenSSH\r\n")) {
                    try (Socket s = fake.accept()) {
                        s.getInputStream().read(new byte[4096]);
                        s.getOutputStream().write(reply.getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            assertThatThrownBy(() -> LoopbackHttp.exchange(fake.getLocalPort(), "GET", "/", "t", null, TIMEOUT))
                    .isInstanceOf(IOException.class).hasMessageContaining("3 of 10 bytes");
            assertThatThrownBy(() -> LoopbackHttp.exchange(fake.getLocalPort(), "GET", "/", "t", null, TIMEOUT))
                    .isInstanceOf(IOException.class).hasMessageContaining("not an HTTP answer");
        }
    }
}
