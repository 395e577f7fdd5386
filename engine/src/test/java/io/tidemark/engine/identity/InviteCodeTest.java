package io.tidemark.engine.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class InviteCodeTest {

    private static final Instant EXPIRY = Instant.parse("2030-01-02T03:04:05Z");
    private static final List<String> FIVE = List.of(
            "192.168.1.20:22000", "[fe80::1]:22000", "laptop.local:22000", "10.0.0.7:1", "nas.example.org:65535");

    private final Random random = new Random(99);

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private InviteCode code(List<String> addresses) {
        return new InviteCode(new UUID(random.nextLong(), random.nextLong()), new DeviceId(bytes(32)),
                addresses, bytes(32), EXPIRY);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5})
    void roundTrips(int addressCount) {
        InviteCode code = code(FIVE.subList(0, addressCount));
        String text = code.encode();
        assertThat(text).startsWith("TM1-").matches("TM1-[A-Z2-7]{5}(-[A-Z2-7]{1,5})*");
        InviteCode decoded = InviteCode.decode(text);
        assertThat(decoded).isEqualTo(code);
        assertThat(decoded.secret()).isEqualTo(code.secret());
        assertThat(decoded.addresses()).containsExactlyElementsOf(FIVE.subList(0, addressCount));
        assertThat(decoded.inviteId()).isEqualTo(code.inviteId());
    }

    @Test
    void decodeToleratesLowerCaseSpacesAndMissingDashes() {
        InviteCode code = code(FIVE.subList(0, 2));
        String text = code.encode();
        assertThat(InviteCode.decode(text.toLowerCase(Locale.ROOT))).isEqualTo(code);
        assertThat(InviteCode.decode(text.replace('-', ' '))).isEqualTo(code);
        assertThat(InviteCode.decode("  " + text.replace("-", "") + "\r\n")).isEqualTo(code);
        assertThat(InviteCode.decode(text.substring(0, 30) + "\n" + text.substring(30))).isEqualTo(code);
    }

    @Test
    void everySingleCharacterCorruptionIsRejected() {
        String text = code(FIVE.subList(0, 1)).encode();
        for (int pos = 0; pos < text.length(); pos++) {
            char original = text.charAt(pos);
            if (original == '-') {
                continue;
            }
            for (char replacement : (Base32.ALPHABET + "01").toCharArray()) {
                if (replacement == original) {
                    continue;
                }
                String corrupt = text.substring(0, pos) + replacement + text.substring(pos + 1);
                assertThatThrownBy(() -> InviteCode.decode(corrupt))
                        .as("corruption at %d: %s", pos, corrupt)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void aMistypedCodeSaysSo() {
        String text = code(List.of()).encode();
        int pos = 10;
        char replacement = text.charAt(pos) == 'A' ? 'B' : 'A';
        String corrupt = text.substring(0, pos) + replacement + text.substring(pos + 1);
        assertThatThrownBy(() -> InviteCode.decode(corrupt))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mistyped");
    }

    @Test
    void truncatedCodesAreRejected() {
        String text = code(FIVE).encode();
        for (int cut = 1; cut < text.length() - 4; cut += 7) {
            String truncated = text.substring(0, text.length() - cut);
            assertThatThrownBy(() -> InviteCode.decode(truncated))
                    .as("cut %d", cut)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> InviteCode.decode("TM1-AEAQC"))
                .hasMessageContaining("too short");
    }

    @Test
    void badPrefixIsRejected() {
        String body = code(List.of()).encode().substring(4);
        assertThatThrownBy(() -> InviteCode.decode(body))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Tidemark invite code");
        assertThatThrownBy(() -> InviteCode.decode("TM2-" + body))
                .hasMessageContaining("TM2")
                .hasMessageContaining("not supported");
        assertThatThrownBy(() -> InviteCode.decode(""))
                .hasMessageContaining("not a Tidemark invite code");
    }

    /** Builds a payload with the given version and address section, then a valid checksum. */
    private byte[] payload(int version, int count, byte[]... addresses) {
        ByteBuffer buffer = ByteBuffer.allocate(1000)
                .put((byte) version).putLong(1).putLong(2).put(bytes(32)).putLong(EXPIRY.getEpochSecond())
                .put(bytes(32)).put((byte) count);
        for (byte[] address : addresses) {
            buffer.put(address);
        }
        byte[] out = new byte[buffer.position()];
        buffer.flip().get(out);
        return out;
    }

    private static byte[] lengthPrefixed(String address) {
        byte[] utf8 = address.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(utf8.length + 1).put((byte) utf8.length).put(utf8).array();
    }

    @Test
    void craftedPayloadsWithValidChecksumsAreValidatedField() {
        // Sanity: a well-formed crafted payload decodes.
        InviteCode ok = InviteCode.decode(InviteCode.encodePayload(payload(1, 1, lengthPrefixed("h:1"))));
        assertThat(ok.libraryId()).isEqualTo(new UUID(1, 2));
        assertThat(ok.addresses()).containsExactly("h:1");

        assertThatThrownBy(() -> InviteCode.decode(InviteCode.encodePayload(payload(2, 0))))
                .hasMessageContaining("version 2")
                .hasMessageContaining("not supported");
        assertThatThrownBy(() -> InviteCode.decode(InviteCode.encodePayload(payload(1, 200))))
                .hasMessageContaining("200 addresses");
        assertThatThrownBy(() -> InviteCode.decode(InviteCode.encodePayload(payload(1, 2, lengthPrefixed("h:1")))))
                .hasMessageContaining("truncated")
                .hasMessageContaining("address 2");
        byte[] cut = lengthPrefixed("host.example:22000");
        assertThatThrownBy(() -> InviteCode.decode(InviteCode.encodePayload(
                payload(1, 1, java.util.Arrays.copyOf(cut, cut.length - 3)))))
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> InviteCode.decode(InviteCode.encodePayload(
                payload(1, 1, lengthPrefixed("h:1"), new byte[] {7}))))
                .hasMessageContaining("unexpected bytes");
        assertThatThrownBy(() -> InviteCode.decode(InviteCode.encodePayload(payload(1, 1, lengthPrefixed("no-port")))))
                .hasMessageContaining("malformed")
                .hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> InviteCode.decode(InviteCode.encodePayload(
                payload(1, 1, new byte[] {2, (byte) 0xC3, (byte) 0x28}))))
                .hasMessageContaining("UTF-8");
    }

    @Test
    void toStringNeverRevealsTheSecret() {
        InviteCode code = code(FIVE);
        byte[] secret = code.secret();
        String text = code.toString();
        assertThat(text)
                .doesNotContainIgnoringCase(HexFormat.of().formatHex(secret))
                .doesNotContain(Base64.getEncoder().encodeToString(secret))
                .doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(secret))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(secret))
                .doesNotContainIgnoringCase(Base32.encode(secret))
                .doesNotContain(java.util.Arrays.toString(secret))
                .doesNotContain(code.encode().substring(4, 30))
                .contains(code.inviter().toString())
                .contains("redacted");
    }

    @Test
    void validatesItsFields() {
        DeviceId inviter = new DeviceId(bytes(32));
        UUID library = UUID.randomUUID();
        assertThatThrownBy(() -> new InviteCode(library, inviter, List.of(), bytes(31), EXPIRY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new InviteCode(library, inviter, List.of("host"), bytes(32), EXPIRY))
                .hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> new InviteCode(library, inviter, List.of("host:0"), bytes(32), EXPIRY))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> new InviteCode(library, inviter, List.of("::1:80"), bytes(32), EXPIRY))
                .hasMessageContaining("IPv6");
        assertThatThrownBy(() -> new InviteCode(library, inviter,
                java.util.Collections.nCopies(17, "h:1"), bytes(32), EXPIRY))
                .hasMessageContaining("at most 16");
    }

    @Test
    void secretIsCopiedInAndOutAndExpiryKeepsWholeSeconds() {
        byte[] secret = bytes(32);
        InviteCode code = new InviteCode(UUID.randomUUID(), new DeviceId(bytes(32)), List.of(), secret,
                EXPIRY.plusMillis(999));
        secret[0] ^= 1;
        assertThat(code.secret()[0]).isNotEqualTo(secret[0]);
        code.secret()[1] ^= 1;
        assertThat(code.secret()).isEqualTo(InviteCode.decode(code.encode()).secret());
        assertThat(code.expiresAt()).isEqualTo(EXPIRY);
        assertThat(code.isExpiredAt(EXPIRY)).isTrue();
        assertThat(code.isExpiredAt(EXPIRY.minusSeconds(1))).isFalse();
    }
}
