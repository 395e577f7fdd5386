package io.tidemark.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A refusal repeated at every dial is recorded once per quiet period, and then says how often it happened meanwhile. */
class RepeatedEventsTest {

    @Test
    void repeatsWithinTheQuietPeriodAreCountedAndSaidWithTheNextOne() {
        AtomicLong now = new AtomicLong(1_000);
        RepeatedEvents events = new RepeatedEvents(Duration.ofMinutes(10), now::get);
        assertThat(events.pass("refused:desk:unsupported_version", "desk refused this device: old")).contains("desk refused this device: old");
        int passed = 0;
        for (int i = 0; i < 1_200; i++) {         // four a second for five minutes
            now.addAndGet(250);
            passed += events.pass("refused:desk:unsupported_version", "desk refused this device: old").isPresent() ? 1 : 0;
        }
        assertThat(passed).isZero();
        now.addAndGet(Duration.ofMinutes(5).toMillis());
        assertThat(events.pass("refused:desk:unsupported_version", "desk refused this device: old"))
                .contains("desk refused this device: old (and 1,200 times more in the 10 min before)");
        now.addAndGet(Duration.ofMinutes(11).toMillis());
        assertThat(events.pass("refused:desk:unsupported_version", "desk refused this device: old"))
                .as("nothing was held back since").contains("desk refused this device: old");
    }

    @Test
    void eachKeyHasItsOwnQuietPeriod() {
        AtomicLong now = new AtomicLong();
        RepeatedEvents events = new RepeatedEvents(Duration.ofMinutes(10), now::get);
        assertThat(events.pass("refused:desk:unsupported_version", "a")).contains("a");
        assertThat(events.pass("refused:nas:unsupported_version", "b")).contains("b");
        assertThat(events.pass("refused:desk:wrong_library", "c")).contains("c");
        assertThat(events.pass("refused:desk:unsupported_version", "a")).isEmpty();
        now.addAndGet(Duration.ofMinutes(10).toMillis());
        assertThat(events.pass("refused:desk:unsupported_version", "a")).contains("a (and 1 time more in the 10 min before)");
    }
}
