package io.tidemark.app.common;

import java.text.NumberFormat;
import java.util.Locale;
import java.util.UUID;

/** Display formats shared by the views. */
public final class Formats {
    private Formats() {
    }

    /**
     * An id as eight blocks of four hex digits, e.g. {@code 0192 3f4a 7b2c 7d4e 8a1b 2c3d 4e5f 6a7b}:
     * easier to read aloud and compare between two screens than the dashed form.
     */
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
