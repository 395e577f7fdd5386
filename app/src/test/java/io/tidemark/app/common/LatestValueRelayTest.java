package io.tidemark.app.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LatestValueRelayTest {

    @Test
    void aFastProducerIsDeliveredLatestFirstWithFewHandOversAndNothingLost() throws Exception {
        ExecutorService fx = Executors.newSingleThreadExecutor();
        AtomicInteger handOvers = new AtomicInteger();
        AtomicInteger deliveries = new AtomicInteger();
        AtomicLong last = new AtomicLong();
        AtomicLong outOfOrder = new AtomicLong();
        try {
            LatestValueRelay<Long> relay = new LatestValueRelay<>(r -> {
                handOvers.incrementAndGet();
                fx.execute(r);
            }, v -> {
                deliveries.incrementAndGet();
                if (v < last.get()) {
                    outOfOrder.incrementAndGet();
                }
                last.set(v);
            });
            int n = 200_000;
            Thread producer = new Thread(() -> {
                for (long i = 1; i <= n; i++) {
                    relay.offer(i);
                }
            });
            producer.start();
            producer.join();

            await().atMost(Duration.ofSeconds(10)).until(() -> last.get() == n);
            assertThat(outOfOrder).hasValue(0);
            assertThat(deliveries.get()).isLessThanOrEqualTo(handOvers.get());
            assertThat(handOvers.get()).isLessThan(n);
        } finally {
            fx.shutdownNow();
        }
    }

    @Test
    void closedRelayDropsPendingAndLaterValues() {
        java.util.List<Runnable> queued = new java.util.ArrayList<>();
        java.util.List<String> got = new java.util.ArrayList<>();
        LatestValueRelay<String> relay = new LatestValueRelay<>(queued::add, got::add);
        relay.offer("a");
        relay.close();
        relay.offer("b");
        queued.forEach(Runnable::run);
        assertThat(got).isEmpty();
    }
}
