package io.tidemark.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.VolumeRecord;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.protocol.MessageCodec;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The wire shape of device-owned records: what members of any version read, byte for byte. */
class RecordJsonTest {
    private static final UUID OWNER = Ids.newId();
    private static final MessageCodec CODEC = new MessageCodec();

    private static final UUID LOCATION = Ids.newId();
    /** Every device-owned type, with nulls, bytes, an enum, non-ASCII text and escapes. */
    private static final List<OwnedRecord> SAMPLES = List.of(
            new DeviceRecord(OWNER, OWNER, 11, "laptop", "Linux 6.1 (amd64)", "0.1.0", new byte[] {1, 2, 3, (byte) 0xff}),
            new DeviceRecord(Ids.newId(), OWNER, 12, "phone", null, null, null),
            new VolumeRecord(Ids.newId(), OWNER, 13, "disk", "/", "ext4", 1L << 40),
            new LocationRecord(LOCATION, OWNER, 14, null, "/home/ä ünïcode/\"quoted\"", "home"),
            new EntryRecord(Ids.newId(), OWNER, 15, LOCATION, null, "root", EntryKind.DIRECTORY, 0, 1_700_000_000_000L, null),
            new EntryRecord(Ids.newId(), OWNER, 16, LOCATION, Ids.newId(), "a.jpg", EntryKind.FILE, 12_345, -1L, Ids.newId()));

    private static byte[] onTheWire(ArrayNode records) {
        return CODEC.encode(new Message.PushBatch(OWNER.toString(), "entry", 0, OWNER.toString(), records, List.of()));
    }

    @Test
    void anEntryGoesOnTheWireAsItsComponentsInOrderWithoutItsOwner() {
        UUID id = UUID.fromString("01a20795-0000-7000-8000-000000000001");
        UUID location = UUID.fromString("01a20795-0000-7000-8000-000000000002");
        String wire = new String(onTheWire(RecordJson.encode(List.of(
                new EntryRecord(id, OWNER, 42, location, null, "a \"b\".jpg", EntryKind.FILE, 12_345, 1_700_000_000_000L, null)))),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(wire).contains("\"records\":[[\"" + id + "\",42,\"" + location + "\",null,\"a \\\"b\\\".jpg\","
                + EntryKind.FILE.code() + ",12345,1700000000000,null]]");
        assertThat(wire).doesNotContain("\"" + OWNER + "\",42");
    }

    @Test
    void recordsComeBackEqualAfterTheWire() throws Exception {
        Message.PushBatch batch = (Message.PushBatch) CODEC.decode(onTheWire(RecordJson.encode(SAMPLES)));
        List<OwnedRecord> back = new java.util.ArrayList<>();
        for (int i = 0; i < SAMPLES.size(); i++) {
            OwnedRecord sample = SAMPLES.get(i);
            ArrayNode one = new ObjectMapper().createArrayNode().add(batch.records().get(i));
            back.addAll(RecordJson.decode(sample.type(), OWNER, one));
        }
        assertThat(back).hasSize(6);
        for (int i = 0; i < back.size(); i++) {
            OwnedRecord b = back.get(i);
            OwnedRecord s = SAMPLES.get(i);
            if (s instanceof DeviceRecord d) {
                // A record with an array compares it by identity: compare the parts.
                DeviceRecord bd = (DeviceRecord) b;
                assertThat(bd.certFingerprint()).isEqualTo(d.certFingerprint());
                assertThat(new DeviceRecord(bd.uuid(), bd.owner(), bd.stamp(), bd.name(), bd.os(), bd.appVersion(), d.certFingerprint()))
                        .isEqualTo(d);
            } else {
                assertThat(b).isEqualTo(s);
            }
        }
    }

    @Test
    void anElementOfTheWrongShapeIsRefusedWithTheType() throws Exception {
        for (String element : List.of("{\"uuid\": \"x\"}", "[\"not-a-uuid\", 1, \"" + LOCATION + "\", null, \"n\", 1, 0, 0, null]",
                "[\"" + LOCATION + "\", \"1\", \"" + LOCATION + "\", null, \"n\", 1, 0, 0, null]", "[\"" + LOCATION + "\", 1]",
                "[\"" + LOCATION + "\", 1, \"" + LOCATION + "\", null, \"n\", 99, 0, 0, null]")) {
            ArrayNode bad = (ArrayNode) new ObjectMapper().readTree("[" + element + "]");
            assertThatThrownBy(() -> RecordJson.decode(ResourceType.ENTRY, OWNER, bad)).as(element)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry record at 0 in the page is malformed");
        }
    }
}
