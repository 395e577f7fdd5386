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
}
