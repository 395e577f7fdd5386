package io.tidemark.engine.api.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.api.PeerActions;
import io.tidemark.engine.api.PeerResolver;
import io.tidemark.engine.api.PeerTraffic;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.ResourceType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * shape), {@code GET /metrics} (Prometheus text), {@code GET /v1/events} (server-sent events), and
 * POST actions with a JSON body: {@code /v1/invite}, {@code /v1/join}, {@code /v1/forget},
 * {@code /v1/address}, and per member {@code /v1/peers/catch-up}, {@code /v1/peers/resync} (optional
 * {@code "resource"}), {@code /v1/peers/pause}, {@code /v1/peers/resume}. A body's {@code "peer"} is
 * anything {@link PeerResolver} accepts. An action answers 400 with {@code {"error": ...}} for a
 * request the user got wrong and 409 when the engine cannot do it in its current state.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Engine engine;
    private final PeerActions actions;
    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] token;
    private final Path daemonFile;
    private final Instant started = Instant.now();

    private ControlServer(Engine engine, PeerActions actions, HttpServer server, ExecutorService executor, byte[] token,
                          Path daemonFile) {
        this.engine = engine;
        this.actions = actions;
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
        return start(engine, engine, port);
    }

    /** As {@link #start(Engine, int)}, with the member actions going to {@code actions} (tests pass a fake). */
    public static ControlServer start(Engine engine, PeerActions actions, int port) throws IOException {
        // The daemon file says "an engine runs here": only the home's one engine may write it.
        engine.holdHome();
        Path home = engine.home().dir();
        byte[] tokenBytes = new byte[32];
        new SecureRandom().nextBytes(tokenBytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(tokenBytes);
        ControlFiles.writeOwnerOnly(home.resolve(ControlFiles.TOKEN), token.getBytes(StandardCharsets.US_ASCII));

        limitConnections();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        // A virtual thread per exchange: the JDK server reads a request's headers on its executor, and
        // an events stream holds its thread while the client listens, so a fixed pool of N threads is
        // blocked by N slow clients. Virtual threads cost nothing while they wait; the limits above
        // bound how many there are and how long a request may take to arrive.
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tidemark-control-", 0).factory());
        server.setExecutor(executor);
        ControlServer control = new ControlServer(engine, actions, server, executor, token.getBytes(StandardCharsets.US_ASCII),
                home.resolve(ControlFiles.DAEMON));
        server.createContext("/", control::handle);
        server.start();
        String info = JSON.createObjectNode().put("port", control.port()).put("pid", ProcessHandle.current().pid()).toString();
        ControlFiles.writeOwnerOnly(control.daemonFile, info.getBytes(StandardCharsets.UTF_8));
        return control;
    }

    /** Seconds a client has to send its whole request (headers and body) before the connection is closed. */
    static final int REQUEST_SECONDS = 5;
    /** Connections open at once, across all clients; more wait in the listen backlog or are refused. */
    static final int MAX_CONNECTIONS = 64;

    /**
     * The JDK server reads its limits from system properties once, when its first server is made; a
     * value the user set on the command line wins. Without them a client that sends its headers
     * byte by byte holds its connection forever.
     */
    static void limitConnections() {
        setIfAbsent("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS));
        setIfAbsent("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
        // How often the server looks for requests over their time, in milliseconds (default: every 10 s).
        setIfAbsent("sun.net.httpserver.timerMillis", "500");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
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
            String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            switch (route) {
                case "GET /v1/status" -> respond(exchange, 200, "application/json",
                        JSON.writeValueAsString(SnapshotJson.toJson(engine.refreshSnapshot())));
                case "GET /metrics" -> respond(exchange, 200, "text/plain; version=0.0.4", metrics(engine.snapshot()));
                case "GET /v1/events" -> streamEvents(exchange);
                case "POST /v1/invite" -> action(exchange, body -> {
                    PeerActions.Invitation invite = actions.invite();
                    ObjectNode out = JSON.createObjectNode().put("code", invite.code()).put("expiresAt", invite.expiresAt().toString());
                    invite.addresses().forEach(out.putArray("addresses")::add);
                    return out;
                });
                case "POST /v1/join" -> action(exchange, body -> {
                    String address = body.hasNonNull("address") ? body.get("address").asText() : null;
                    PeerActions.Joined joined = actions.join(body.path("code").asText(""), address).join();
                    ObjectNode out = JSON.createObjectNode().put("libraryId", joined.libraryId()).put("libraryName", joined.libraryName())
                            .put("inviterName", joined.inviterName());
                    joined.memberIds().forEach(out.putArray("members")::add);
                    return out;
                });
                case "POST /v1/address" -> action(exchange, body -> {
                    String peer = peer(body).id();
                    engine.addAddress(peer, body.path("address").asText(""));
                    return JSON.createObjectNode().put("peer", peer).put("address", body.path("address").asText(""));
                });
                case "POST /v1/forget" -> action(exchange, body -> {
                    String peer = peer(body).id();
                    actions.forget(peer);
                    return JSON.createObjectNode().put("forgotten", peer);
                });
                case "POST /v1/peers/catch-up" -> peerAction(exchange, (peer, body) -> actions.catchUp(peer));
                case "POST /v1/peers/resync" -> peerAction(exchange, (peer, body) -> actions.resync(peer,
                        body.hasNonNull("resource") ? ResourceType.fromWireName(body.get("resource").asText()) : null));
                case "POST /v1/peers/recover" -> action(exchange, body -> {
                    PeerResolver.Member member = peer(body);
                    boolean dryRun = body.path("dryRun").asBoolean(false);
                    ResourceType type = body.hasNonNull("resource") ? ResourceType.fromWireName(body.get("resource").asText()) : null;
                    java.util.List<io.tidemark.engine.sync.SyncEngine.RecoveryOutcome> done = actions.recover(member.id(), type, dryRun);
                    ObjectNode out = JSON.createObjectNode().put("peer", member.id()).put("dryRun", dryRun);
                    if (member.name() == null) {
                        out.putNull("name");
                    } else {
                        out.put("name", member.name());
                    }
                    com.fasterxml.jackson.databind.node.ArrayNode keys = out.putArray("keys");
                    java.util.Map<java.util.UUID, String> names = ownerNames();
                    for (io.tidemark.engine.sync.SyncEngine.RecoveryOutcome r : done) {
                        keys.addObject().put("owner", r.owner() == null ? null : r.owner().toString())
                                .put("ownerName", r.owner() == null ? null : names.get(r.owner())).put("shared", r.owner() == null)
                                .put("resource", r.type().wireName()).put("ours", r.ours()).put("theirs", r.theirs())
                                .put("fetch", r.fetched()).put("remove", r.removed()).put("bytes", r.bytes())
                                .put("roundTrips", r.roundTrips()).put("millis", r.millis()).put("after", r.after())
                                .put("reclaim", r.reclaim());
                    }
                    return out;
                });
                case "POST /v1/peers/pause" -> peerAction(exchange, (peer, body) -> actions.pause(peer));
                case "POST /v1/peers/resume" -> peerAction(exchange, (peer, body) -> actions.resume(peer));
                default -> respond(exchange, 404, "application/json", "{\"error\":\"no such endpoint: " + route + "\"}");
            }
        } catch (RuntimeException e) {
            // Answered, not dropped: a client that gets no reply cannot tell a bug from a dead daemon.
            LOG.warn("Control request {} failed", exchange.getRequestURI(), e);
            try {
                respond(exchange, 500, "application/json", error("the daemon could not answer this request: " + e.getMessage()));
            } catch (IOException | RuntimeException answered) {
                // the answer had already begun (an events stream): the connection ends instead
            }
        }
    }

    /** Device names by uuid, for the words of an answer; empty when no engine runs here (tests). */
    private java.util.Map<java.util.UUID, String> ownerNames() {
        java.util.Map<java.util.UUID, String> names = new java.util.HashMap<>();
        if (engine != null) {
            engine.library().devices().forEach(d -> names.put(d.uuid(), d.name()));
        }
        return names;
    }

    @FunctionalInterface
    private interface Action {
        JsonNode run(JsonNode body);
    }

    @FunctionalInterface
    private interface MemberAction {
        void run(String peerId, JsonNode body);
    }

    /** The member a body's {@code "peer"} names, resolved against the members as they are now. */
    private PeerResolver.Member peer(JsonNode body) {
        return PeerResolver.resolve(body.path("peer").asText(""), PeerResolver.members(engine.refreshSnapshot()));
    }

    /** An action on one member; answers with the member's full id and name, as resolved. */
    private void peerAction(HttpExchange exchange, MemberAction action) throws IOException {
        action(exchange, body -> {
            PeerResolver.Member member = peer(body);
            action.run(member.id(), body);
            ObjectNode out = JSON.createObjectNode().put("peer", member.id());
            if (member.name() == null) {
                out.putNull("name");
            } else {
                out.put("name", member.name());
            }
            return out;
        });
    }

    /**
     * Runs a POST action. A failure a person caused becomes a 400 with its message, never a stack
     * trace; an IllegalStateException (the engine cannot do it now, e.g. not listening) a 409.
     */
    private void action(HttpExchange exchange, Action action) throws IOException {
        JsonNode body;
        try {
            byte[] raw = exchange.getRequestBody().readNBytes(64 * 1024);
            body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
        } catch (IOException e) {
            respond(exchange, 400, "application/json", error("the request body is not JSON"));
            return;
        }
        try {
            respond(exchange, 200, "application/json", JSON.writeValueAsString(action.run(body)));
        } catch (RuntimeException e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            respond(exchange, cause instanceof IllegalStateException ? 409 : 400, "application/json", error(String.valueOf(cause.getMessage())));
        }
    }

    private static String error(String message) {
        return JSON.createObjectNode().put("error", message).toString();
    }

    /**
     * Server-sent events: the history after {@code ?after=ID} (default: from now), then each new event
     * as it is recorded, until the client goes away.
     */
    private void streamEvents(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        long after;
        if (query != null && query.startsWith("after=")) {
            try {
                after = Long.parseLong(query.substring(6));
            } catch (NumberFormatException e) {
                respond(exchange, 400, "application/json", error("after= takes an event id (a whole number), not \""
                        + query.substring(6) + "\""));
                return;
            }
        } else {
            after = engine.sync().events().lastId();
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            while (!Thread.currentThread().isInterrupted()) {
                long version = engine.eventsVersion();
                for (var logged : engine.sync().events().since(after, 100)) {
                    ObjectNode json = JSON.createObjectNode().put("id", logged.id()).put("at", logged.event().at().toString())
                            .put("kind", logged.event().kind()).put("message", logged.event().message());
                    if (logged.event().peer() != null && logged.event().peer().length == io.tidemark.engine.identity.DeviceId.LENGTH) {
                        json.put("peer", new io.tidemark.engine.identity.DeviceId(logged.event().peer()).toString());
                    }
                    out.write(("id: " + logged.id() + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
                    after = logged.id();
                }
                out.write(": keepalive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    engine.awaitEvents(version, Duration.ofSeconds(15));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        } catch (IOException e) {
            // the client went away
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
        out.append("# HELP tidemark_peers Member devices by connection state.\n# TYPE tidemark_peers gauge\n");
        for (EngineSnapshot.PeerState state : EngineSnapshot.PeerState.values()) {
            long n = s.peers().stream().filter(p -> p.state() == state).count();
            out.append("tidemark_peers{state=\"").append(state.wireName()).append("\"} ").append(n).append('\n');
        }
        out.append("# HELP tidemark_nearby_devices Devices found on the LAN that are not members.\n# TYPE tidemark_nearby_devices gauge\n");
        out.append("tidemark_nearby_devices ").append(s.nearby().size()).append('\n');
        out.append("# HELP tidemark_peer_connected 1 while the member is connected.\n# TYPE tidemark_peer_connected gauge\n");
        for (EngineSnapshot.Peer p : s.peers()) {
            out.append("tidemark_peer_connected{peer=\"").append(p.id()).append("\"} ")
                    .append(p.state() == EngineSnapshot.PeerState.CONNECTED ? 1 : 0).append('\n');
        }
        out.append("# HELP tidemark_peer_rtt_milliseconds Last measured round-trip time to the member.\n"
                + "# TYPE tidemark_peer_rtt_milliseconds gauge\n");
        for (EngineSnapshot.Peer p : s.peers()) {
            if (p.rttMs() != null) {
                out.append("tidemark_peer_rtt_milliseconds{peer=\"").append(p.id()).append("\"} ").append(p.rttMs()).append('\n');
            }
        }
        out.append("# HELP tidemark_peer_clock_offset_milliseconds The member's clock minus this device's.\n"
                + "# TYPE tidemark_peer_clock_offset_milliseconds gauge\n");
        for (EngineSnapshot.Peer p : s.peers()) {
            if (p.clockOffsetMs() != null) {
                out.append("tidemark_peer_clock_offset_milliseconds{peer=\"").append(p.id()).append("\"} ")
                        .append(p.clockOffsetMs()).append('\n');
            }
        }
        trafficCounters(out, engine.traffic());
        out.append("# HELP tidemark_snapshot_age_seconds Age of the engine snapshot served.\n# TYPE tidemark_snapshot_age_seconds gauge\n");
        out.append(String.format(Locale.ROOT, "tidemark_snapshot_age_seconds %.3f%n", Duration.between(s.takenAt(), Instant.now()).toMillis() / 1000.0));
        out.append("# HELP tidemark_uptime_seconds Seconds since the daemon started.\n# TYPE tidemark_uptime_seconds gauge\n");
        out.append("tidemark_uptime_seconds ").append(Duration.between(started, Instant.now()).toSeconds()).append('\n');
        jvmHeap(out);
        return out.toString();
    }

    /** Running totals per member, as Prometheus counters (they never decrease while the daemon runs). */
    static void trafficCounters(StringBuilder out, java.util.Map<DeviceId, PeerTraffic> traffic) {
        java.util.List<java.util.Map.Entry<String, PeerTraffic>> peers = traffic.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey().toString(), e.getValue()))
                .sorted(java.util.Map.Entry.comparingByKey()).toList();
        counter(out, peers, "tidemark_peer_records_received_total", "Records (rows and deletes) applied from the member.",
                PeerTraffic::recordsIn);
        counter(out, peers, "tidemark_peer_records_sent_total", "Records sent to the member.", PeerTraffic::recordsOut);
        counter(out, peers, "tidemark_peer_bytes_received_total", "Frame bytes read from the member.", PeerTraffic::bytesIn);
        counter(out, peers, "tidemark_peer_bytes_sent_total", "Frame bytes written to the member.", PeerTraffic::bytesOut);
    }

    private static void counter(StringBuilder out, java.util.List<java.util.Map.Entry<String, PeerTraffic>> peers, String name,
                                String help, java.util.function.ToLongFunction<PeerTraffic> value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        for (var p : peers) {
            out.append(name).append("{peer=\"").append(p.getKey()).append("\"} ").append(value.applyAsLong(p.getValue())).append('\n');
        }
    }

    /**
     * The daemon's Java heap: used and committed now, its limit, and the peak used since start as
     * the sum of each heap pool's own peak (pools peak at different moments, so an upper bound).
     * Benchmarks read it to show a sync fits its heap.
     */
    private static void jvmHeap(StringBuilder out) {
        java.lang.management.MemoryUsage heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long peak = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        out.append("# HELP tidemark_jvm_heap_bytes The daemon's Java heap: used, committed, max (the -Xmx limit),"
                + " peak (sum of the heap pools' peaks since start).\n# TYPE tidemark_jvm_heap_bytes gauge\n");
        out.append("tidemark_jvm_heap_bytes{kind=\"used\"} ").append(heap.getUsed()).append('\n');
        out.append("tidemark_jvm_heap_bytes{kind=\"committed\"} ").append(heap.getCommitted()).append('\n');
        out.append("tidemark_jvm_heap_bytes{kind=\"max\"} ").append(heap.getMax()).append('\n');
        out.append("tidemark_jvm_heap_bytes{kind=\"peak\"} ").append(peak).append('\n');
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
            LOG.warn("Could not remove {}", daemonFile, e);
        }
    }
}
