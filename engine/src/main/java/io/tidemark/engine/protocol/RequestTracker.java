package io.tidemark.engine.protocol;

import io.tidemark.engine.protocol.Message.ErrorMessage;
import io.tidemark.engine.protocol.Message.Response;
import io.tidemark.engine.protocol.ProtocolException.Reason;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches responses to outstanding requests on one connection, by request id, with a timeout on every request.
 *
 * <p>Why a separate class: the reader thread sees responses, other threads send requests, and every request must end
 * exactly once: with its response, with the peer's error, with a timeout, or when the connection closes. Keeping that
 * bookkeeping here keeps the connection code simple and makes the races testable.
 *
 * <p>Owns no threads: timeouts run on the supplied scheduler, which the caller owns and shuts down. Futures complete
 * on whichever thread resolves them (the reader thread, a scheduler thread, or the one calling {@link #failAll}), so
 * callers should not run blocking work in dependent stages without an executor. Thread-safe.
 */
public final class RequestTracker {
    private static final Logger LOG = LoggerFactory.getLogger(RequestTracker.class);

    private final ScheduledExecutorService scheduler;
    private final AtomicLong lastRequestId = new AtomicLong();
    private final Map<Long, Pending<?>> pending = new ConcurrentHashMap<>();
    private volatile Throwable closedBy;

    public RequestTracker(ScheduledExecutorService scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /** A fresh id for this connection: 1, 2, 3, ... (0 is reserved for "about no request"). */
    public long nextRequestId() {
        return lastRequestId.incrementAndGet();
    }

    /**
     * Registers an outstanding request; call before sending it, so a fast response cannot arrive unexpected.
     *
     * <p>The future completes with the response, or exceptionally with a {@link TimeoutException} naming the request,
     * a {@link RemoteErrorException} when the peer answered with an {@link ErrorMessage}, a {@link ProtocolException}
     * ({@link Reason#UNEXPECTED_MESSAGE}) when the response has the wrong type, or the cause given to
     * {@link #failAll}. Cancelling the future forgets the request.
     *
     * @throws IllegalStateException if the id is already outstanding
     */
    public <R extends Response> CompletableFuture<R> expect(long requestId, Class<R> type, Duration timeout) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        CompletableFuture<R> future = new CompletableFuture<>();
        Throwable closed = closedBy;
        if (closed != null) {
            future.completeExceptionally(closed);
            return future;
        }
        Pending<R> entry = new Pending<>(requestId, type, future);
        if (pending.putIfAbsent(requestId, entry) != null) {
            throw new IllegalStateException("Request " + requestId + " is already outstanding");
        }
        ScheduledFuture<?> timer;
        try {
            Runnable expire = () -> future.completeExceptionally(new TimeoutException("Request " + requestId
                    + " awaiting " + type.getSimpleName() + " got no response within " + timeout.toMillis() + " ms"));
            timer = scheduler.schedule(expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            pending.remove(requestId, entry);
            future.completeExceptionally(e);
            return future;
        }
        future.whenComplete((r, e) -> {
            pending.remove(requestId, entry);
            timer.cancel(false);
        });
        // failAll may have run between the first check and putIfAbsent, and missed this entry.
        closed = closedBy;
        if (closed != null) {
            future.completeExceptionally(closed);
        }
        return future;
    }

    /**
     * Resolves the request this response answers.
     *
     * @return true if the response resolved an outstanding request (even exceptionally, for a wrong type or an
     *     {@link ErrorMessage}); false for an unknown id or a late response after a timeout, which is ignored
     */
    public boolean complete(Response response) {
        Objects.requireNonNull(response, "response");
        Pending<?> entry = pending.remove(response.requestId());
        if (entry == null) {
            LOG.debug("Ignoring {} for request {}: unknown, already answered or timed out",
                    response.getClass().getSimpleName(), response.requestId());
            return false;
        }
        return entry.resolve(response);
    }

    /** Fails every outstanding request, and every later {@link #expect}, with {@code cause}: the connection closed. */
    public void failAll(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        closedBy = cause;
        for (Pending<?> entry : pending.values()) {
            entry.future.completeExceptionally(cause);
        }
        pending.clear();
    }

    /** Outstanding requests, for metrics and tests. */
    public int pendingCount() {
        return pending.size();
    }

    private record Pending<R extends Response>(long requestId, Class<R> type, CompletableFuture<R> future) {
        boolean resolve(Response response) {
            if (type.isInstance(response)) {
                return future.complete(type.cast(response));
            }
            if (response instanceof ErrorMessage error) {
                return future.completeExceptionally(new RemoteErrorException(error));
            }
            return future.completeExceptionally(new ProtocolException(Reason.UNEXPECTED_MESSAGE, "Request "
                    + requestId + " expected " + type.getSimpleName() + " but the peer answered with "
                    + response.getClass().getSimpleName()));
        }
    }
}
