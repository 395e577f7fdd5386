package io.tidemark.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Progress of a shared-log pull per shared type, from counts alone. */
class SharedPullTest {
    private static final Instant START = Instant.parse("2026-11-23T09:00:00Z");

    @Test
    void progressCountsWhatArrivedSinceTheStartAgainstTheMembersCount() {
        SharedPull pull = new SharedPull(START, Map.of("content_identity", 1_000L));
        KeyProgress p = pull.progress("content_identity", 41_000, 241_000, START.plusSeconds(10));
        assertThat(p.done()).isEqualTo(41_000);
        assertThat(p.total()).isEqualTo(241_000);
        assertThat(p.ratePerSecond()).isEqualTo(4_000.0);
        assertThat(p.etaSeconds()).isEqualTo(50);
        assertThat(p.active()).isTrue();
        assertThat(p.backfill()).as("we held some before: a catch-up").isFalse();
    }

    @Test
    void aTypeWeHadNoneOfIsABackfillAndOneThatCaughtUpIsDone() {
        SharedPull pull = new SharedPull(START, Map.of());
        assertThat(pull.progress("tag", 0, 12, START).backfill()).isTrue();
        KeyProgress done = pull.progress("tag", 12, 12, START.plusSeconds(1));
        assertThat(done.active()).isFalse();
        assertThat(done.etaSeconds()).isNull();
    }
}
