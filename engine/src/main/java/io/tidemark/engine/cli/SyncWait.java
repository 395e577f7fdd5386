package io.tidemark.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.engine.api.PeerResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * When {@code wait-for-sync} is done, decided on the {@code status --json} shape: at least one
 * member connected and every connected member {@code ready}, or, for one named member, that member
 * connected and ready. The waiting loop takes its clock and sleep from outside, so tests drive it
 * through any number of polls without waiting.
 */
final class SyncWait {
    static final Duration INTERVAL = Duration.ofMillis(500);

    /** Whether the condition holds, and a sentence on who is (not) ready and why. */
    record Verdict(boolean ready, String detail) {
    }

    @FunctionalInterface
    interface Poll {
        JsonNode status() throws Exception;
    }

    /** Monotonic time and sleeping; tests pass a fake. */
    interface Time {
        long nanos();

        void sleep(Duration duration) throws InterruptedException;

        Time SYSTEM = new Time() {
            @Override
            public long nanos() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration.toMillis());
            }
        };
    }

    private SyncWait() {
    }

    /**
     * Polls every {@link #INTERVAL} until the condition holds or {@code timeout} has passed (a zero
     * timeout checks once); returns the last verdict.
     *
     * @throws IllegalArgumentException if {@code peer} names no member
     */
    static Verdict await(Poll poll, String peer, Duration timeout, Time time) throws Exception {
        long deadline = time.nanos() + timeout.toNanos();
        while (true) {
            Verdict verdict = check(poll.status(), peer);
            long left = deadline - time.nanos();
            if (verdict.ready() || left <= 0) {
                return verdict;
            }
            time.sleep(Duration.ofNanos(Math.min(INTERVAL.toNanos(), left)));
        }
    }

    /**
     * The verdict for one status; {@code peer} null for "every connected member".
     *
     * @throws IllegalArgumentException if {@code peer} names no member
     */
    static Verdict check(JsonNode status, String peer) {
        List<JsonNode> members = new ArrayList<>();
        status.path("peers").forEach(members::add);
        if (peer != null) {
            List<PeerResolver.Member> known = members.stream()
                    .map(p -> new PeerResolver.Member(p.path("id").asText(), p.path("name").asText(null))).toList();
            String id = PeerResolver.resolve(peer, known).id();
            JsonNode member = members.stream().filter(p -> p.path("id").asText().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("No member " + id.substring(0, 7) + " is known to this device."));
            return new Verdict(ready(member), describe(member));
        }
        List<JsonNode> connected = members.stream().filter(SyncWait::connected).toList();
        if (connected.isEmpty()) {
            return new Verdict(false, members.isEmpty() ? "this device has no other members yet"
                    : "no member is connected (" + members.stream().map(SyncWait::describe).collect(Collectors.joining("; ")) + ")");
        }
        List<JsonNode> behind = connected.stream().filter(p -> !ready(p)).toList();
        return new Verdict(behind.isEmpty(), (behind.isEmpty() ? connected : behind).stream().map(SyncWait::describe)
                .collect(Collectors.joining("; ")));
    }

    private static boolean connected(JsonNode peer) {
        return peer.path("state").asText().equals("connected");
    }

    private static boolean ready(JsonNode peer) {
        return connected(peer) && peer.path("sync").asText().equals("ready");
    }

    /** E.g. "bravo (ABCDEFG) is backfilling: new member (1,200 of 5,000 records)". */
    static String describe(JsonNode peer) {
        String id = peer.path("id").asText();
        String name = peer.path("name").asText("");
        String label = (name.isEmpty() ? "" : name + " (") + id.substring(0, Math.min(7, id.length())) + (name.isEmpty() ? "" : ")");
        if (!connected(peer)) {
            String error = peer.path("lastError").isTextual() ? ", last error: " + peer.get("lastError").asText() : "";
            return label + " is not connected (" + peer.path("state").asText("offline") + error + ")";
        }
        StringBuilder out = new StringBuilder(label).append(" is ").append(peer.path("sync").asText("connecting"));
        if (peer.path("syncReason").isTextual()) {
            out.append(": ").append(peer.get("syncReason").asText());
        }
        JsonNode overall = peer.path("overall");
        if (!ready(peer) && overall.path("active").asBoolean(false) && overall.path("total").asLong() > 0) {
            out.append(String.format(Locale.ROOT, " (%,d of %,d records)", overall.path("done").asLong(), overall.path("total").asLong()));
        }
        return out.toString();
    }
}
