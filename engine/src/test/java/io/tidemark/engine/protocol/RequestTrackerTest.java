package io.tidemark.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.engine.protocol.Message.ErrorMessage;
import io.tidemark.engine.protocol.Message.Pong;
import io.tidemark.engine.protocol.ProtocolException.Reason;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestTrackerTest {
    private static final Duration LONG = Duration.ofMinutes(5);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final RequestTracker tracker = new RequestTracker(scheduler);

    @AfterEach
    void shutDown() {
        scheduler.shutdownNow();
    }

    @Test
    void idsAreFreshAndPositive() {
        assertThat(tracker.nextRequestId()).isEqualTo(1);
        assertThat(tracker.nextRequestId()).isEqualTo(2);
    }

    @Test
    void completesOnceAndIgnoresLateDuplicates() {
        long id = tracker.nextRequestId();
        CompletableFuture<Pong> future = tracker.expect(id, Pong.class, LONG);
        Pong pong = new Pong(id, 1, 2, 3);

        assertThat(tracker.complete(pong)).isTrue();
        assertThat(future).isCompletedWithValue(pong);
        assertThat(tracker.complete(new Pong(id, 9, 9, 9))).isFalse();
        assertThat(future).isCompletedWithValue(pong);
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void unknownIdIsIgnored() {
        assertThat(tracker.complete(new Pong(42, 1, 2, 3))).isFalse();
    }

    @Test
    void timeoutFiresAndNamesTheRequestThenLateResponseIsIgnored() {
        long id = tracker.nextRequestId();
        CompletableFuture<Pong> future = tracker.expect(id, Pong.class, Duration.ofMillis(50));

        assertThat(future).failsWithin(WAIT).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(TimeoutException.class)
                .withMessageContaining("Request " + id).withMessageContaining("Pong").withMessageContaining("50 ms");
        assertThat(tracker.pendingCount()).isZero();
        assertThat(tracker.complete(new Pong(id, 1, 2, 3))).isFalse();
    }

    @Test
    void responseCancelsTheTimeout() throws Exception {
        RecordingScheduler recording = new RecordingScheduler();
        RequestTracker t = new RequestTracker(recording.executor);
        CompletableFuture<Pong> future = t.expect(1, Pong.class, LONG);
        t.complete(new Pong(1, 1, 2, 3));
        assertThat(future).isCompleted();
        assertThat(recording.lastTimer().isCancelled()).isTrue();
        recording.executor.shutdownNow();
    }

    @Test
    void wrongResponseTypeCompletesExceptionally() {
        CompletableFuture<ErrorMessage> future = tracker.expect(5, ErrorMessage.class, LONG);
        assertThat(tracker.complete(new Pong(5, 1, 2, 3))).isTrue();
        assertThat(future).failsWithin(WAIT).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_MESSAGE))
                .withMessageContaining("expected ErrorMessage").withMessageContaining("Pong");
    }

    @Test
    void errorResponseCompletesWithRemoteError() {
        CompletableFuture<Pong> future = tracker.expect(6, Pong.class, LONG);
        assertThat(tracker.complete(new ErrorMessage(6, "busy", "try later"))).isTrue();
        assertThat(future).failsWithin(WAIT).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(RemoteErrorException.class,
                        e -> assertThat(e.code()).isEqualTo("busy"))
                .withMessageContaining("try later");
    }

    @Test
    void failAllFailsOutstandingAndLaterRequests() {
        CompletableFuture<Pong> a = tracker.expect(1, Pong.class, LONG);
        CompletableFuture<Pong> b = tracker.expect(2, Pong.class, LONG);
        IOException closed = new IOException("connection closed");

        tracker.failAll(closed);

        for (CompletableFuture<Pong> f : List.of(a, b, tracker.expect(3, Pong.class, LONG))) {
            assertThat(f).failsWithin(WAIT).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCause(closed);
        }
        assertThat(tracker.pendingCount()).isZero();
        assertThat(tracker.complete(new Pong(1, 1, 2, 3))).isFalse();
    }

    @Test
    void duplicateOutstandingIdIsRejected() {
        tracker.expect(1, Pong.class, LONG);
        assertThatThrownBy(() -> tracker.expect(1, Pong.class, LONG)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void cancellingForgetsTheRequest() {
        CompletableFuture<Pong> future = tracker.expect(1, Pong.class, LONG);
        future.cancel(false);
        assertThat(tracker.pendingCount()).isZero();
        assertThat(tracker.complete(new Pong(1, 1, 2, 3))).isFalse();
    }

    @Test
    void shutDownSchedulerFailsTheRequestInsteadOfLeakingIt() {
        scheduler.shutdown();
        assertThat(tracker.expect(1, Pong.class, LONG)).isCompletedExceptionally();
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void rejectsNonPositiveTimeout() {
        assertThatThrownBy(() -> tracker.expect(1, Pong.class, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentRequestsEachCompleteExactlyOnce() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<CompletableFuture<Pong>>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<CompletableFuture<Pong>> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        long id = tracker.nextRequestId();
                        mine.add(tracker.expect(id, Pong.class, LONG));
                        assertThat(tracker.complete(new Pong(id, id, 0, 0))).isTrue();
                    }
                    return mine;
                }));
            }
            start.countDown();
            for (Future<List<CompletableFuture<Pong>>> r : results) {
                for (CompletableFuture<Pong> f : r.get(30, TimeUnit.SECONDS)) {
                    assertThat(f).isCompleted();
                    assertThat(f.join().pingSentAtMillis()).isEqualTo(f.join().requestId());
                }
            }
            assertThat(tracker.pendingCount()).isZero();
            assertThat(tracker.nextRequestId()).isEqualTo((long) threads * perThread + 1);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Records scheduled timers without running them, so timer cancellation can be checked deterministically. */
    private static final class RecordingScheduler {
        final List<java.util.concurrent.ScheduledFuture<?>> timers = new ArrayList<>();
        final java.util.concurrent.ScheduledThreadPoolExecutor executor =
                new java.util.concurrent.ScheduledThreadPoolExecutor(1) {
                    @Override
                    public java.util.concurrent.ScheduledFuture<?> schedule(Runnable command, long delay,
                            TimeUnit unit) {
                        java.util.concurrent.ScheduledFuture<?> f = super.schedule(command, delay, unit);
                        timers.add(f);
                        return f;
                    }
                };

        java.util.concurrent.ScheduledFuture<?> lastTimer() {
            return timers.get(timers.size() - 1);
        }
    }
}
