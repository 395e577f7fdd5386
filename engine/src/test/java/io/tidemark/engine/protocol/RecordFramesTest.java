package io.tidemark.engine.protocol;

import static io.tidemark.engine.protocol.SampleMessages.OWNER;
import static io.tidemark.engine.protocol.SampleMessages.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.Tombstone;
import io.tidemark.engine.protocol.ProtocolException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The binary form of pull pages and push batches: exact round trips, and strict refusal of anything else. */
class RecordFramesTest {
    private final MessageCodec codec = new MessageCodec();

    private static List<OwnedRecord> entries(int n, long firstStamp) {
        Random random = new Random(n);
        List<OwnedRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new EntryRecord(new UUID(random.nextLong(), random.nextLong()), OWNER, firstStamp + i * 7L, id(0x20),
                    i == 0 ? null : id(0x20 + i % 5), "IMG_" + i + ".jpg", EntryKind.values()[i % 3], random.nextInt(1 << 30),
                    1_717_000_000_000L + i, i % 4 == 0 ? null : new UUID(random.nextLong(), random.nextLong())));
        }
        return out;
    }

    private static Message.PullPage page(List<OwnedRecord> records, List<Tombstone> deleted) {
        return new Message.PullPage(77, OWNER.toString(), "entry", records, deleted, 123);
    }

    @Test
    void aFullPageRoundTripsExactlyAndIsCompact() throws Exception {
        long stamp = 0x0196_5a3b_2c1dL << 16; // an HLC stamp of today's size
        List<OwnedRecord> records = entries(10_000, stamp);
        List<Tombstone> deleted = List.of(new Tombstone(ResourceType.ENTRY, id(1), OWNER, stamp + 3),
                new Tombstone(ResourceType.ENTRY, id(2), OWNER, stamp + 70_001));
        Message.PullPage page = page(records, deleted);

        byte[] wire = codec.encode(page);

        assertThat(wire[0]).isEqualTo(RecordFrames.MAGIC);
        assertThat(codec.decode(wire)).isEqualTo(page);
        // Ids as 16 bytes, stamps as small differences: well under half of what JSON took (~200 bytes an entry).
        assertThat(wire.length / 10_000).isLessThan(100);
    }

    @Test
    void stampsGoingDownAndExtremeNumbersSurvive() throws Exception {
        List<OwnedRecord> records = List.of(
                new EntryRecord(id(1), OWNER, Long.MAX_VALUE, id(2), null, "", EntryKind.FILE, Long.MIN_VALUE, Long.MAX_VALUE, null),
                new EntryRecord(id(3), OWNER, 0, id(2), null, "x", EntryKind.FILE, -1, Long.MIN_VALUE, null),
                new EntryRecord(id(4), OWNER, Long.MIN_VALUE, id(2), null, "y", EntryKind.FILE, 0, 0, null));
        Message.PullPage page = new Message.PullPage(Long.MAX_VALUE, OWNER.toString(), "entry", records, List.of(), -1);
        assertThat(codec.decode(codec.encode(page))).isEqualTo(page);
    }

    @Test
    void everyTruncationIsRefusedAsMalformed() {
        byte[] wire = codec.encode(page(entries(20, 1_000), List.of(new Tombstone(ResourceType.ENTRY, id(9), OWNER, 5_000))));
        for (int length = 2; length < wire.length; length++) {
            byte[] cut = Arrays.copyOf(wire, length);
            assertThatThrownBy(() -> codec.decode(cut)).as("cut at %d of %d", length, wire.length)
                    .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_MESSAGE))
                    .hasMessageContaining("pull_page");
        }
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] wire = codec.encode(page(entries(3, 1_000), List.of()));
        byte[] longer = Arrays.copyOf(wire, wire.length + 1);
        assertThatThrownBy(() -> codec.decode(longer)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("1 bytes after the end of the message");
    }

    @Test
    void aHugeCountIsRefusedBeforeAnythingIsAllocated() {
        // An empty page ends with its two counts (0 records, 0 deletes); put a record count of 2^62 there.
        byte[] empty = codec.encode(page(List.of(), List.of()));
        int at = empty.length - 2;
        byte[] wire = Arrays.copyOf(empty, at + 9);
        byte[] huge = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40};
        System.arraycopy(huge, 0, wire, at, huge.length);
        assertThatThrownBy(() -> codec.decode(wire))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_MESSAGE))
                .hasMessageContaining("a count of 4611686018427387904 records");
    }

    @Test
    void textThatIsNotUtf8IsRefused() {
        byte[] wire = codec.encode(page(List.of(new EntryRecord(id(1), OWNER, 1, id(2), null, "ab\u00e9", EntryKind.FILE, 0, 0,
                null)), List.of()));
        byte[] marker = "ab".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(wire, marker) + 2; // é is 0xC3 0xA9; a lone continuation byte is not UTF-8
        wire[at] = (byte) 0xA9;
        assertThatThrownBy(() -> codec.decode(wire)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("record at index 0").hasMessageContaining("not valid UTF-8");
    }

    @Test
    void anUnknownKindIsAnUnknownMessage() {
        assertThatThrownBy(() -> codec.decode(new byte[] {RecordFrames.MAGIC, 9}))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_MESSAGE_TYPE))
                .hasMessageContaining("kind 9");
    }

    @Test
    void aSharedTypeIsNotAcceptedAsRecords() {
        byte[] wire = codec.encode(page(List.of(), List.of()));
        byte[] tag = replace(wire, "entry".getBytes(StandardCharsets.US_ASCII), "tag".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> codec.decode(tag)).isInstanceOf(ProtocolException.class).hasMessageContaining("not a device-owned");
    }

    @Test
    void aMessageCannotCarryAnotherOwnersRecords() {
        List<OwnedRecord> foreign = List.of(new EntryRecord(id(1), id(0x99), 1, id(2), null, "a", EntryKind.FILE, 0, 0, null));
        assertThatThrownBy(() -> page(foreign, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("in a message for entry of " + OWNER);
        assertThatThrownBy(() -> page(List.of(), List.of(new Tombstone(ResourceType.LOCATION, id(1), OWNER, 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mutatedFramesDecodeOrFailOnlyWithProtocolException() {
        long seed = Long.getLong("tidemark.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        byte[] valid = codec.encode(page(entries(40, 1_000), List.of(new Tombstone(ResourceType.ENTRY, id(9), OWNER, 5_000))));
        int decoded = 0;
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] input = valid.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                input[2 + random.nextInt(input.length - 2)] ^= (byte) (1 << random.nextInt(8));
            }
            try {
                assertThat(codec.decode(input)).isNotNull();
                decoded++;
            } catch (ProtocolException e) {
                assertThat(e.reason()).isNotNull();
                refused++;
            } catch (RuntimeException | AssertionError e) {
                fail("seed " + seed + ", iteration " + i + ": " + e, e);
            }
        }
        assertThat(decoded).as("seed %d", seed).isPositive();
        assertThat(refused).as("seed %d", seed).isPositive();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    /** {@code from} replaced once by {@code to}, with the length byte before it adjusted. */
    private static byte[] replace(byte[] wire, byte[] from, byte[] to) {
        int at = indexOf(wire, from);
        byte[] out = new byte[wire.length - from.length + to.length];
        System.arraycopy(wire, 0, out, 0, at);
        out[at - 1] = (byte) to.length;
        System.arraycopy(to, 0, out, at, to.length);
        System.arraycopy(wire, at + from.length, out, at + to.length, wire.length - at - from.length);
        return out;
    }
}
