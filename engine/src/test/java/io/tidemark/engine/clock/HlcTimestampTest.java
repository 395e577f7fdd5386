package io.tidemark.engine.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HlcTimestampTest {

    private static final long MAX_MILLIS = HlcTimestamp.MAX_PHYSICAL_MILLIS;
    private static final int MAX_LOGICAL = HlcTimestamp.MAX_LOGICAL;

    private static HlcTimestamp randomStamp(Random random) {
        return new HlcTimestamp(randomMillis(random), random.nextInt(MAX_LOGICAL + 1));
    }

    /** Mostly uniform over the whole range, sometimes near its edges or near today. */
    private static long randomMillis(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(1_000_000);
            case 1 -> MAX_MILLIS - random.nextInt(1_000_000);
            case 2 -> 1_700_000_000_000L + random.nextInt(Integer.MAX_VALUE);
            default -> (long) (random.nextDouble() * (MAX_MILLIS + 1));
        };
    }

    // ---- known values --------------------------------------------------------------------------

    @Test
    void epochZeroHasTheDocumentedTextForm() {
        assertThat(new HlcTimestamp(0, 0).toString()).isEqualTo("1970-01-01T00:00:00.000Z-0000");
        assertThat(HlcTimestamp.ZERO).isEqualTo(new HlcTimestamp(0, 0));
        assertThat(HlcTimestamp.ZERO.packed()).isZero();
        assertThat(HlcTimestamp.parse("1970-01-01T00:00:00.000Z-0000")).isEqualTo(HlcTimestamp.ZERO);
    }

    @Test
    void javadocExampleParses() {
        HlcTimestamp t = HlcTimestamp.parse("2026-11-23T05:08:41.123Z-002a");
        assertThat(t.physicalMillis()).isEqualTo(Instant.parse("2026-11-23T05:08:41.123Z").toEpochMilli());
        assertThat(t.logical()).isEqualTo(42);
        assertThat(t.instant()).isEqualTo(Instant.parse("2026-11-23T05:08:41.123Z"));
        assertThat(t.toString()).isEqualTo("2026-11-23T05:08:41.123Z-002a");
    }

    @ParameterizedTest
    @CsvSource({
            "0,                 0,     1970-01-01T00:00:00.000Z-0000",
            "1,                 1,     1970-01-01T00:00:00.001Z-0001",
            "999,               15,    1970-01-01T00:00:00.999Z-000f",
            "1000,              16,    1970-01-01T00:00:01.000Z-0010",
            "946684799999,      65535, 1999-12-31T23:59:59.999Z-ffff",
            "946684800000,      0,     2000-01-01T00:00:00.000Z-0000",
            "951782400000,      4660,  2000-02-29T00:00:00.000Z-1234",
            "1700000000000,     43981, 2023-11-14T22:13:20.000Z-abcd",
            "140737488355327,   65535, 6429-10-17T02:45:55.327Z-ffff",
    })
    void knownTextForms(long millis, int logical, String text) {
        HlcTimestamp t = new HlcTimestamp(millis, logical);
        assertThat(t.toString()).isEqualTo(text).hasSize(29);
        assertThat(HlcTimestamp.parse(text)).isEqualTo(t);
    }

    @Test
    void packedLayoutIsMillisShiftedSixteenBitsOrLogical() {
        assertThat(new HlcTimestamp(1, 2).packed()).isEqualTo(65_538L);
        assertThat(new HlcTimestamp(0, MAX_LOGICAL).packed()).isEqualTo(0xFFFFL);
        assertThat(new HlcTimestamp(1, 0).packed()).isEqualTo(0x10000L);
        // the largest stamp packs to the largest long: the packed value never goes negative
        assertThat(new HlcTimestamp(MAX_MILLIS, MAX_LOGICAL).packed())
                .isEqualTo((MAX_MILLIS << 16) | 0xFFFF)
                .isEqualTo(Long.MAX_VALUE);
        assertThat(HlcTimestamp.fromPacked(65_538L)).isEqualTo(new HlcTimestamp(1, 2));
    }

    // ---- round trips ---------------------------------------------------------------------------

    @Test
    void packedRoundTripsForRandomValues() {
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            HlcTimestamp t = randomStamp(random);
            long packed = t.packed();
            assertThat(packed).isNotNegative();
            assertThat(HlcTimestamp.fromPacked(packed)).isEqualTo(t);
        }
        HlcTimestamp max = new HlcTimestamp(MAX_MILLIS, MAX_LOGICAL);
        assertThat(HlcTimestamp.fromPacked(max.packed())).isEqualTo(max);
        assertThat(HlcTimestamp.fromPacked(0)).isEqualTo(HlcTimestamp.ZERO);
    }

    @Test
    void fromPackedRejectsValuesOutsideTheRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> HlcTimestamp.fromPacked(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> HlcTimestamp.fromPacked(Long.MIN_VALUE));
        assertThatIllegalArgumentException().isThrownBy(() -> HlcTimestamp.fromPacked((MAX_MILLIS + 1) << 16));
        assertThat(HlcTimestamp.fromPacked(Long.MAX_VALUE)).isEqualTo(new HlcTimestamp(MAX_MILLIS, MAX_LOGICAL));
    }

    @Test
    void packedOrderIsClockOrderUpToTheMaximum() {
        HlcTimestamp max = new HlcTimestamp(MAX_MILLIS, MAX_LOGICAL);
        HlcTimestamp nearMax = new HlcTimestamp(MAX_MILLIS, 0);
        HlcTimestamp small = new HlcTimestamp(1, 0);
        assertThat(max).isGreaterThan(nearMax).isGreaterThan(small);
        assertThat(max.isAfter(small)).isTrue();
        assertThat(small.isAfter(max)).isFalse();
        assertTextOrderMatchesValueOrder(max, small);
        assertTextOrderMatchesValueOrder(nearMax, HlcTimestamp.ZERO);
        assertTextOrderMatchesValueOrder(new HlcTimestamp(MAX_MILLIS - 1, MAX_LOGICAL), nearMax);
    }

    @Test
    void textRoundTripsExactlyForRandomValues() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            HlcTimestamp t = randomStamp(random);
            String text = t.toString();
            assertThat(text).hasSize(29).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z-[0-9a-f]{4}");
            HlcTimestamp parsed = HlcTimestamp.parse(text);
            assertThat(parsed).isEqualTo(t);
            assertThat(parsed.toString()).isEqualTo(text);
        }
    }

    // ---- order ---------------------------------------------------------------------------------

    private static void assertTextOrderMatchesValueOrder(HlcTimestamp a, HlcTimestamp b) {
        int byValue = Integer.signum(Long.compare(a.packed(), b.packed()));
        assertThat(Integer.signum(a.compareTo(b))).as("compareTo(%s, %s)", a, b).isEqualTo(byValue);
        assertThat(Integer.signum(a.toString().compareTo(b.toString())))
                .as("text order of %s and %s", a, b)
                .isEqualTo(byValue);
        assertThat(a.isAfter(b)).isEqualTo(byValue > 0);
    }

    @Test
    void textOrderEqualsValueOrderForRandomPairs() {
        Random random = new Random(1234);
        for (int i = 0; i < 100_000; i++) {
            assertTextOrderMatchesValueOrder(randomStamp(random), randomStamp(random));
        }
    }

    @Test
    void textOrderEqualsValueOrderWithinTheSameMillisecond() {
        Random random = new Random(99);
        for (int i = 0; i < 50_000; i++) {
            long millis = randomMillis(random);
            HlcTimestamp a = new HlcTimestamp(millis, random.nextInt(MAX_LOGICAL + 1));
            HlcTimestamp b = new HlcTimestamp(millis, random.nextInt(MAX_LOGICAL + 1));
            assertTextOrderMatchesValueOrder(a, b);
        }
        // counter digits that would sort wrongly if not zero-padded or if letters were upper case
        assertTextOrderMatchesValueOrder(new HlcTimestamp(5, 0x9), new HlcTimestamp(5, 0xa));
        assertTextOrderMatchesValueOrder(new HlcTimestamp(5, 0xf), new HlcTimestamp(5, 0x10));
        assertTextOrderMatchesValueOrder(new HlcTimestamp(5, 0x9fff), new HlcTimestamp(5, 0xa000));
        assertTextOrderMatchesValueOrder(new HlcTimestamp(5, MAX_LOGICAL), new HlcTimestamp(6, 0));
    }

    @Test
    void textOrderEqualsValueOrderAcrossYearBoundaries() {
        Random random = new Random(2026);
        for (int i = 0; i < 50_000; i++) {
            int year = 1971 + random.nextInt(6429 - 1971 + 1); // every year whose start is in range
            long boundary = LocalDate.of(year, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            long before = boundary - 1 - random.nextInt(86_400_000);
            long after = Math.min(MAX_MILLIS, boundary + random.nextInt(86_400_000));
            HlcTimestamp a = new HlcTimestamp(before, random.nextInt(MAX_LOGICAL + 1));
            HlcTimestamp b = new HlcTimestamp(after, random.nextInt(MAX_LOGICAL + 1));
            assertThat(a.toString()).startsWith(String.format("%04d-12-31", year - 1));
            assertTextOrderMatchesValueOrder(a, b);
            assertTextOrderMatchesValueOrder(b, a);
        }
        // the last millisecond of a year with the highest counter against the first of the next
        long y2k = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
        assertTextOrderMatchesValueOrder(new HlcTimestamp(y2k - 1, MAX_LOGICAL), new HlcTimestamp(y2k, 0));
        long lastYear = Instant.parse("6429-01-01T00:00:00Z").toEpochMilli();
        assertTextOrderMatchesValueOrder(new HlcTimestamp(lastYear - 1, MAX_LOGICAL), new HlcTimestamp(lastYear, 0));
    }

    @Test
    void equalValuesCompareEqual() {
        HlcTimestamp a = new HlcTimestamp(123_456_789L, 77);
        HlcTimestamp b = HlcTimestamp.parse(a.toString());
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.compareTo(b)).isZero();
        assertThat(a.isAfter(b)).isFalse();
        assertTextOrderMatchesValueOrder(a, b);
    }

    // ---- validation ----------------------------------------------------------------------------

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            // wrong length
            "1970-01-01T00:00:00.000Z-000",
            "1970-01-01T00:00:00.000Z-00000",
            "1970-01-01T00:00:00.000Z",
            "1970-01-01T00:00:00Z-0000",
            " 1970-01-01T00:00:00.000Z-0000",
            "1970-01-01T00:00:00.000Z-0000 ",
            "+10000-01-01T00:00:00.000Z-0000",
            // upper-case or non-hex counter
            "1970-01-01T00:00:00.000Z-00AF",
            "1970-01-01T00:00:00.000Z-FFFF",
            "1970-01-01T00:00:00.000Z-000g",
            "1970-01-01T00:00:00.000Z-+fff",
            "1970-01-01T00:00:00.000Z--fff",
            "1970-01-01T00:00:00.000Z-0 00",
            "1970-01-01T00:00:00.000Z-00\uff10\uff10", // full-width digits
            "1970-01-01T00:00:00.000Z-\uff41000",      // full-width letter a
            "1970-01-01T00:00:00.000Z-\u0661\u0662\u0663\u0664", // Arabic-Indic digits
            // missing or misplaced dash
            "1970-01-01T00:00:00.000Z00000",
            "1970-01-01T00:00:00.000Z_0000",
            "1970-01-01T00:00:00.0000Z0000",
            // bad date or time
            "2026-02-30T00:00:00.000Z-0000",
            "2026-02-31T00:00:00.000Z-0000",
            "2025-02-29T00:00:00.000Z-0000",
            "2025-04-31T00:00:00.000Z-0000",
            "2026-13-01T00:00:00.000Z-0000",
            "2026-00-10T00:00:00.000Z-0000",
            "2026-01-00T00:00:00.000Z-0000",
            "2026-01-01T24:00:00.000Z-0000",
            "2026-01-01T23:60:00.000Z-0000",
            "2026-01-01T23:59:60.000Z-0000",
            "2026-01-01 00:00:00.000Z-0000",
            "2026-01-01t00:00:00.000Z-0000",
            "2026-01-01T00:00:00.000z-0000",
            "2026-01-01T00:00:00,000Z-0000",
            "2026/01/01T00:00:00.000Z-0000",
            "abcd-ef-ghTij:kl:mn.opqZ-0000",
            "\uff12026-01-01T00:00:00.000Z-0000",
            // before the epoch
            "1969-12-31T23:59:59.999Z-0000",
            "0000-01-01T00:00:00.000Z-0000",
            // after the last representable millisecond
            "6429-10-17T02:45:55.328Z-0000",
            "9999-12-31T23:59:59.999Z-ffff",
    })
    void parseRejectsMalformedText(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HlcTimestamp.parse(text))
                .withMessageContaining("HLC");
    }

    @Test
    void constructorRejectsOutOfRangeValues() {
        assertThatIllegalArgumentException().isThrownBy(() -> new HlcTimestamp(-1, 0))
                .withMessageContaining("physical");
        assertThatIllegalArgumentException().isThrownBy(() -> new HlcTimestamp(Long.MIN_VALUE, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new HlcTimestamp(MAX_MILLIS + 1, 0))
                .withMessageContaining("physical");
        assertThatIllegalArgumentException().isThrownBy(() -> new HlcTimestamp(Long.MAX_VALUE, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new HlcTimestamp(0, -1))
                .withMessageContaining("logical");
        assertThatIllegalArgumentException().isThrownBy(() -> new HlcTimestamp(0, MAX_LOGICAL + 1))
                .withMessageContaining("logical");
        assertThatIllegalArgumentException().isThrownBy(() -> new HlcTimestamp(0, Integer.MIN_VALUE));
        assertThatIllegalArgumentException().isThrownBy(() -> new HlcTimestamp(0, Integer.MAX_VALUE));
    }

    @Test
    void constructorAcceptsTheBoundaries() {
        assertThat(new HlcTimestamp(0, 0).physicalMillis()).isZero();
        HlcTimestamp max = new HlcTimestamp(MAX_MILLIS, MAX_LOGICAL);
        assertThat(max.toString()).isEqualTo("6429-10-17T02:45:55.327Z-ffff");
        assertThat(HlcTimestamp.parse(max.toString())).isEqualTo(max);
        assertThat(MAX_LOGICAL).isEqualTo(0xFFFF);
        assertThat(MAX_MILLIS)
                .isEqualTo((1L << 47) - 1)
                .isEqualTo(Instant.parse("6429-10-17T02:45:55.327Z").toEpochMilli());
    }
}
