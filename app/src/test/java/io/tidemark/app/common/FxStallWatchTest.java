package io.tidemark.app.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FxStallWatchTest {
    @Test
    void aWindowKeepsTheLongestWaitAndCountsOnlyThoseOverTheLimit() {
        FxStallWatch.Window window = new FxStallWatch.Window();
        window.add(TimeUnit.MILLISECONDS.toNanos(12));
        window.add(FxStallWatch.LIMIT_NANOS); // exactly the limit is allowed
        window.add(TimeUnit.MILLISECONDS.toNanos(73));
        window.add(TimeUnit.MILLISECONDS.toNanos(51));

        assertThat(window.describe("FX thread blocked")).isEqualTo("FX thread blocked longest 73.0 ms, 2 over 50 ms (4 samples)");
        window.reset();
        assertThat(window.describe("pulse gap")).isEqualTo("pulse gap longest 0.0 ms, 0 over 50 ms (0 samples)");
    }
}
