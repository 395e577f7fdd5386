package io.tidemark.engine.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;

/**
 * A device's identity: the SHA-256 of its self-signed certificate's DER encoding.
 *
 * <p>Because the id is a hash of the certificate, a peer presenting that certificate in a TLS
 * handshake proves it is the device with this id; no certificate authority is involved. That makes
 * the id the thing users compare and trust, so its text form is built for humans, the same way
 * Syncthing's device ids are: the 32 bytes are base32 encoded (52 characters), split into four
 * groups of 13, and each group gets a Luhn mod-32 check character. The 56 characters are shown as
 * eight groups of seven separated by dashes, e.g.
 * {@code P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2}. The check
 * characters catch every single-character typo before a mistyped id is ever looked up.
 *
 * <p>The record holds a defensive copy of the bytes and compares by content.
 *
 * @param bytes the 32-byte SHA-256 of the certificate's DER encoding
 */
public record DeviceId(byte[] bytes) {

    /** Length of the digest in bytes. */
    public static final int LENGTH = 32;

    private static final int DATA_CHARS = 52;
    private static final int DATA_GROUP = 13;
    private static final int CHECKED_CHARS = 56;
    private static final int DISPLAY_GROUP = 7;

    /**
     * @throws IllegalArgumentException if {@code bytes} is not exactly 32 bytes long
     */
    public DeviceId {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a device id is " + LENGTH + " bytes, got " + bytes.length);
        }
        bytes = bytes.clone();
    }

    /** The 32 digest bytes (a copy, so callers can't change this id). */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The id of the device owning {@code certificate}: SHA-256 of its DER encoding. */
    public static DeviceId of(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        try {
            return ofDer(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be DER-encoded: " + e.getMessage(), e);
        }
    }

    /** The id for a certificate given as DER bytes: their SHA-256. */
    public static DeviceId ofDer(byte[] der) {
        Objects.requireNonNull(der, "der");
        return new DeviceId(sha256(der));
    }

    /**
     * Parses the text form. Case, dashes and whitespace are ignored, so ids copied from any
     * display, typed in lower case or split across lines are accepted.
     *
     * @throws IllegalArgumentException naming the problem: wrong length, a character outside
     *     {@code A-Z2-7} (with a hint for the look-alikes 0, 1 and 8), or a failed check character
     */
    public static DeviceId parse(String text) {
        Objects.requireNonNull(text, "text");
        StringBuilder chars = Base32.normalize(text);
        if (chars.length() != CHECKED_CHARS) {
            throw new IllegalArgumentException("a device id has " + CHECKED_CHARS
                    + " letters and digits (8 groups of 7), got " + chars.length());
        }
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (Base32.valueOf(c) < 0) {
                throw new IllegalArgumentException("invalid character '" + c + "' at position " + (i + 1)
                        + " of the device id (not counting dashes): only A-Z and 2-7 are used" + lookAlikeHint(c));
            }
        }
        StringBuilder data = new StringBuilder(DATA_CHARS);
        for (int group = 0; group < 4; group++) {
            int start = group * (DATA_GROUP + 1);
            String groupData = chars.substring(start, start + DATA_GROUP);
            char check = chars.charAt(start + DATA_GROUP);
            if (luhn32(groupData) != check) {
                throw new IllegalArgumentException("device id check character " + (group + 1)
                        + " does not match: the id was mistyped");
            }
            data.append(groupData);
        }
        try {
            return new DeviceId(Base32.decode(data));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid device id: " + e.getMessage(), e);
        }
    }

    /** The full text form: 8 dash-separated groups of 7 characters. */
    @Override
    public String toString() {
        String data = Base32.encode(bytes);
        StringBuilder checked = new StringBuilder(CHECKED_CHARS);
        for (int group = 0; group < 4; group++) {
            String groupData = data.substring(group * DATA_GROUP, (group + 1) * DATA_GROUP);
            checked.append(groupData).append(luhn32(groupData));
        }
        StringBuilder shown = new StringBuilder(CHECKED_CHARS + 7);
        for (int i = 0; i < CHECKED_CHARS; i += DISPLAY_GROUP) {
            if (i > 0) {
                shown.append('-');
            }
            shown.append(checked, i, i + DISPLAY_GROUP);
        }
        return shown.toString();
    }

    /** The first group of the text form, for compact display where the full id doesn't fit. */
    public String shortForm() {
        return toString().substring(0, DISPLAY_GROUP);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeviceId that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /**
     * Luhn mod N with N = 32 over base32 characters, as Syncthing computes it. Doubling is a
     * bijection on 0..31 after folding, so any single substituted character changes the sum.
     */
    static char luhn32(CharSequence group) {
        int factor = 1;
        int sum = 0;
        for (int i = 0; i < group.length(); i++) {
            int addend = factor * Base32.valueOf(group.charAt(i));
            factor = factor == 2 ? 1 : 2;
            sum += addend / 32 + addend % 32;
        }
        return Base32.ALPHABET.charAt((32 - sum % 32) % 32);
    }

    private static String lookAlikeHint(char c) {
        return switch (c) {
            case '0' -> " (did you mean the letter O?)";
            case '1' -> " (did you mean the letter I?)";
            case '8' -> " (did you mean the letter B?)";
            default -> "";
        };
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
