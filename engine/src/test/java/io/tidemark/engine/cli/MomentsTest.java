package io.tidemark.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The CLI's text shows instants in the reader's zone, to the second. */
class MomentsTest {
    @Test
    void toTheSecondInTheReadersZone() {
        String iso = "2026-12-02T02:58:42.597051117Z";
        assertThat(Moments.readable(iso, ZoneOffset.UTC)).isEqualTo("2026-12-02 02:58:42");
        assertThat(Moments.readable(iso, ZoneId.of("Europe/Berlin"))).isEqualTo("2026-12-02 03:58:42");
        assertThat(Moments.readable("2026-12-31T23:30:00Z", ZoneId.of("Asia/Tokyo"))).isEqualTo("2027-01-01 08:30:00");
    }
}
