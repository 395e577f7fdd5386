package io.tidemark.engine.clock;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;

/**
 * A hybrid-logical-clock timestamp: wall-clock milliseconds plus a logical counter that orders
 * events within (or behind) the same millisecond. Packed into one signed 64-bit value
 * ({@code millis << 16 | logical}) so that numeric order is clock order and a SQLite INTEGER column
 * sorts it natively.
 *
 * <p>Its text form, e.g. {@code 2026-11-23T05:08:41.123Z-002a}, is fixed width, so comparing two
 * texts as strings gives the same answer as comparing the values, and {@link #parse} returns exactly
 * the value that was formatted.
 */
public record HlcTimestamp(long physicalMillis, int logical) implements Comparable<HlcTimestamp> {

    public static final int LOGICAL_BITS = 16;
    public static final int MAX_LOGICAL = (1 << LOGICAL_BITS) - 1;
    /**
     * 6429-10-17T02:45:55.327Z, i.e. 2^47 - 1: the last millisecond for which {@link #packed()} stays
     * non-negative (so numeric order is clock order); its text form still has a four-digit year.
     */
    public static final long MAX_PHYSICAL_MILLIS = (1L << (Long.SIZE - 1 - LOGICAL_BITS)) - 1;
    public static final HlcTimestamp ZERO = new HlcTimestamp(0, 0);

    private static final DateTimeFormatter TEXT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
                    .withZone(ZoneOffset.UTC)
                    .withResolverStyle(ResolverStyle.STRICT); // SMART would turn 02-30 into 02-28, 24:00 into the next day
    private static final int TEXT_LENGTH = 29;

    public HlcTimestamp {
        if (physicalMillis < 0 || physicalMillis > MAX_PHYSICAL_MILLIS) {
            throw new IllegalArgumentException("HLC physical time out of range: " + physicalMillis);
        }
        if (logical < 0 || logical > MAX_LOGICAL) {
            throw new IllegalArgumentException("HLC logical counter out of range: " + logical);
        }
    }

    /** Unpacks a value produced by {@link #packed()}. */
    public static HlcTimestamp fromPacked(long packed) {
        if (packed < 0) {
            throw new IllegalArgumentException("HLC value must not be negative: " + packed);
        }
        return new HlcTimestamp(packed >>> LOGICAL_BITS, (int) (packed & MAX_LOGICAL));
    }

    public long packed() {
        return (physicalMillis << LOGICAL_BITS) | logical;
    }

    /** Parses the text form written by {@link #toString()}; anything else is refused. */
    public static HlcTimestamp parse(String text) {
        if (text == null || text.length() != TEXT_LENGTH || text.charAt(24) != '-') {
            throw new IllegalArgumentException("Not an HLC timestamp (expected e.g. 2026-11-23T05:08:41.123Z-0000): " + text);
        }
        try {
            long millis = Instant.from(TEXT.parse(text.substring(0, 24))).toEpochMilli();
            String counter = text.substring(25);
            for (int i = 0; i < counter.length(); i++) {
                char c = counter.charAt(i);
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) { // ASCII only: Character.digit takes fullwidth digits
                    throw new IllegalArgumentException("Not an HLC timestamp (bad counter): " + text);
                }
            }
            return new HlcTimestamp(millis, Integer.parseInt(counter, 16));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Not an HLC timestamp (bad time): " + text, e);
        }
    }

    public Instant instant() {
        return Instant.ofEpochMilli(physicalMillis);
    }

    @Override
    public int compareTo(HlcTimestamp other) {
        return Long.compare(packed(), other.packed());
    }

    public boolean isAfter(HlcTimestamp other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return TEXT.format(Instant.ofEpochMilli(physicalMillis)) + '-' + String.format(Locale.ROOT, "%04x", logical);
    }
}
