package io.tidemark.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.engine.protocol.ProtocolException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameCodecTest {
    private final FrameCodec codec = new FrameCodec();

    @ParameterizedTest
    @ValueSource(ints = {1, 1000, FrameCodec.MAX_FRAME})
    void roundTripsPayloadsUpToTheLimit(int size) throws Exception {
        byte[] payload = new byte[size];
        new Random(size).nextBytes(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(out, payload);

        byte[] wire = out.toByteArray();
        assertThat(wire).hasSize(size + FrameCodec.HEADER_BYTES);
        InputStream in = new ByteArrayInputStream(wire);
        assertThat(codec.read(in)).hasValueSatisfying(p -> assertThat(Arrays.equals(p, payload)).isTrue());
        assertThat(codec.read(in)).isEmpty();
    }

    @Test
    void headerIsBigEndianUnsignedLength() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(out, new byte[0x0102]);
        assertThat(Arrays.copyOf(out.toByteArray(), 4)).containsExactly(0, 0, 1, 2);
    }

    @Test
    void readsConsecutiveFramesThenCleanEof() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(out, "one".getBytes(StandardCharsets.UTF_8));
        codec.write(out, "two".getBytes(StandardCharsets.UTF_8));
        InputStream in = new ByteArrayInputStream(out.toByteArray());

        assertThat(new String(codec.read(in).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("one");
        assertThat(new String(codec.read(in).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("two");
        assertThat(codec.read(in)).isEmpty();
    }

    @Test
    void cleanEofOnEmptyStream() throws Exception {
        assertThat(codec.read(new ByteArrayInputStream(new byte[0]))).isEmpty();
    }

    @Test
    void refusesToWriteOversizedOrEmptyPayloads() {
        FrameCodec tiny = new FrameCodec(8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> tiny.write(out, new byte[9]))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.OVERSIZED_FRAME))
                .hasMessageContaining("9 bytes").hasMessageContaining("limit is 8");
        assertThatThrownBy(() -> tiny.write(out, new byte[0]))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY_FRAME));
        assertThat(out.size()).isZero();
    }

    @Test
    void hostileDeclaredLengthIsRefusedBeforeAllocating() {
        FrameCodec tiny = new FrameCodec(16);
        byte[] wire = {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2, 3};
        assertReason(tiny, wire, Reason.OVERSIZED_FRAME).hasMessageContaining("2147483647");

        byte[] maxUnsigned = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1};
        assertReason(codec, maxUnsigned, Reason.OVERSIZED_FRAME).hasMessageContaining("4294967295");
    }

    @Test
    void lengthJustOverTheLimitIsOversized() {
        int limit = FrameCodec.MAX_FRAME + 1;
        byte[] wire = {(byte) (limit >>> 24), (byte) (limit >>> 16), (byte) (limit >>> 8), (byte) limit, 0};
        assertReason(codec, wire, Reason.OVERSIZED_FRAME);
    }

    @Test
    void declaredLengthWithinLimitButMissingBytesIsTruncatedWithoutHoldingTheDeclaredSize() {
        // 16 MiB declared, 3 bytes sent: must report truncation, reading only what arrived.
        int n = FrameCodec.MAX_FRAME;
        byte[] wire = {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n, 1, 2, 3};
        assertReason(codec, wire, Reason.TRUNCATED_FRAME).hasMessageContaining("3 of 16777216");
    }

    @Test
    void truncatedHeader() {
        assertReason(codec, new byte[] {0, 0}, Reason.TRUNCATED_FRAME).hasMessageContaining("2 of 4");
        assertReason(codec, new byte[] {0}, Reason.TRUNCATED_FRAME);
        assertReason(codec, new byte[] {0, 0, 1}, Reason.TRUNCATED_FRAME);
    }

    @Test
    void truncatedPayload() {
        assertReason(codec, new byte[] {0, 0, 0, 5, 'a', 'b'}, Reason.TRUNCATED_FRAME)
                .hasMessageContaining("2 of 5");
    }

    @Test
    void zeroLengthFrameIsEmpty() {
        assertReason(codec, new byte[] {0, 0, 0, 0}, Reason.EMPTY_FRAME);
    }

    @Test
    void httpRequestIsRecognisedAsNotATidemarkPeer() {
        byte[] http = "GET / HTTP/1.1\r\nHost: example\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertReason(codec, http, Reason.OVERSIZED_FRAME)
                .hasMessageContaining("\"GET \"")
                .hasMessageContaining("HTTP request")
                .hasMessageContaining("not a Tidemark peer?");
    }

    @Test
    void tlsClientHelloOnPlainSocketIsRecognised() {
        byte[] hello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01};
        assertReason(codec, hello, Reason.OVERSIZED_FRAME)
                .hasMessageContaining("TLS handshake").hasMessageContaining("not a Tidemark peer?");
    }

    @Test
    void rejectsNonPositiveLimit() {
        assertThatThrownBy(() -> new FrameCodec(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertReason(
            FrameCodec codec, byte[] wire, Reason reason) {
        return assertThatThrownBy(() -> codec.read(new ByteArrayInputStream(wire)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
