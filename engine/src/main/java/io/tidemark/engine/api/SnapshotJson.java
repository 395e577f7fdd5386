package io.tidemark.engine.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.engine.clock.HlcTimestamp;

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

    private static void putNullable(ObjectNode n, String field, Long value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }

    /** One (owner, type) synced with a peer; owner and ownerName null for shared types. */
    private static void resource(ObjectNode n, EngineSnapshot.Resource r) {
        putNullable(n, "owner", r.owner() == null ? null : r.ownerDeviceId() != null ? r.ownerDeviceId() : r.owner().toString());
        putNullable(n, "ownerName", r.owner() == null ? null : r.ownerName());
        n.put("type", r.type().wireName());
        n.put("localCount", r.localCount());
        putNullable(n, "peerCount", r.peerCount());
        // The HLC text form sorts like the stamp and shows its wall time, unlike the packed long.
        putNullable(n, "watermark", r.watermark() == null ? null : HlcTimestamp.fromPacked(r.watermark()).toString());
        putNullable(n, "lastAdvanced", r.lastAdvanced() == null ? null : r.lastAdvanced().toString());
        backfill(n.putObject("backfill"), r.backfill());
        if (r.gap() != null) {
            n.put("gap", r.gap().gap());
            n.put("digestMatch", r.gap().digestMatch());
            io.tidemark.engine.sync.RecoveryView v = r.gap().recovery();
            ObjectNode rec = n.putObject("recovery");
            rec.put("state", v == null ? "idle" : v.phase().name().toLowerCase(java.util.Locale.ROOT));
            rec.put("done", v == null ? 0 : v.done()).put("total", v == null ? 0 : v.total());
            if (v == null || v.last() == null) {
                rec.putNull("last");
            } else {
                io.tidemark.engine.sync.RecoveryView.Summary last = v.last();
                rec.putObject("last").put("fetched", last.fetched()).put("removed", last.removed()).put("bytes", last.bytes())
                        .put("roundTrips", last.roundTrips()).put("millis", last.millis()).put("rowsAfter", last.rowsAfter())
                        .put("deletesAfter", last.deletesAfter()).put("matched", last.matched()).put("at", last.at().toString())
                        .put("text", last.text());
            }
        }
    }

    private static void backfill(ObjectNode n, EngineSnapshot.Backfill b) {
        n.put("done", b.done()).put("total", b.total()).put("rate", b.ratePerSecond());
        putNullable(n, "etaSeconds", b.etaSeconds());
        n.put("active", b.active());
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
            putNullable(n, "rttMs", p.rttMs());
            putNullable(n, "clockOffsetMs", p.clockOffsetMs());
            putNullable(n, "lastError", p.lastError());
            n.put("sync", p.sync().wireName());
            putNullable(n, "syncReason", p.syncReason());
            putNullable(n, "syncSince", p.syncSince() == null ? null : p.syncSince().toString());
            ArrayNode resources = n.putArray("resources");
            p.resources().forEach(r -> resource(resources.addObject(), r));
            backfill(n.putObject("overall"), p.overall());
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
