package io.tidemark.engine.model;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Which life of a device's shared change log its seqs belong to (Syncthing's IndexID). Seqs only
 * mean something within one incarnation: when a log's seqs can have gone back (its sync.db was
 * restored from an older copy, lost its last commits in a power cut, or was made afresh), the log
 * gets a new incarnation, and a member remembering "pulled through seq N" of the old one reads the
 * log again from the start instead of skipping whatever now sits at or below N.
 *
 * <p>A random non-zero 64-bit value: nothing coordinates devices, and two incarnations of one log
 * colliding by chance (2<sup>-64</sup>) is far less likely than the restore it guards against.
 * {@link #UNKNOWN} (0) is never an incarnation: it marks a position remembered before logs had
 * incarnations, or nothing pulled yet.
 */
public record LogIncarnation(long value) {

    /** No incarnation known: a position from before logs had incarnations, or none. */
    public static final LogIncarnation UNKNOWN = new LogIncarnation(0);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static final int DIGITS = 16;

    /** A fresh incarnation, never {@link #UNKNOWN}. */
    public static LogIncarnation random() {
        long value;
        do {
            value = RANDOM.nextLong();
        } while (value == 0);
        return new LogIncarnation(value);
    }

    public boolean isKnown() {
        return value != 0;
    }

    /** The wire and display form: 16 lower-case hex digits. */
    public String text() {
        return HEX.toHexDigits(value);
    }

    /**
     * Parses {@link #text()}: exactly 16 lower-case hex digits, so each incarnation has one spelling.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static LogIncarnation parse(String text) {
        boolean valid = text != null && text.length() == DIGITS;
        for (int i = 0; valid && i < DIGITS; i++) {
            char ch = text.charAt(i);
            valid = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
        }
        if (!valid) {
            String shown = text == null ? "nothing" : "\"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
            throw new IllegalArgumentException("an incarnation is " + DIGITS + " lower-case hex digits, got " + shown);
        }
        return new LogIncarnation(HexFormat.fromHexDigitsToLong(text));
    }

    @Override
    public String toString() {
        return text();
    }
}
