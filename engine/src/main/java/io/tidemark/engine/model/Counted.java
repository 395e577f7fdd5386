package io.tidemark.engine.model;

import io.tidemark.engine.clock.TimeSpans;

/**
 * A number with its noun, as a person reads it: "1 entry", "5,000 entries", "0 watermarks". One
 * place for the rule, so no message says "row(s)".
 */
public final class Counted {
    private Counted() {
    }

    /** {@code n} grouped by thousands, then {@code one} if it is 1, else {@code many}. */
    public static String of(long n, String one, String many) {
        return String.format("%,d %s", n, n == 1 ? one : many);
    }

    /** A length of time as a person reads it: "2 h 3 min" (see {@link TimeSpans#words}). */
    public static String span(long millis) {
        return TimeSpans.words(millis);
    }

    /** A byte count as a person reads it: "130 bytes", "3,412 KB", "4.1 MB". */
    public static String bytes(long n) {
        if (n < 10_000) {
            return of(n, "byte", "bytes");
        }
        return n < 10_000_000 ? String.format(java.util.Locale.ROOT, "%,d KB", n / 1000)
                : String.format(java.util.Locale.ROOT, "%,.1f MB", n / 1e6);
    }
}
