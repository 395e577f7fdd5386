package io.tidemark.engine.protocol;

import io.tidemark.engine.protocol.ProtocolException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * Splits a byte stream into frames: a 4-byte big-endian unsigned length followed by that many payload bytes.
 *
 * <p>Why this shape: TLS gives a byte stream, not messages, and a length prefix lets the reader know how much to
 * read before handing anything to the JSON parser. The limit ({@link #MAX_FRAME} by default) is checked against the
 * declared length <em>before</em> any payload memory is allocated, and the payload buffer then grows only as bytes
 * actually arrive, so a hostile or confused peer can neither make this device allocate 4 GiB nor hold 16 MiB by
 * sending a header and stalling.
 *
 * <p>Anything that is not a Tidemark peer (an HTTP client, a TLS ClientHello on a plain socket, a telnet user)
 * decodes as a huge length; the resulting {@link Reason#OVERSIZED_FRAME} message says so.
 *
 * <p>Instances are immutable and thread-safe; a single stream must still be read (and written) by one thread at a
 * time, which the connection layer guarantees.
 */
public final class FrameCodec {
    /** Default maximum payload size: 16 MiB. */
    public static final int MAX_FRAME = 16 * 1024 * 1024;
    /** Size of the length prefix. */
    public static final int HEADER_BYTES = 4;

    private final int maxFrameBytes;

    /** A codec with the default {@link #MAX_FRAME} limit. */
    public FrameCodec() {
        this(MAX_FRAME);
    }

    /** A codec with a custom limit, e.g. a tiny one in tests. */
    public FrameCodec(int maxFrameBytes) {
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes must be positive, was " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * Writes one frame (header and payload) and flushes, so a frame never sits half-sent in a buffer.
     *
     * @throws ProtocolException {@link Reason#EMPTY_FRAME} or {@link Reason#OVERSIZED_FRAME}; nothing is written then
     * @throws IOException when the stream fails
     */
    public void write(OutputStream out, byte[] payload) throws ProtocolException, IOException {
        Objects.requireNonNull(out, "out");
        checkSendable(payload);
        int n = payload.length;
        byte[] header = {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
        out.write(header);
        out.write(payload);
        out.flush();
    }

    /** Refuses, before anything is written, a payload that {@link #write} would refuse. */
    public void checkSendable(byte[] payload) throws ProtocolException {
        Objects.requireNonNull(payload, "payload");
        if (payload.length == 0) {
            throw new ProtocolException(Reason.EMPTY_FRAME, "Refused to send an empty frame");
        }
        if (payload.length > maxFrameBytes) {
            throw new ProtocolException(Reason.OVERSIZED_FRAME, "Refused to send a frame of " + payload.length
                    + " bytes; the limit is " + maxFrameBytes + " bytes");
        }
    }

    /**
     * Reads one frame's payload.
     *
     * @return the payload, or empty when the stream ended cleanly at a frame boundary (the peer closed)
     * @throws ProtocolException {@link Reason#TRUNCATED_FRAME} when the stream ends inside a frame,
     *     {@link Reason#EMPTY_FRAME} for a zero length, {@link Reason#OVERSIZED_FRAME} when the declared length exceeds
     *     the limit (checked before allocating)
     * @throws IOException when the stream fails (including socket read timeouts)
     */
    public Optional<byte[]> read(InputStream in) throws ProtocolException, IOException {
        Objects.requireNonNull(in, "in");
        byte[] header = new byte[HEADER_BYTES];
        int got = in.readNBytes(header, 0, HEADER_BYTES);
        if (got == 0) {
            return Optional.empty();
        }
        if (got < HEADER_BYTES) {
            throw new ProtocolException(Reason.TRUNCATED_FRAME, "The stream ended after " + got + " of "
                    + HEADER_BYTES + " frame header bytes");
        }
        long length = ((header[0] & 0xFFL) << 24) | ((header[1] & 0xFFL) << 16) | ((header[2] & 0xFFL) << 8)
                | (header[3] & 0xFFL);
        if (length == 0) {
            throw new ProtocolException(Reason.EMPTY_FRAME, "Received a frame declaring a length of 0 bytes");
        }
        if (length > maxFrameBytes) {
            throw new ProtocolException(Reason.OVERSIZED_FRAME, "Received a frame header declaring " + length
                    + " bytes; the limit is " + maxFrameBytes + " bytes" + describeForeign(header));
        }
        // readNBytes(int) grows its buffer as data arrives: memory follows the bytes received, not the header.
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new ProtocolException(Reason.TRUNCATED_FRAME, "The stream ended after " + payload.length + " of "
                    + length + " declared payload bytes");
        }
        return Optional.of(payload);
    }

    /** Names what an oversized header most likely was, so the log tells an operator what connected. */
    private static String describeForeign(byte[] header) {
        if ((header[0] & 0xFF) == 0x16 && (header[1] & 0xFF) == 0x03) {
            return " (the bytes look like a TLS handshake record sent over plain TCP; not a Tidemark peer?)";
        }
        boolean printable = true;
        for (byte b : header) {
            int c = b & 0xFF;
            printable &= (c >= 0x20 && c < 0x7F) || c == '\r' || c == '\n' || c == '\t';
        }
        if (!printable) {
            return "; not a Tidemark peer?";
        }
        String text = new String(header, java.nio.charset.StandardCharsets.US_ASCII)
                .replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
        String kind = text.matches("(GET |POST|PUT |HEAD|DELE|OPTI|PATC|CONN|TRAC|PRI ).*")
                ? "an HTTP request" : "plain text";
        return " (the bytes read as \"" + text + "\", which looks like " + kind + "; not a Tidemark peer?)";
    }
}
