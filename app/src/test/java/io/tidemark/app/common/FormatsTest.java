package io.tidemark.app.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void idsAreShownInBlocksOfFour() {
        assertThat(Formats.groupedId(UUID.fromString("0192f3a4-7b2c-7d4e-8a1b-2c3d4e5f6a7b")))
                .isEqualTo("0192 f3a4 7b2c 7d4e 8a1b 2c3d 4e5f 6a7b");
        assertThat(Formats.groupedId(null)).isEmpty();
    }

    @Test
    void countsGroupDigitsTheLocalesWay() {
        assertThat(Formats.count(0, Locale.ENGLISH)).isEqualTo("0");
        assertThat(Formats.count(1_234_567, Locale.ENGLISH)).isEqualTo("1,234,567");
        assertThat(Formats.count(1_234_567, Locale.GERMAN)).isEqualTo("1.234.567");
    }

    @Test
    void durationsUseTheirTwoLargestUnits() {
        I18n en = I18n.forLocale(Locale.ENGLISH);
        assertThat(Formats.duration(-3, en)).isEqualTo("0 s");
        assertThat(Formats.duration(0, en)).isEqualTo("0 s");
        assertThat(Formats.duration(59, en)).isEqualTo("59 s");
        assertThat(Formats.duration(60, en)).isEqualTo("1 min");
        assertThat(Formats.duration(125, en)).isEqualTo("2 min 5 s");
        assertThat(Formats.duration(3_600, en)).isEqualTo("1 h");
        assertThat(Formats.duration(3_725, en)).isEqualTo("1 h 2 min");
        assertThat(Formats.duration(86_399, en)).isEqualTo("23 h 59 min");
        assertThat(Formats.duration(86_400, en)).isEqualTo("1 day");
        assertThat(Formats.duration(86_400 + 3 * 3_600, en)).isEqualTo("1 day 3 h");
        assertThat(Formats.duration(86_400 + 3 * 3_600, I18n.forLocale(Locale.GERMAN))).isEqualTo("1 Tag 3 Std.");
        assertThat(Formats.duration(2 * 86_400, en)).isEqualTo("2 days");
        assertThat(Formats.duration(2 * 86_400 + 4 * 3_600 + 59, en)).isEqualTo("2 days 4 h");
        assertThat(Formats.duration(125, I18n.forLocale(Locale.GERMAN))).isEqualTo("2 Min. 5 s");
    }

    @Test
    void shortSpansKeepWhatIsWorthReading() {
        I18n en = I18n.forLocale(Locale.ENGLISH);
        assertThat(Formats.millis(-5, en)).isEqualTo("0 ms");
        assertThat(Formats.millis(420, en)).isEqualTo("420 ms");
        assertThat(Formats.millis(2_849, en)).isEqualTo("2.8 s");
        assertThat(Formats.millis(9_960, en)).isEqualTo("10 s");
        assertThat(Formats.millis(12_400, en)).isEqualTo("12 s");
        assertThat(Formats.millis(125_000, en)).isEqualTo("2 min 5 s");
        assertThat(Formats.millis(2_849, I18n.forLocale(Locale.GERMAN))).isEqualTo("2,8 s");
    }

    @Test
    void bytesInDecimalUnitsWithTheLocalesDigits() {
        I18n en = I18n.forLocale(Locale.ENGLISH);
        assertThat(Formats.bytes(0, en)).isEqualTo("0 bytes");
        assertThat(Formats.bytes(1, en)).isEqualTo("1 byte");
        assertThat(Formats.bytes(950, en)).isEqualTo("950 bytes");
        assertThat(Formats.bytes(24_617, en)).isEqualTo("25 KB");
        assertThat(Formats.bytes(1_500, en)).isEqualTo("1.5 KB");
        assertThat(Formats.bytes(999_960, en)).as("the unit follows the rounding").isEqualTo("1 MB");
        assertThat(Formats.bytes(1_904_000, en)).isEqualTo("1.9 MB");
        assertThat(Formats.bytes(120_400_000, en)).isEqualTo("120 MB");
        assertThat(Formats.bytes(3_420_000_000L, en)).isEqualTo("3.4 GB");
        I18n de = I18n.forLocale(Locale.GERMAN);
        assertThat(Formats.bytes(1_904_000, de)).isEqualTo("1,9 MB");
        assertThat(Formats.bytes(1, de)).isEqualTo("1 Byte");
        assertThat(Formats.bytes(1_250_000_000_000L, de)).isEqualTo("1.250 GB");
    }

    @Test
    void differencesCarryTheirDirection() {
        assertThat(Formats.signedCount(33_000, Locale.ENGLISH)).isEqualTo("+33,000");
        assertThat(Formats.signedCount(-1_200, Locale.ENGLISH)).isEqualTo("\u22121,200");
        assertThat(Formats.signedCount(0, Locale.ENGLISH)).isEqualTo("0");
        assertThat(Formats.signedCount(33_000, Locale.GERMAN)).isEqualTo("+33.000");
    }

    @Test
    void timesAreLocalAndCarryTheDateOnlyWhenItIsNotToday() {
        java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
        java.time.Instant now = java.time.Instant.parse("2025-03-14T22:30:00Z"); // 23:30 in Berlin
        assertThat(Formats.dateTime(java.time.Instant.parse("2025-03-14T11:59:30Z"), berlin))
                .isEqualTo("2025-03-14 12:59:30");
        assertThat(Formats.timeOrDateTime(java.time.Instant.parse("2025-03-14T11:59:30Z"), now, berlin))
                .isEqualTo("12:59:30");
        // 23:10 UTC is already the next day in Berlin.
        assertThat(Formats.timeOrDateTime(java.time.Instant.parse("2025-03-14T23:10:00Z"), now, berlin))
                .isEqualTo("2025-03-15 00:10:00");
        assertThat(Formats.dateTime(null, berlin)).isEmpty();
    }
}
