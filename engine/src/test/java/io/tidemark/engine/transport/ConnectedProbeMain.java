package io.tidemark.engine.transport;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.api.control.ControlClient;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Run inside the network namespace next to two daemons: waits until each daemon's status shows the
 * other connected. Args: homeA homeB seconds. Exit 0 when connected, 3 on timeout.
 */
public final class ConnectedProbeMain {
    private ConnectedProbeMain() {
    }

    public static void main(String[] args) throws Exception {
        Home a = new Home(Path.of(args[0]));
        Home b = new Home(Path.of(args[1]));
        long deadline = System.currentTimeMillis() + Long.parseLong(args[2]) * 1000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            Optional<JsonNode> sa = status(a);
            Optional<JsonNode> sb = status(b);
            if (sa.isPresent() && sb.isPresent()) {
                last = sa.get() + "\n" + sb.get();
                if (connectedTo(sa.get(), sb.get()) && connectedTo(sb.get(), sa.get())) {
                    System.out.println("CONNECTED");
                    System.out.println(last);
                    return;
                }
            }
            synchronized (ConnectedProbeMain.class) {
                ConnectedProbeMain.class.wait(200); // a probe process polling from outside the engine
            }
        }
        System.out.println("TIMEOUT\n" + last);
        System.exit(3);
    }

    private static Optional<JsonNode> status(Home home) {
        try {
            Optional<ControlClient> client = ControlClient.find(home);
            return client.isPresent() ? Optional.of(client.get().status()) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static boolean connectedTo(JsonNode viewer, JsonNode other) {
        String id = other.at("/device/id").asText();
        for (JsonNode p : viewer.get("peers")) {
            if (p.get("id").asText().equals(id) && p.get("state").asText().equals("connected")) {
                return true;
            }
        }
        return false;
    }
}
