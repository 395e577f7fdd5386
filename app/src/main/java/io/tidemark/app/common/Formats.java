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
}
