package io.tidemark.engine.identity;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The public name of an invite: the first 16 bytes of {@code SHA-256("tidemark-invite-id" ||
 * secret)}.
 *
 * <p>A joiner sends it to say which invite it is answering, so the inviter can find the secret
 * without the joiner revealing it. The hash is one-way and domain-separated, so the id tells an
 * observer nothing about the secret, and 128 bits keep ids from colliding.
 *
 * @param bytes the 16 id bytes
 */
public record InviteId(byte[] bytes) {

    /** Length of an invite id in bytes. */
    public static final int LENGTH = 16;

    private static final byte[] LABEL = "tidemark-invite-id".getBytes(StandardCharsets.US_ASCII);

    /**
     * @throws IllegalArgumentException if {@code bytes} is not exactly 16 bytes long
     */
    public InviteId {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("an invite id is " + LENGTH + " bytes, got " + bytes.length);
        }
        bytes = bytes.clone();
    }

    /** Derives the id of the invite with this secret. */
    public static InviteId of(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        return new InviteId(Arrays.copyOf(DeviceId.sha256(LABEL, secret), LENGTH));
    }

    /** The 16 id bytes (a copy). */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InviteId that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Lower-case hex, for logs. */
    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
