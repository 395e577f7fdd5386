package io.tidemark.engine.api.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.engine.api.Home;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How CLI verbs reach a running daemon of the same home. {@link #find} returns empty when no daemon
 * runs (no daemon file, or its process is gone), and the verb then reads the stores directly.
 */
public final class ControlClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final int port;
    private final long pid;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private ControlClient(int port, long pid, String token) {
        this.port = port;
        this.pid = pid;
        this.token = token;
    }

    /** The running daemon of {@code home}, if there is one. */
    public static Optional<ControlClient> find(Home home) {
        Path daemon = home.dir().resolve(ControlFiles.DAEMON);
        Path token = home.dir().resolve(ControlFiles.TOKEN);
        if (!Files.isRegularFile(daemon) || !Files.isRegularFile(token)) {
            return Optional.empty();
        }
        try {
            JsonNode info = JSON.readTree(Files.readString(daemon, StandardCharsets.UTF_8));
            long pid = info.path("pid").asLong(-1);
            int port = info.path("port").asInt(-1);
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            if (!alive || port <= 0) {
                return Optional.empty(); // left behind by a daemon that was killed
            }
            return Optional.of(new ControlClient(port, pid, Files.readString(token, StandardCharsets.US_ASCII).strip()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code GET path} with the token; the body as text. */
    public String get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(TIMEOUT).header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the daemon answered " + response.statusCode() + " to " + path + ": " + response.body());
        }
        return response.body();
    }

    /**
     * {@code POST path} with a JSON body. A 400 (a refusal the user caused, e.g. a wrong code) comes
     * back as an IllegalArgumentException carrying the daemon's message, a 409 (the engine cannot do
     * it now) as an IllegalStateException.
     */
    public JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(response.body());
        if (response.statusCode() == 400) {
            throw new IllegalArgumentException(answer.path("error").asText("the daemon refused the request"));
        }
        if (response.statusCode() == 409) {
            throw new IllegalStateException(answer.path("error").asText("the daemon cannot do that now"));
        }
        if (response.statusCode() != 200) {
            throw new IOException("the daemon answered " + response.statusCode() + " to " + path + ": " + response.body());
        }
        return answer;
    }

    /**
     * Runs a watermark exchange with {@code peer} (a device id, its short form or a member's name)
     * now; answers {@code {"peer": full id, "name": ...}}.
     */
    public JsonNode catchUp(String peer) throws IOException, InterruptedException {
        return post("/v1/peers/catch-up", peerBody(peer));
    }

    /** Full resync from {@code peer}, of one {@code resource} type (its wire name) or of all when null. */
    public JsonNode resync(String peer, String resource) throws IOException, InterruptedException {
        com.fasterxml.jackson.databind.node.ObjectNode body = peerBody(peer);
        if (resource != null) {
            body.put("resource", resource);
        }
        return post("/v1/peers/resync", body);
    }

    public JsonNode pause(String peer) throws IOException, InterruptedException {
        return post("/v1/peers/pause", peerBody(peer));
    }

    public JsonNode resume(String peer) throws IOException, InterruptedException {
        return post("/v1/peers/resume", peerBody(peer));
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode peerBody(String peer) {
        return JSON.createObjectNode().put("peer", peer);
    }

    public JsonNode status() throws IOException, InterruptedException {
        return JSON.readTree(get("/v1/status"));
    }

    public int port() {
        return port;
    }

    /** The daemon's process id. */
    public long pid() {
        return pid;
    }
}
