package io.tidemark.engine.sync;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.VolumeRecord;
import java.util.ArrayList;
import java.util.List;

/** Device-owned records as JSON on the wire: each record's components by name (ids as text, bytes as base64). */
final class RecordJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RecordJson() {
    }

    /**
     * The records as the elements of a JSON array. Each element holds the record itself (a POJO
     * node): the message codec writes it straight to the wire, in the same shape as a tree of its
     * components would be written. Building that tree first (record to tokens to nodes, then nodes
     * to bytes) was most of the CPU a member spent serving a backfill page.
     */
    static ArrayNode encode(List<? extends OwnedRecord> records) {
        ArrayNode array = MAPPER.createArrayNode();
        for (OwnedRecord r : records) {
            array.addPOJO(r);
        }
        return array;
    }

    static List<io.tidemark.engine.protocol.Message.Deleted> encodeDeleted(List<io.tidemark.engine.model.Tombstone> tombstones) {
        List<io.tidemark.engine.protocol.Message.Deleted> out = new ArrayList<>(tombstones.size());
        for (io.tidemark.engine.model.Tombstone t : tombstones) {
            out.add(new io.tidemark.engine.protocol.Message.Deleted(t.uuid().toString(), t.stamp()));
        }
        return out;
    }

    /**
     * @throws IllegalArgumentException if an id is malformed
     */
    static List<io.tidemark.engine.model.Tombstone> decodeDeleted(ResourceType type, java.util.UUID owner,
                                                                 List<io.tidemark.engine.protocol.Message.Deleted> deleted) {
        List<io.tidemark.engine.model.Tombstone> out = new ArrayList<>(deleted.size());
        for (io.tidemark.engine.protocol.Message.Deleted d : deleted) {
            out.add(new io.tidemark.engine.model.Tombstone(type, java.util.UUID.fromString(d.uuid()), owner, d.stamp()));
        }
        return out;
    }

    /**
     * @throws IllegalArgumentException if an element is not a record of {@code type}
     */
    static List<OwnedRecord> decode(ResourceType type, JsonNode array) {
        Class<? extends OwnedRecord> recordClass = switch (type) {
            case DEVICE -> DeviceRecord.class;
            case VOLUME -> VolumeRecord.class;
            case LOCATION -> LocationRecord.class;
            case ENTRY -> EntryRecord.class;
            default -> throw new IllegalArgumentException(type + " is not device-owned");
        };
        List<OwnedRecord> records = new ArrayList<>(array.size());
        try {
            for (JsonNode node : array) {
                records.add(MAPPER.treeToValue(node, recordClass));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("a " + type.wireName() + " record in the page is malformed: " + e.getMessage(), e);
        }
        return records;
    }
}
