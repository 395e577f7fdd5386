package io.tidemark.engine.store.sync;

import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.model.ResourceType;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * One change to a shared resource, as kept in the shared change log until every member has it.
 *
 * @param hlc       packed HLC of the change ({@link HlcTimestamp#packed()}), greater than zero
 * @param origin    the device that made the change
 * @param type      the resource type of the changed record
 * @param record    the changed record's id
 * @param operation upsert or delete (a delete is a tombstone)
 * @param payload   the serialized change; may be null (e.g. a bare tombstone). Null and an empty
 *                  array are stored and returned distinctly.
 */
public record ChangeLogEntry(long hlc, UUID origin, ResourceType type, UUID record, Operation operation,
        byte[] payload) {

    public ChangeLogEntry {
        if (hlc <= 0) {
            throw new IllegalArgumentException("a change-log HLC must be positive, got " + hlc);
        }
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(operation, "operation");
        payload = payload == null ? null : payload.clone();
    }

    public ChangeLogEntry(HlcTimestamp hlc, UUID origin, ResourceType type, UUID record, Operation operation,
            byte[] payload) {
        this(hlc.packed(), origin, type, record, operation, payload);
    }

    public HlcTimestamp timestamp() {
        return HlcTimestamp.fromPacked(hlc);
    }

    /** A copy of the payload, or null. */
    @Override
    public byte[] payload() {
        return payload == null ? null : payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChangeLogEntry e
                && hlc == e.hlc && origin.equals(e.origin) && type == e.type && record.equals(e.record)
                && operation == e.operation && Arrays.equals(payload, e.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hlc, origin, type, record, operation, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "ChangeLogEntry[hlc=" + HlcTimestamp.fromPacked(hlc) + ", origin=" + origin + ", type="
                + type.wireName() + ", record=" + record + ", operation=" + operation + ", payload="
                + (payload == null ? "null" : payload.length + " bytes") + "]";
    }
}
