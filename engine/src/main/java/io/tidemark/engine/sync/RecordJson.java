package io.tidemark.engine.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.VolumeRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Device-owned records as JSON on the wire, each as an array of its components in declaration order
 * without its owner (the page or batch names the owner once): ids as text, bytes as base64, an entry's
 * kind as its code. Positional and written by hand, because a backfill moves millions of them: named
 * fields made an entry 363 bytes, and reflective mapping cost more than the SQLite read of the row.
 */
final class RecordJson {
    private static final java.util.Base64.Encoder BASE64 = java.util.Base64.getEncoder();
    private static final java.util.Base64.Decoder BASE64_DECODER = java.util.Base64.getDecoder();
    private static final ArrayNode EMPTY = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();

    private RecordJson() {
    }

    /**
     * The records as the elements of a JSON array. Each element holds the record itself (a POJO
     * node) which the message codec writes straight to the wire as its array of components; no tree
     * is built on the sending side.
     */
    static ArrayNode encode(List<? extends OwnedRecord> records) {
        ArrayNode array = EMPTY.arrayNode(records.size());
        for (OwnedRecord r : records) {
            array.addPOJO(new Positional(r));
        }
        return array;
    }

    /** Writes one record as its positional array (see the class comment). */
    private record Positional(OwnedRecord record) implements com.fasterxml.jackson.databind.JsonSerializable {
        @Override
        public void serialize(com.fasterxml.jackson.core.JsonGenerator g, com.fasterxml.jackson.databind.SerializerProvider p)
                throws java.io.IOException {
            g.writeStartArray();
            g.writeString(record.uuid().toString());
            g.writeNumber(record.stamp());
            if (record instanceof DeviceRecord d) {
                g.writeString(d.name());
                text(g, d.os());
                text(g, d.appVersion());
                text(g, d.certFingerprint() == null ? null : BASE64.encodeToString(d.certFingerprint()));
            } else if (record instanceof VolumeRecord v) {
                g.writeString(v.name());
                g.writeString(v.mountPoint());
                text(g, v.fsType());
                g.writeNumber(v.totalBytes());
            } else if (record instanceof LocationRecord l) {
                id(g, l.volumeUuid());
                g.writeString(l.path());
                g.writeString(l.name());
            } else if (record instanceof EntryRecord e) {
                id(g, e.locationUuid());
                id(g, e.parentUuid());
                g.writeString(e.name());
                g.writeNumber(e.kind().code());
                g.writeNumber(e.size());
                g.writeNumber(e.modifiedAtMillis());
                id(g, e.contentUuid());
            }
            g.writeEndArray();
        }

        @Override
        public void serializeWithType(com.fasterxml.jackson.core.JsonGenerator g, com.fasterxml.jackson.databind.SerializerProvider p,
                                      com.fasterxml.jackson.databind.jsontype.TypeSerializer typeSer) throws java.io.IOException {
            serialize(g, p);
        }

        private static void text(com.fasterxml.jackson.core.JsonGenerator g, String value) throws java.io.IOException {
            if (value == null) {
                g.writeNull();
            } else {
                g.writeString(value);
            }
        }

        private static void id(com.fasterxml.jackson.core.JsonGenerator g, java.util.UUID value) throws java.io.IOException {
            text(g, value == null ? null : value.toString());
        }
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
     * {@code owner}'s records of {@code type} from their positional arrays (or, handed over in
     * process without a wire, the records themselves).
     *
     * @throws IllegalArgumentException if an element is not a record of {@code type}
     */
    static List<OwnedRecord> decode(ResourceType type, java.util.UUID owner, JsonNode array) {
        if (!type.deviceOwned()) {
            throw new IllegalArgumentException(type + " is not device-owned");
        }
        List<OwnedRecord> records = new ArrayList<>(array.size());
        int i = 0;
        try {
            for (JsonNode node : array) {
                records.add(decodeOne(type, owner, node));
                i++;
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the " + type.wireName() + " record at " + i + " in the page is malformed: "
                    + e.getMessage(), e);
        }
        return records;
    }

    private static OwnedRecord decodeOne(ResourceType type, java.util.UUID owner, JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.POJONode pojo && pojo.getPojo() instanceof Positional p) {
            return p.record();
        }
        int size = switch (type) {
            case DEVICE -> 6;
            case VOLUME -> 6;
            case LOCATION -> 5;
            case ENTRY -> 9;
            default -> throw new IllegalArgumentException(type + " is not device-owned");
        };
        if (!node.isArray() || node.size() != size) {
            throw new IllegalArgumentException("expected an array of " + size + " values");
        }
        java.util.UUID uuid = id(node, 0, false);
        long stamp = number(node, 1);
        return switch (type) {
            case DEVICE -> new DeviceRecord(uuid, owner, stamp, text(node, 2, false), text(node, 3, true), text(node, 4, true),
                    node.get(5).isNull() ? null : BASE64_DECODER.decode(text(node, 5, false)));
            case VOLUME -> new VolumeRecord(uuid, owner, stamp, text(node, 2, false), text(node, 3, false), text(node, 4, true),
                    number(node, 5));
            case LOCATION -> new LocationRecord(uuid, owner, stamp, id(node, 2, true), text(node, 3, false), text(node, 4, false));
            case ENTRY -> new EntryRecord(uuid, owner, stamp, id(node, 2, false), id(node, 3, true), text(node, 4, false),
                    io.tidemark.engine.model.EntryKind.ofCode((int) number(node, 5)), number(node, 6), number(node, 7),
                    id(node, 8, true));
            default -> throw new IllegalArgumentException(type + " is not device-owned");
        };
    }

    private static String text(JsonNode array, int index, boolean nullable) {
        JsonNode v = array.get(index);
        if (v.isNull() && nullable) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("value " + index + " must be " + (nullable ? "text or null" : "text"));
        }
        return v.textValue();
    }

    private static java.util.UUID id(JsonNode array, int index, boolean nullable) {
        String text = text(array, index, nullable);
        return text == null ? null : java.util.UUID.fromString(text);
    }

    private static long number(JsonNode array, int index) {
        JsonNode v = array.get(index);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("value " + index + " must be a whole number");
        }
        return v.longValue();
    }
}
