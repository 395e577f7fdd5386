package io.tidemark.engine.sync;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.model.CollectionItemRecord;
import io.tidemark.engine.model.CollectionRecord;
import io.tidemark.engine.model.ContentIdentityRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SharedRecord;
import io.tidemark.engine.model.SharedVersion;
import io.tidemark.engine.model.TagAssignmentRecord;
import io.tidemark.engine.model.TagRecord;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.store.sync.ChangeLogEntry;
import io.tidemark.engine.store.sync.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * Shared changes between their three forms: a {@link SharedVersion} (what library.db applies), a
 * {@link ChangeLogEntry} (what sync.db logs; the payload is the record's JSON) and a
 * {@link Message.SharedChange} (what travels). The payload is each record's components by name (ids
 * as text, bytes as base64), as {@link RecordJson} does for device-owned records.
 */
final class SharedJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SharedJson() {
    }

    static ChangeLogEntry entry(SharedVersion v) {
        byte[] payload = null;
        if (!v.isDelete()) {
            try {
                payload = MAPPER.writeValueAsBytes(v.record());
            } catch (IOException e) {
                throw new UncheckedIOException("a " + v.type().wireName() + " record did not serialize", e);
            }
        }
        return new ChangeLogEntry(v.hlc(), v.origin(), v.type(), v.uuid(), v.isDelete() ? Operation.DELETE : Operation.UPSERT,
                payload);
    }

    static Message.SharedChange message(ChangeLogEntry e) {
        JsonNode payload = NullNode.getInstance();
        if (e.operation() == Operation.UPSERT) {
            try {
                payload = MAPPER.readTree(e.payload());
            } catch (IOException ex) {
                throw new UncheckedIOException("the logged " + e.type().wireName() + " change " + e.record() + " is not JSON", ex);
            }
        }
        return new Message.SharedChange(HlcTimestamp.fromPacked(e.hlc()).toString(), e.origin().toString(), e.type().wireName(),
                e.record().toString(), e.operation() == Operation.UPSERT ? Message.SharedChange.PUT : Message.SharedChange.DELETE,
                payload);
    }

    static Message.SharedChange message(SharedVersion v) {
        return message(entry(v));
    }

    /**
     * @throws IllegalArgumentException if the change is not a well-formed change of a shared type
     *     (unknown type, bad ids, a payload that is not a record of its type or does not match the change)
     */
    static SharedVersion version(Message.SharedChange m) {
        try {
            long hlc = HlcTimestamp.parse(m.hlc()).packed();
            ResourceType type = ResourceType.fromWireName(m.resource());
            if (type.deviceOwned()) {
                throw new IllegalArgumentException(type.wireName() + " is not a shared type");
            }
            UUID origin = UUID.fromString(m.origin());
            UUID record = UUID.fromString(m.record());
            if (m.operation().equals(Message.SharedChange.DELETE)) {
                return SharedVersion.delete(type, record, hlc, origin);
            }
            return new SharedVersion(type, record, hlc, origin, MAPPER.treeToValue(m.payload(), recordClass(type)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("a shared change is malformed (" + m.resource() + " " + m.record() + "): "
                    + e.getMessage(), e);
        }
    }

    private static Class<? extends SharedRecord> recordClass(ResourceType type) {
        return switch (type) {
            case CONTENT_IDENTITY -> ContentIdentityRecord.class;
            case TAG -> TagRecord.class;
            case COLLECTION -> CollectionRecord.class;
            case TAG_ASSIGNMENT -> TagAssignmentRecord.class;
            case COLLECTION_ITEM -> CollectionItemRecord.class;
            default -> throw new IllegalArgumentException(type + " is not shared");
        };
    }
}
