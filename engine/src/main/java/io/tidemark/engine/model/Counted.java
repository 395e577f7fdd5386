package io.tidemark.engine.model;

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

    /**
     * A length of time as a person reads it, in at most two units, rounded to the smaller one:
     * "800 ms", "45 s", "2 min 5 s", "2 h 3 min", "3 days 4 h". The sign is dropped: callers say
     * "ahead" or "behind" themselves. Measured offsets carry a few milliseconds of noise, so an
     * offset of 2 h less 5 ms reads "2 h", not "1 h 59 min".
     */
    public static String span(long millis) {
        long ms = Math.abs(millis);
        if (ms < 1_000) {
            return ms + " ms";
        }
        long seconds = (ms + 500) / 1_000;
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3_600) {
            return twoUnits(seconds / 60, "min", "min", seconds % 60, "s");
        }
        long minutes = (seconds + 30) / 60;
        if (minutes < 24 * 60) {
            return twoUnits(minutes / 60, "h", "h", minutes % 60, "min");
        }
        long hours = (minutes + 30) / 60;
        return twoUnits(hours / 24, "day", "days", hours % 24, "h");
    }

    private static String twoUnits(long big, String one, String many, long small, String smallUnit) {
        String first = String.format("%,d %s", big, big == 1 ? one : many);
        return small == 0 ? first : first + " " + small + " " + smallUnit;
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
