package io.tidemark.engine.api.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.api.HomeLockProbe;
import io.tidemark.engine.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How CLI verbs reach a running daemon of the same home. {@link #find} returns empty when no daemon
 * runs (no daemon file, or its process is gone), and the verb then reads the stores directly.
 * Requests go out through {@link LoopbackHttp}, which says why not through the JDK's HTTP clients.
 */
public final class ControlClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final long pid;
    private final String token;

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
            JsonNode info = Json.read(Files.readString(daemon, StandardCharsets.UTF_8));
            long pid = info.path("pid").asLong(-1);
            int port = info.path("port").asInt(-1);
            if (port <= 0 || !HomeLockProbe.isHeld(home)) {
                // Left behind by a daemon that was killed: its pid may be another program's by now, the lock is gone with it.
                return Optional.empty();
            }
            return Optional.of(new ControlClient(port, pid, Files.readString(token, StandardCharsets.US_ASCII).strip()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code GET path} with the token; the body as text. Any answer but 200 is an IOException. The
     * {@code throws InterruptedException} stays for callers written against the earlier client.
     */
    public String get(String path) throws IOException, InterruptedException {
        LoopbackHttp.Answer answer = LoopbackHttp.exchange(port, "GET", path, token, null, TIMEOUT);
        if (answer.status() != 200) {
            throw new IOException("the daemon answered " + answer.status() + " to " + path + ": " + answer.body());
        }
        return answer.body();
    }

    /**
     * {@code POST path} with a JSON body. A 400 (a refusal the user caused, e.g. a wrong code) comes
     * back as an IllegalArgumentException carrying the daemon's message, a 409 (the engine cannot do
     * it now) as an IllegalStateException, any other answer but 200 as an IOException.
     */
    public JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        LoopbackHttp.Answer answer = LoopbackHttp.exchange(port, "POST", path, token,
                Json.write(body).getBytes(StandardCharsets.UTF_8), ACTION_TIMEOUT);
        JsonNode json = Json.read(answer.body());
        if (answer.status() == 400) {
            throw new IllegalArgumentException(json.path("error").asText("the daemon refused the request"));
        }
        if (answer.status() == 409) {
            throw new IllegalStateException(json.path("error").asText("the daemon cannot do that now"));
        }
        if (answer.status() != 200) {
            throw new IOException("the daemon answered " + answer.status() + " to " + path + ": " + answer.body());
        }
        return json;
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
        ObjectNode body = peerBody(peer);
        if (resource != null) {
            body.put("resource", resource);
        }
        return post("/v1/peers/resync", body);
    }

    /** Surgical recovery with {@code peer} (of one {@code resource} type, or all when null); {@code dryRun}: only what would move. */
    public JsonNode recover(String peer, String resource, boolean dryRun) throws IOException, InterruptedException {
        ObjectNode body = peerBody(peer);
        if (resource != null) {
            body.put("resource", resource);
        }
        body.put("dryRun", dryRun);
        return post("/v1/peers/recover", body);
    }

    public JsonNode pause(String peer) throws IOException, InterruptedException {
        return post("/v1/peers/pause", peerBody(peer));
    }

    public JsonNode resume(String peer) throws IOException, InterruptedException {
        return post("/v1/peers/resume", peerBody(peer));
    }

    private static ObjectNode peerBody(String peer) {
        return Json.object().put("peer", peer);
    }

    public JsonNode status() throws IOException, InterruptedException {
        return Json.read(get("/v1/status"));
    }

    public int port() {
        return port;
    }

    /** The daemon's process id. */
    public long pid() {
        return pid;
    }
}
