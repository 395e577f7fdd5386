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
}
