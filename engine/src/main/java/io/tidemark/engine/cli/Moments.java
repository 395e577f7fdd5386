package io.tidemark.engine.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Instants as a person reads them in the CLI's text: their own time zone, to the second
 * ("2026-12-02 03:58:42"), not the control API's ISO form with nanoseconds. {@code --json} keeps
 * the ISO form.
 */
final class Moments {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private Moments() {
    }

    /** {@code iso}, an ISO-8601 instant, in {@code zone}. */
    static String readable(String iso, ZoneId zone) {
        return LOCAL.format(Instant.parse(iso).truncatedTo(ChronoUnit.SECONDS).atZone(zone));
    }
}
