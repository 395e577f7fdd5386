package io.tidemark.engine.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The stable JSON shape of a snapshot, shared by {@code status --json} and the control API. Later
 * versions add fields but never rename these.
 */
public final class SnapshotJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SnapshotJson() {
    }

    public static ObjectNode toJson(EngineSnapshot s) {
        ObjectNode root = MAPPER.createObjectNode();
        root.putObject("device").put("id", s.device().id().toString()).put("name", s.device().name());
        root.putObject("library").put("id", s.library().id().toString()).put("name", s.library().name());
        ArrayNode counts = root.putArray("counts");
        for (EngineSnapshot.Count c : s.counts()) {
            ObjectNode n = counts.addObject();
            if (c.owner() == null) {
                n.putNull("owner");
                n.putNull("ownerName");
            } else {
                n.put("owner", c.owner().toString());
                n.put("ownerName", c.ownerName());
            }
            n.put("type", c.type().wireName());
            n.put("count", c.count());
        }
        ArrayNode peers = root.putArray("peers");
        for (EngineSnapshot.Peer p : s.peers()) {
            peers.addObject().put("id", p.id()).put("name", p.name()).put("state", p.state());
        }
        return root;
    }
}
