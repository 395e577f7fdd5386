package io.tidemark.engine.clock;

/**
 * Lengths of time in words, for the clock's own messages and everyone else's ({@code Counted.span}).
 * Here, in the clock package, because the clock sits below every other package and must not reach up
 * for its words.
 */
public final class TimeSpans {
    private TimeSpans() {
    }

    /**
     * A length of time as a person reads it, in at most two units, rounded to the smaller one:
     * "800 ms", "45 s", "2 min 5 s", "2 h 3 min", "3 days 4 h". The sign is dropped: callers say
     * "ahead" or "behind" themselves. Measured offsets carry a few milliseconds of noise, so an
     * offset of 2 h less 5 ms reads "2 h", not "1 h 59 min".
     */
    public static String words(long millis) {
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

}
