package io.tidemark.app.common;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/** Display formats shared by the views. */
public final class Formats {
    /**
     * Date and time as people compare them across devices and with logs: fixed width, sortable, the
     * same in every language (a locale's medium style differs between JDKs and reads worse in a column).
     */
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private Formats() {
    }

    /** {@code at} as a local date and time in {@code zone}, e.g. {@code 2025-03-14 13:00:05}. */
    public static String dateTime(Instant at, ZoneId zone) {
        return at == null ? "" : DATE_TIME.format(at.atZone(zone));
    }

    /**
     * {@code at} in {@code zone} as short as stays unambiguous next to {@code now}: the time alone
     * on the same day, else date and time.
     */
    public static String timeOrDateTime(Instant at, Instant now, ZoneId zone) {
        if (at == null) {
            return "";
        }
        ZonedDateTime local = at.atZone(zone);
        LocalDate today = now.atZone(zone).toLocalDate();
        return local.toLocalDate().equals(today) ? TIME.format(local) : DATE_TIME.format(local);
    }

    /**
     * A span of whole seconds in its two largest units, the smaller dropped when zero: {@code 45 s},
     * {@code 2 min 5 s}, {@code 3 h}, {@code 1 h 20 min}, {@code 2 days 4 h}. Negative spans count as 0.
     */
    public static String duration(long seconds, I18n i18n) {
        long s = Math.max(0, seconds);
        if (s < 60) {
            return i18n.tr("duration.seconds", s);
        }
        if (s < 3_600) {
            return s % 60 == 0 ? i18n.tr("duration.minutes", s / 60)
                    : i18n.tr("duration.minutesSeconds", s / 60, s % 60);
        }
        if (s < 86_400) {
            long minutes = s % 3_600 / 60;
            return minutes == 0 ? i18n.tr("duration.hours", s / 3_600)
                    : i18n.tr("duration.hoursMinutes", s / 3_600, minutes);
        }
        long hours = s % 86_400 / 3_600;
        return hours == 0 ? i18n.tr("duration.days", s / 86_400)
                : i18n.tr("duration.daysHours", s / 86_400, hours);
    }

    /**
     * A span measured in milliseconds, as precise as it is worth reading: {@code 420 ms} under a
     * second, {@code 2.8 s} under ten, then as {@link #duration}.
     */
    public static String millis(long millis, I18n i18n) {
        long ms = Math.max(0, millis);
        if (ms < 1_000) {
            return i18n.tr("duration.millis", ms);
        }
        if (ms < 9_950) {
            return i18n.tr("duration.secondsTenths", Math.round(ms / 100.0) / 10.0);
        }
        return duration(Math.round(ms / 1_000.0), i18n);
    }

    /**
     * A byte count in decimal units, with the locale's digits: {@code 1 byte}, {@code 950 bytes},
     * {@code 24 KB}, {@code 1.9 MB}, {@code 120 MB}, {@code 3.4 GB}. One decimal below ten of a unit,
     * none above, so the figure never looks more exact than an estimate is.
     */
    public static String bytes(long bytes, I18n i18n) {
        long n = Math.max(0, bytes);
        if (n < 1_000) {
            return i18n.tr("bytes.bytes", n);
        }
        // The unit follows the rounded figure: 999,960 bytes are 1 MB, not 1,000 KB.
        double kilo = roundedTo(n / 1e3);
        if (kilo < 1_000) {
            return i18n.tr("bytes.kilo", kilo);
        }
        double mega = roundedTo(n / 1e6);
        if (mega < 1_000) {
            return i18n.tr("bytes.mega", mega);
        }
        return i18n.tr("bytes.giga", roundedTo(n / 1e9));
    }

    /** One decimal below 10, whole numbers from there. */
    private static double roundedTo(double value) {
        return value < 9.95 ? Math.round(value * 10) / 10.0 : Math.round(value);
    }

    /** {@code +33,000}, {@code −1,200} (a true minus sign), {@code 0}: a difference with its direction. */
    public static String signedCount(long n, Locale locale) {
        if (n == 0) {
            return count(0, locale);
        }
        return (n > 0 ? "+" : "\u2212") + count(Math.abs(n), locale);
    }

    /** The device id people see (SHA-256 of the certificate, grouped); the row-owner uuid only for old snapshots without one. */
    public static String deviceId(io.tidemark.engine.api.EngineSnapshot.Device device) {
        return device.deviceId() != null ? device.deviceId() : groupedId(device.id());
    }

    public static String groupedId(UUID id) {
        if (id == null) {
            return "";
        }
        String hex = id.toString().replace("-", "");
        StringBuilder out = new StringBuilder(hex.length() + hex.length() / 4);
        for (int i = 0; i < hex.length(); i += 4) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(hex, i, i + 4);
        }
        return out.toString();
    }

    /** A count with the locale's digit grouping, e.g. {@code 12,345} in English and {@code 12.345} in German. */
    public static String count(long n, Locale locale) {
        NumberFormat format = NumberFormat.getIntegerInstance(locale);
        format.setGroupingUsed(true);
        return format.format(n);
    }

    /**
     * The first group of a grouped id, for compact display: {@code MFRGGZD} of
     * {@code MFRGGZD-FMZTWQ2-...}, or {@code 0192} of {@code 0192 3f4a ...}. Show the whole id nearby,
     * in a tooltip, for comparing.
     */
    public static String firstGroup(String groupedId) {
        if (groupedId == null) {
            return "";
        }
        String id = groupedId.strip();
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '-' || Character.isWhitespace(c)) {
                return id.substring(0, i);
            }
        }
        return id;
    }
}
