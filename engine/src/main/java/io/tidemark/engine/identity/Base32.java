package io.tidemark.engine.identity;

/**
 * RFC 4648 base32 (alphabet {@code A-Z2-7}) without padding, shared by {@link DeviceId} and
 * {@link InviteCode}. Base32 is used for every human-facing identifier because it is
 * case-insensitive and has no look-alike punctuation, so ids survive being read aloud, typed or
 * pasted through chat clients.
 *
 * <p>Decoding is strict: it rejects characters outside the alphabet, impossible lengths and
 * non-zero padding bits, so every byte string has exactly one accepted text form.
 */
final class Base32 {

    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Base32() {
    }

    /**
     * Drops dashes and whitespace and upper-cases ASCII letters only, so that non-ASCII letters
     * whose upper case happens to be ASCII (such as the dotless i) are still rejected.
     */
    static StringBuilder normalize(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '-' || Character.isWhitespace(c)) {
                continue;
            }
            out.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
        }
        return out;
    }

    /** Value 0..31 of an upper-case base32 character, or -1 when it is not in the alphabet. */
    static int valueOf(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= '2' && c <= '7') {
            return 26 + (c - '2');
        }
        return -1;
    }

    static int encodedLength(int byteCount) {
        return (byteCount * 8 + 4) / 5;
    }

    static String encode(byte[] data) {
        StringBuilder out = new StringBuilder(encodedLength(data.length));
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /**
     * Decodes upper-case, unpadded base32.
     *
     * @throws IllegalArgumentException for a character outside the alphabet, a length no byte
     *     string encodes to, or non-zero trailing padding bits
     */
    static byte[] decode(CharSequence text) {
        int length = text.length();
        int byteCount = length * 5 / 8;
        if (encodedLength(byteCount) != length) {
            throw new IllegalArgumentException("base32 text of " + length + " characters has an impossible length");
        }
        byte[] out = new byte[byteCount];
        int buffer = 0;
        int bits = 0;
        int index = 0;
        for (int i = 0; i < length; i++) {
            int value = valueOf(text.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("invalid base32 character '" + text.charAt(i) + "' at position " + (i + 1));
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out[index++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
                buffer &= (1 << bits) - 1;
            }
        }
        if (buffer != 0) {
            throw new IllegalArgumentException("base32 text has non-zero padding bits in its last character");
        }
        return out;
    }
}
