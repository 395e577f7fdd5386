package io.tidemark.engine.identity;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A one-time invite to join a library, as produced by {@code tidemark invite} and typed or pasted
 * into {@code tidemark join} on the new device.
 *
 * <p>It carries everything the joiner needs to find and authenticate the inviter (its device id
 * and addresses), which library it joins, when the code expires, and a 32-byte random secret the
 * joiner later proves knowledge of with a {@link PairingProof} instead of sending it.
 *
 * <h2>Text form</h2>
 * {@code TM1-} followed by the base32 (RFC 4648, unpadded) encoding of
 * <pre>
 *   version         1 byte  (currently 1)
 *   library id     16 bytes (UUID, most significant half first)
 *   inviter        32 bytes (device id)
 *   expires at      8 bytes (epoch seconds, big-endian)
 *   secret         32 bytes
 *   address count   1 byte  (at most {@value #MAX_ADDRESSES})
 *   addresses      each: 1-byte length, then that many UTF-8 bytes of HOST:PORT
 *   checksum        4 bytes (first bytes of SHA-256 over everything above)
 * </pre>
 * split into dash-separated groups of five characters. Base32 is case-insensitive and free of
 * punctuation, so the code survives chat clients, terminals and being typed; {@link #decode}
 * ignores case, dashes and whitespace. The checksum turns a typo into a clear "mistyped" error
 * rather than a failed connection or a confusing proof failure.
 *
 * <p>The record copies the secret in and out, compares by content, keeps only whole seconds of
 * {@code expiresAt} (the precision of the text form) and never includes the secret in
 * {@link #toString()}.
 *
 * @param libraryId the library being joined
 * @param inviter the inviting device, whose TLS certificate the joiner must insist on
 * @param addresses where the inviter listens, as HOST:PORT (IPv6 hosts in brackets)
 * @param secret 32 random bytes known only to the inviter and whoever holds the code
 * @param expiresAt when the inviter stops accepting this code
 */
public record InviteCode(UUID libraryId, DeviceId inviter, List<String> addresses, byte[] secret, Instant expiresAt) {

    /** Text prefix, naming the format version so future formats are recognisable. */
    public static final String PREFIX = "TM1-";
    /** Length of the secret in bytes. */
    public static final int SECRET_LENGTH = 32;
    /** Most addresses a code may carry; more would make it unwieldy to copy. */
    public static final int MAX_ADDRESSES = 16;
    /** Most UTF-8 bytes in one address (the length prefix is one byte). */
    public static final int MAX_ADDRESS_BYTES = 255;

    static final byte VERSION = 1;
    static final int CHECKSUM_LENGTH = 4;
    private static final int GROUP = 5;
    private static final String BARE_PREFIX = "TM1";
    private static final int FIXED_LENGTH = 1 + 16 + DeviceId.LENGTH + 8 + SECRET_LENGTH + 1;

    /**
     * @throws IllegalArgumentException if the secret is not 32 bytes, there are more than
     *     {@value #MAX_ADDRESSES} addresses, or an address is not HOST:PORT
     */
    public InviteCode {
        Objects.requireNonNull(libraryId, "libraryId");
        Objects.requireNonNull(inviter, "inviter");
        Objects.requireNonNull(addresses, "addresses");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(expiresAt, "expiresAt");
        addresses = List.copyOf(addresses);
        if (addresses.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("an invite code carries at most " + MAX_ADDRESSES
                    + " addresses, got " + addresses.size());
        }
        addresses.forEach(InviteCode::checkAddress);
        if (secret.length != SECRET_LENGTH) {
            throw new IllegalArgumentException("an invite secret is " + SECRET_LENGTH + " bytes, got " + secret.length);
        }
        secret = secret.clone();
        expiresAt = expiresAt.truncatedTo(ChronoUnit.SECONDS);
    }

    /** The secret (a copy). Handle with care: anyone holding it can join the library. */
    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** The public id naming this invite, derived from the secret. */
    public InviteId inviteId() {
        return InviteId.of(secret);
    }

    /** Whether the code is past its expiry at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** The copy-paste text form, e.g. {@code TM1-AHLJZ-BYDUB-DEMV5-...}. */
    public String encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(FIXED_LENGTH + 32 * addresses.size());
        ByteBuffer fixed = ByteBuffer.allocate(FIXED_LENGTH)
                .put(VERSION)
                .putLong(libraryId.getMostSignificantBits())
                .putLong(libraryId.getLeastSignificantBits())
                .put(inviter.bytes())
                .putLong(expiresAt.getEpochSecond())
                .put(secret)
                .put((byte) addresses.size());
        out.writeBytes(fixed.array());
        for (String address : addresses) {
            byte[] utf8 = address.getBytes(StandardCharsets.UTF_8);
            out.write(utf8.length);
            out.writeBytes(utf8);
        }
        return encodePayload(out.toByteArray());
    }

    /**
     * Parses a code, ignoring case, dashes and whitespace.
     *
     * @throws IllegalArgumentException with a message for the user: not an invite code, mistyped
     *     (checksum), incomplete, from a newer Tidemark (unknown version), or malformed contents
     */
    public static InviteCode decode(String text) {
        Objects.requireNonNull(text, "text");
        StringBuilder chars = Base32.normalize(text);
        if (chars.length() < BARE_PREFIX.length() || !chars.substring(0, BARE_PREFIX.length()).equals(BARE_PREFIX)) {
            if (chars.length() >= 3 && chars.charAt(0) == 'T' && chars.charAt(1) == 'M'
                    && Character.isDigit(chars.charAt(2))) {
                throw new IllegalArgumentException("this invite code format (TM" + chars.charAt(2)
                        + ") is not supported by this version of Tidemark; update it on this device");
            }
            throw new IllegalArgumentException("not a Tidemark invite code: it should start with " + PREFIX);
        }
        String body = chars.substring(BARE_PREFIX.length());
        for (int i = 0; i < body.length(); i++) {
            if (Base32.valueOf(body.charAt(i)) < 0) {
                throw new IllegalArgumentException("the invite code contains '" + body.charAt(i)
                        + "', which never appears in invite codes (only A-Z and 2-7): the code was mistyped");
            }
        }
        byte[] raw;
        try {
            raw = Base32.decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the invite code is incomplete or was mistyped (" + e.getMessage() + ")", e);
        }
        if (raw.length < FIXED_LENGTH + CHECKSUM_LENGTH) {
            throw new IllegalArgumentException("the invite code is too short: it is incomplete (truncated)");
        }
        byte[] payload = Arrays.copyOf(raw, raw.length - CHECKSUM_LENGTH);
        byte[] checksum = Arrays.copyOfRange(raw, payload.length, raw.length);
        if (!MessageDigest.isEqual(checksum(payload), checksum)) {
            throw new IllegalArgumentException("the invite code's checksum does not match: the code was mistyped or is incomplete");
        }
        return parsePayload(payload);
    }

    private static InviteCode parsePayload(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        int version = in.get() & 0xff;
        if (version != VERSION) {
            throw new IllegalArgumentException("invite code version " + version
                    + " is not supported by this version of Tidemark; update it on this device");
        }
        UUID libraryId = new UUID(in.getLong(), in.getLong());
        byte[] inviter = new byte[DeviceId.LENGTH];
        in.get(inviter);
        long expirySeconds = in.getLong();
        byte[] secret = new byte[SECRET_LENGTH];
        in.get(secret);
        int count = in.get() & 0xff;
        if (count > MAX_ADDRESSES) {
            throw new IllegalArgumentException("the invite code claims " + count + " addresses; at most "
                    + MAX_ADDRESSES + " are allowed, so it is malformed");
        }
        List<String> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (!in.hasRemaining()) {
                throw new IllegalArgumentException("the invite code is truncated: address " + (i + 1)
                        + " of " + count + " is missing");
            }
            int length = in.get() & 0xff;
            if (in.remaining() < length) {
                throw new IllegalArgumentException("the invite code is truncated: address " + (i + 1)
                        + " is cut short");
            }
            byte[] utf8 = new byte[length];
            in.get(utf8);
            addresses.add(utf8(utf8, i + 1));
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("the invite code has " + in.remaining()
                    + " unexpected bytes after its addresses, so it is malformed");
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(expirySeconds);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the invite code has an impossible expiry time", e);
        }
        try {
            return new InviteCode(libraryId, new DeviceId(inviter), addresses, secret, expiresAt);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the invite code is malformed: " + e.getMessage(), e);
        }
    }

    /** Appends the checksum to a raw payload and renders the text form; tests use it to craft payloads. */
    static String encodePayload(byte[] payload) {
        byte[] raw = Arrays.copyOf(payload, payload.length + CHECKSUM_LENGTH);
        System.arraycopy(checksum(payload), 0, raw, payload.length, CHECKSUM_LENGTH);
        String body = Base32.encode(raw);
        StringBuilder text = new StringBuilder(PREFIX.length() + body.length() * (GROUP + 1) / GROUP);
        text.append(PREFIX);
        for (int i = 0; i < body.length(); i += GROUP) {
            if (i > 0) {
                text.append('-');
            }
            text.append(body, i, Math.min(body.length(), i + GROUP));
        }
        return text.toString();
    }

    private static byte[] checksum(byte[] payload) {
        return Arrays.copyOf(DeviceId.sha256(payload), CHECKSUM_LENGTH);
    }

    private static String utf8(byte[] bytes, int position) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("address " + position + " in the invite code is not valid UTF-8", e);
        }
    }

    private static void checkAddress(String address) {
        Objects.requireNonNull(address, "address");
        if (address.getBytes(StandardCharsets.UTF_8).length > MAX_ADDRESS_BYTES) {
            throw new IllegalArgumentException("address is longer than " + MAX_ADDRESS_BYTES + " bytes: " + address);
        }
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? "" : address.substring(0, colon);
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)
                || (host.contains(":") && !(host.startsWith("[") && host.endsWith("]")))) {
            throw new IllegalArgumentException("address must be HOST:PORT (IPv6 as [addr]:PORT), got '" + address + "'");
        }
        String port = address.substring(colon + 1);
        int number;
        try {
            number = port.chars().allMatch(c -> c >= '0' && c <= '9') && port.length() <= 5 ? Integer.parseInt(port) : -1;
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException("address '" + address + "' needs a port between 1 and 65535");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InviteCode that
                && libraryId.equals(that.libraryId)
                && inviter.equals(that.inviter)
                && addresses.equals(that.addresses)
                && Arrays.equals(secret, that.secret)
                && expiresAt.equals(that.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(libraryId, inviter, addresses, Arrays.hashCode(secret), expiresAt);
    }

    /** Everything but the secret, which is shown as its non-secret {@link InviteId}. */
    @Override
    public String toString() {
        return "InviteCode[libraryId=" + libraryId + ", inviter=" + inviter + ", addresses=" + addresses
                + ", inviteId=" + inviteId() + ", expiresAt=" + expiresAt + ", secret=<redacted>]";
    }
}
