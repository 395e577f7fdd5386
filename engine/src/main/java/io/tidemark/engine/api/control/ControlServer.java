package io.tidemark.engine.api.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.api.SnapshotJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's control API: HTTP/JSON on loopback only, every request authenticated by a random
 * token that lives in the home with owner-only permissions, so only the user who runs the daemon
 * (and their own CLI) can drive it. Endpoints: {@code GET /v1/status} (the {@code status --json}
 * shape) and {@code GET /metrics} (Prometheus text).
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Engine engine;
    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] token;
    private final Path daemonFile;
    private final Instant started = Instant.now();

    private ControlServer(Engine engine, HttpServer server, ExecutorService executor, byte[] token, Path daemonFile) {
        this.engine = engine;
        this.server = server;
        this.executor = executor;
        this.token = token;
        this.daemonFile = daemonFile;
    }

    /**
     * Starts the API on {@code 127.0.0.1:port} (0 = any free port), writes a fresh token and the
     * daemon file into the engine's home, and returns once it accepts requests.
     */
    public static ControlServer start(Engine engine, int port) throws IOException {
        Path home = engine.home().dir();
        byte[] tokenBytes = new byte[32];
        new SecureRandom().nextBytes(tokenBytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(tokenBytes);
        ControlFiles.writeOwnerOnly(home.resolve(ControlFiles.TOKEN), token.getBytes(StandardCharsets.US_ASCII));

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "tidemark-control");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        ControlServer control = new ControlServer(engine, server, executor, token.getBytes(StandardCharsets.US_ASCII),
                home.resolve(ControlFiles.DAEMON));
        server.createContext("/", control::handle);
        server.start();
        String info = JSON.createObjectNode().put("port", control.port()).put("pid", ProcessHandle.current().pid()).toString();
        ControlFiles.writeOwnerOnly(control.daemonFile, info.getBytes(StandardCharsets.UTF_8));
        return control;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, "application/json", "{\"error\":\"missing or wrong control token\"}");
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "application/json", "{\"error\":\"only GET is supported\"}");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/v1/status" -> respond(exchange, 200, "application/json",
                        JSON.writeValueAsString(SnapshotJson.toJson(engine.snapshot())));
                case "/metrics" -> respond(exchange, 200, "text/plain; version=0.0.4", metrics(engine.snapshot()));
                default -> respond(exchange, 404, "application/json", "{\"error\":\"no such endpoint\"}");
            }
        } catch (RuntimeException e) {
            LOG.warn("Control request {} failed: {}", exchange.getRequestURI(), e.toString());
        }
    }

    /** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.US_ASCII));
    }

    private String metrics(EngineSnapshot s) {
        StringBuilder out = new StringBuilder();
        out.append("# HELP tidemark_records Rows this library holds, per owner device and resource type.\n");
        out.append("# TYPE tidemark_records gauge\n");
        for (EngineSnapshot.Count c : s.counts()) {
            out.append("tidemark_records{owner=\"").append(c.owner() == null ? "shared" : c.owner())
                    .append("\",type=\"").append(c.type().wireName()).append("\"} ").append(c.count()).append('\n');
        }
        out.append("# HELP tidemark_peers Known peers.\n# TYPE tidemark_peers gauge\n");
        out.append("tidemark_peers ").append(s.peers().size()).append('\n');
        out.append("# HELP tidemark_snapshot_age_seconds Age of the engine snapshot served.\n# TYPE tidemark_snapshot_age_seconds gauge\n");
        out.append(String.format(Locale.ROOT, "tidemark_snapshot_age_seconds %.3f%n", Duration.between(s.takenAt(), Instant.now()).toMillis() / 1000.0));
        out.append("# HELP tidemark_uptime_seconds Seconds since the daemon started.\n# TYPE tidemark_uptime_seconds gauge\n");
        out.append("tidemark_uptime_seconds ").append(Duration.between(started, Instant.now()).toSeconds()).append('\n');
        return out.toString();
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops serving and removes the daemon file, so clients fall back to reading the stores. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            Files.deleteIfExists(daemonFile);
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", daemonFile, e.toString());
        }
    }
}
