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

    private static void putNullable(ObjectNode n, String field, String value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }

    public static ObjectNode toJson(EngineSnapshot s) {
        ObjectNode root = MAPPER.createObjectNode();
        // "id" is the device id people and peers see; "uuid" the internal owner id of its rows.
        root.putObject("device").put("id", s.device().deviceId() != null ? s.device().deviceId() : s.device().id().toString())
                .put("name", s.device().name()).put("uuid", s.device().id().toString());
        root.putObject("library").put("id", s.library().id().toString()).put("name", s.library().name());
        ArrayNode counts = root.putArray("counts");
        for (EngineSnapshot.Count c : s.counts()) {
            ObjectNode n = counts.addObject();
            if (c.owner() == null) {
                n.putNull("owner");
                n.putNull("ownerName");
            } else {
                n.put("owner", c.ownerDeviceId() != null ? c.ownerDeviceId() : c.owner().toString());
                n.put("ownerName", c.ownerName());
            }
            n.put("type", c.type().wireName());
            n.put("count", c.count());
        }
        ArrayNode peers = root.putArray("peers");
        for (EngineSnapshot.Peer p : s.peers()) {
            ObjectNode n = peers.addObject().put("id", p.id()).put("name", p.name()).put("state", p.state().wireName());
            ArrayNode addresses = n.putArray("addresses");
            p.addresses().forEach(addresses::add);
            putNullable(n, "lastSeen", p.lastSeen() == null ? null : p.lastSeen().toString());
            if (p.rttMs() == null) {
                n.putNull("rttMs");
            } else {
                n.put("rttMs", p.rttMs());
            }
            if (p.clockOffsetMs() == null) {
                n.putNull("clockOffsetMs");
            } else {
                n.put("clockOffsetMs", p.clockOffsetMs());
            }
            putNullable(n, "lastError", p.lastError());
        }
        ArrayNode nearby = root.putArray("nearby");
        for (EngineSnapshot.Nearby d : s.nearby()) {
            ObjectNode n = nearby.addObject().put("id", d.id());
            ArrayNode addresses = n.putArray("addresses");
            d.addresses().forEach(addresses::add);
            putNullable(n, "lastSeen", d.lastSeen() == null ? null : d.lastSeen().toString());
        }
        return root;
    }
}
