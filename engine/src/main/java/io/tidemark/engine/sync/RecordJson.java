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

    static ArrayNode encode(List<? extends OwnedRecord> records) {
        ArrayNode array = MAPPER.createArrayNode();
        for (OwnedRecord r : records) {
            array.add(MAPPER.valueToTree(r));
        }
        return array;
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
