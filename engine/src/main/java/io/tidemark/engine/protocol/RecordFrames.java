package io.tidemark.engine.protocol;

import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.Tombstone;
import io.tidemark.engine.model.VolumeRecord;
import io.tidemark.engine.protocol.ProtocolException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The binary form of the two messages that carry device-owned records in bulk, {@link Message.PullPage}
 * and {@link Message.PushBatch}; every other message is JSON.
 *
 * <p>Why binary for these two: a backfill moves millions of records, and as JSON they cost more CPU
 * than SQLite's read and write of the same rows (text ids parsed back into UUIDs, a UTF-8 copy and a
 * token tree per page, twice the bytes through TLS). Here an id is its 16 bytes, a number a varint, a
 * stamp the difference to the previous record's, a string its UTF-8 bytes after their length.
 *
 * <p>Layout: {@link #MAGIC}, a kind byte, then the message's fields in declaration order; the owner
 * is written once (its 16 bytes) and not repeated per record. A JSON payload always starts with
 * {@code '{'}, so the first byte tells the two apart. Decoding is as strict as the JSON side: every
 * length and count is checked against the bytes actually left before anything is allocated, strings
 * must be valid UTF-8, required values cannot be absent, and trailing bytes are an error. Every
 * failure is a {@link ProtocolException}.
 */
final class RecordFrames {
    /** First byte of a binary payload; a JSON one starts with {@code '{'} (0x7B). */
    static final byte MAGIC = 0x01;
    static final int KIND_PULL_PAGE = 1;
    static final int KIND_PUSH_BATCH = 2;
    static final int KIND_RECOVER_PAGE = 3;

    private static final int ABSENT = 0;
    private static final int PRESENT = 1;

    private RecordFrames() {
    }

    static boolean isBinary(byte[] payload) {
        return payload.length > 0 && payload[0] == MAGIC;
    }

    static boolean handles(Message message) {
        return message instanceof Message.PullPage || message instanceof Message.PushBatch || message instanceof Message.RecoverPage;
    }

    // ---------------------------------------------------------------------------------------------
    // Encoding

    static byte[] encode(Message message) {
        if (message instanceof Message.PullPage p) {
            Writer w = new Writer(estimate(p.records(), p.deleted()));
            w.byte_(MAGIC);
            w.byte_(KIND_PULL_PAGE);
            w.signed(p.requestId());
            w.uuid(UUID.fromString(p.owner()));
            w.string(p.resource());
            w.signed(p.remaining());
            body(w, p.records(), p.deleted());
            return w.bytes();
        }
        if (message instanceof Message.PushBatch b) {
            Writer w = new Writer(estimate(b.records(), b.deleted()));
            w.byte_(MAGIC);
            w.byte_(KIND_PUSH_BATCH);
            w.uuid(UUID.fromString(b.owner()));
            w.string(b.resource());
            w.signed(b.afterStamp());
            w.string(b.afterUuid());
            body(w, b.records(), b.deleted());
            return w.bytes();
        }
        if (message instanceof Message.RecoverPage p) {
            Writer w = new Writer(estimate(p.records(), p.deleted()) + p.absent().length);
            w.byte_(MAGIC);
            w.byte_(KIND_RECOVER_PAGE);
            w.signed(p.requestId());
            w.uuid(UUID.fromString(p.owner()));
            w.string(p.resource());
            w.signed(p.lastStamp());
            w.uuid(p.lastUuid());
            w.unsigned(p.done() ? PRESENT : ABSENT);
            w.signed(p.upToStamp());
            w.uuid(p.upToUuid());
            w.signed(p.toSend());
            w.signed(p.bytesToSend());
            w.optionalBytes(p.absent());
            body(w, p.records(), p.deleted());
            return w.bytes();
        }
        throw new IllegalArgumentException(message.getClass().getSimpleName() + " is not sent in binary");
    }

    private static int estimate(List<OwnedRecord> records, List<Tombstone> deleted) {
        return 64 + records.size() * 100 + deleted.size() * 26;
    }

    private static void body(Writer w, List<OwnedRecord> records, List<Tombstone> deleted) {
        w.unsigned(records.size());
        long previousStamp = 0;
        long previousVersion = 0;
        for (OwnedRecord r : records) {
            w.uuid(r.uuid());
            w.signed(r.stamp() - previousStamp);
            previousStamp = r.stamp();
            w.signed(r.version() - previousVersion);
            previousVersion = r.version();
            if (r instanceof EntryRecord e) {
                w.uuid(e.locationUuid());
                w.optionalUuid(e.parentUuid());
                w.string(e.name());
                w.unsigned(e.kind().code());
                w.signed(e.size());
                w.signed(e.modifiedAtMillis());
                w.optionalUuid(e.contentUuid());
            } else if (r instanceof LocationRecord l) {
                w.optionalUuid(l.volumeUuid());
                w.string(l.path());
                w.string(l.name());
            } else if (r instanceof VolumeRecord v) {
                w.string(v.name());
                w.string(v.mountPoint());
                w.optionalString(v.fsType());
                w.signed(v.totalBytes());
            } else if (r instanceof DeviceRecord d) {
                w.string(d.name());
                w.optionalString(d.os());
                w.optionalString(d.appVersion());
                w.optionalBytes(d.certFingerprint());
            }
        }
        w.unsigned(deleted.size());
        previousStamp = 0;
        previousVersion = 0;
        for (Tombstone t : deleted) {
            w.uuid(t.uuid());
            w.signed(t.stamp() - previousStamp);
            previousStamp = t.stamp();
            w.signed(t.version() - previousVersion);
            previousVersion = t.version();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Decoding

    static Message decode(byte[] payload) throws ProtocolException {
        Reader r = new Reader(payload);
        int kind = -1;
        try {
            r.byte_(); // MAGIC, checked by the caller
            kind = r.byte_();
            Message message = switch (kind) {
                case KIND_PULL_PAGE -> {
                    long requestId = r.signed();
                    UUID owner = r.uuid();
                    ResourceType type = ownedType(r.string());
                    long remaining = r.signed();
                    Body body = body(r, type, owner);
                    yield new Message.PullPage(requestId, owner.toString(), type.wireName(), body.records, body.deleted, remaining);
                }
                case KIND_PUSH_BATCH -> {
                    UUID owner = r.uuid();
                    ResourceType type = ownedType(r.string());
                    long afterStamp = r.signed();
                    String afterUuid = r.string();
                    Body body = body(r, type, owner);
                    yield new Message.PushBatch(owner.toString(), type.wireName(), afterStamp, afterUuid, body.records, body.deleted);
                }
                case KIND_RECOVER_PAGE -> {
                    long requestId = r.signed();
                    UUID owner = r.uuid();
                    ResourceType type = ownedType(r.string());
                    long lastStamp = r.signed();
                    UUID lastUuid = r.uuid();
                    int doneFlag = r.smallInt();
                    if (doneFlag != ABSENT && doneFlag != PRESENT) {
                        throw r.malformed("done must be 0 or 1, not " + doneFlag);
                    }
                    boolean done = doneFlag == PRESENT;
                    long upToStamp = r.signed();
                    UUID upToUuid = r.uuid();
                    long toSend = r.signed();
                    long bytesToSend = r.signed();
                    byte[] absent = r.optionalBytes();
                    Body body = body(r, type, owner);
                    yield new Message.RecoverPage(requestId, owner.toString(), type.wireName(), body.records, body.deleted,
                            lastStamp, lastUuid, done, upToStamp, upToUuid, toSend, bytesToSend, absent == null ? new byte[0] : absent);
                }
                default -> throw new ProtocolException(Reason.UNKNOWN_MESSAGE_TYPE, "Unknown binary message kind " + kind
                        + " (not one of protocol version " + Message.PROTOCOL_VERSION + ")");
            };
            if (r.remaining() != 0) {
                throw r.malformed(r.remaining() + " bytes after the end of the message");
            }
            return message;
        } catch (Malformed e) {
            throw new ProtocolException(Reason.MALFORMED_MESSAGE, "Malformed " + kindName(kind) + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // A record constructor or a type lookup refused a value.
            throw new ProtocolException(Reason.MALFORMED_MESSAGE, "Malformed " + kindName(kind) + ": " + e.getMessage(), e);
        }
    }

    private static String kindName(int kind) {
        return switch (kind) {
            case KIND_PULL_PAGE -> "pull_page";
            case KIND_PUSH_BATCH -> "push_batch";
            case KIND_RECOVER_PAGE -> "recover_page";
            default -> "binary message";
        };
    }

    private static ResourceType ownedType(String name) {
        ResourceType type = ResourceType.fromWireName(name);
        if (!type.deviceOwned()) {
            throw new IllegalArgumentException(type.wireName() + " is not a device-owned resource");
        }
        return type;
    }

    private record Body(List<OwnedRecord> records, List<Tombstone> deleted) {
    }

    private static Body body(Reader r, ResourceType type, UUID owner) throws Malformed {
        // Every record takes at least 18 bytes (id, stamp, version), every delete at least 18: a count
        // larger than the bytes left can hold is refused before a list of that size exists.
        int count = r.count(18, "records");
        OwnedRecord[] records = new OwnedRecord[count];
        long stamp = 0;
        long version = 0;
        for (int i = 0; i < count; i++) {
            int at = r.position();
            UUID uuid = r.uuid();
            stamp += r.signed();
            version = version(version + r.signed(), "record", i);
            try {
                records[i] = switch (type) {
                    case ENTRY -> new EntryRecord(uuid, owner, stamp, r.uuid(), r.optionalUuid(), r.string(),
                            EntryKind.ofCode(r.smallInt()), r.signed(), r.signed(), r.optionalUuid(), version);
                    case LOCATION -> new LocationRecord(uuid, owner, stamp, r.optionalUuid(), r.string(), r.string(), version);
                    case VOLUME -> new VolumeRecord(uuid, owner, stamp, r.string(), r.string(), r.optionalString(), r.signed(),
                            version);
                    case DEVICE -> new DeviceRecord(uuid, owner, stamp, r.string(), r.optionalString(), r.optionalString(),
                            r.optionalBytes(), version);
                    default -> throw new IllegalArgumentException(type + " is not device-owned");
                };
            } catch (Malformed | IllegalArgumentException e) {
                throw new Malformed("the " + type.wireName() + " record at index " + i + " (byte " + at + ") is malformed: "
                        + e.getMessage());
            }
        }
        int deletes = r.count(18, "deletes");
        Tombstone[] deleted = new Tombstone[deletes];
        stamp = 0;
        version = 0;
        for (int i = 0; i < deletes; i++) {
            UUID uuid = r.uuid();
            stamp += r.signed();
            version = version(version + r.signed(), "delete", i);
            deleted[i] = new Tombstone(type, uuid, owner, stamp, version);
        }
        return new Body(Arrays.asList(records), Arrays.asList(deleted));
    }

    private static long version(long version, String what, int index) throws Malformed {
        if (version < 0) {
            throw new Malformed("the " + what + " at index " + index + " has a negative version");
        }
        return version;
    }

    /** A decoding failure inside this class; becomes a {@link ProtocolException} at the boundary. */
    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** A growable byte array written front to back. */
    private static final class Writer {
        private byte[] buf;
        private int pos;

        Writer(int capacity) {
            buf = new byte[capacity];
        }

        private void ensure(int more) {
            if (pos + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
            }
        }

        void byte_(int b) {
            ensure(1);
            buf[pos++] = (byte) b;
        }

        void unsigned(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }

        /** Zigzag, so small negative numbers stay short too. */
        void signed(long v) {
            unsigned((v << 1) ^ (v >> 63));
        }

        void uuid(UUID id) {
            ensure(16);
            putLong(id.getMostSignificantBits());
            putLong(id.getLeastSignificantBits());
        }

        private void putLong(long v) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[pos++] = (byte) (v >>> shift);
            }
        }

        void optionalUuid(UUID id) {
            if (id == null) {
                byte_(ABSENT);
            } else {
                byte_(PRESENT);
                uuid(id);
            }
        }

        void string(String s) {
            if (s == null) {
                throw new IllegalArgumentException("a required text value is null");
            }
            // ASCII (nearly every name and path) is copied char by char with no intermediate array.
            int n = s.length();
            int mark = pos;
            unsigned(n);
            ensure(n);
            for (int i = 0; i < n; i++) {
                char ch = s.charAt(i);
                if (ch >= 0x80) {
                    pos = mark;
                    bytes(s.getBytes(StandardCharsets.UTF_8));
                    return;
                }
                buf[pos++] = (byte) ch;
            }
        }

        void optionalString(String s) {
            if (s == null) {
                byte_(ABSENT);
            } else {
                byte_(PRESENT);
                string(s);
            }
        }

        void bytes(byte[] b) {
            unsigned(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        void optionalBytes(byte[] b) {
            if (b == null) {
                byte_(ABSENT);
            } else {
                byte_(PRESENT);
                bytes(b);
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, pos);
        }
    }

    /** Reads a payload front to back; every read checks the bytes left first. */
    private static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        int position() {
            return pos;
        }

        int remaining() {
            return buf.length - pos;
        }

        Malformed malformed(String what) {
            return new Malformed(what + " (at byte " + pos + " of " + buf.length + ")");
        }

        private void need(int n, String what) throws Malformed {
            if (n > buf.length - pos) {
                throw malformed("the message ends inside " + what);
            }
        }

        int byte_() throws Malformed {
            need(1, "a byte");
            return buf[pos++] & 0xFF;
        }

        long unsigned() throws Malformed {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                need(1, "a number");
                int b = buf[pos++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    if (shift == 63 && (b & 0x7E) != 0) {
                        throw malformed("a number longer than 64 bits");
                    }
                    return v;
                }
            }
            throw malformed("a number longer than 64 bits");
        }

        long signed() throws Malformed {
            long v = unsigned();
            return (v >>> 1) ^ -(v & 1);
        }

        int smallInt() throws Malformed {
            long v = unsigned();
            if (v > Integer.MAX_VALUE) {
                throw malformed("a value of " + Long.toUnsignedString(v) + " where a small number belongs");
            }
            return (int) v;
        }

        /** A count of items of at least {@code minBytes} each, no more than the bytes left can hold. */
        int count(int minBytes, String what) throws Malformed {
            long n = unsigned();
            if (n < 0 || n > remaining() / minBytes) {
                throw malformed("a count of " + Long.toUnsignedString(n) + " " + what + " where at most "
                        + remaining() / minBytes + " fit in the bytes left");
            }
            return (int) n;
        }

        UUID uuid() throws Malformed {
            need(16, "an id");
            return new UUID(getLong(), getLong());
        }

        private long getLong() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (buf[pos++] & 0xFF);
            }
            return v;
        }

        private boolean present() throws Malformed {
            int tag = byte_();
            if (tag != ABSENT && tag != PRESENT) {
                throw malformed("a presence marker of " + tag + " (0 or 1 expected)");
            }
            return tag == PRESENT;
        }

        UUID optionalUuid() throws Malformed {
            return present() ? uuid() : null;
        }

        String string() throws Malformed {
            long n = unsigned();
            if (n < 0 || n > remaining() || n > MessageCodec.MAX_STRING_LENGTH) {
                throw malformed("a text of " + Long.toUnsignedString(n) + " bytes where " + remaining() + " are left");
            }
            int len = (int) n;
            int start = pos;
            boolean ascii = true;
            for (int i = start; i < start + len && ascii; i++) {
                ascii = buf[i] >= 0;
            }
            pos += len;
            if (ascii) {
                return new String(buf, start, len, StandardCharsets.ISO_8859_1);
            }
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(buf, start, len))
                        .toString();
            } catch (CharacterCodingException e) {
                pos = start;
                throw malformed("a text that is not valid UTF-8");
            }
        }

        String optionalString() throws Malformed {
            return present() ? string() : null;
        }

        byte[] optionalBytes() throws Malformed {
            if (!present()) {
                return null;
            }
            long n = unsigned();
            if (n < 0 || n > remaining()) {
                throw malformed("a byte string of " + Long.toUnsignedString(n) + " bytes where " + remaining() + " are left");
            }
            byte[] out = Arrays.copyOfRange(buf, pos, pos + (int) n);
            pos += (int) n;
            return out;
        }
    }
}
