package io.tidemark.engine.transport;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.protocol.Message;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

/** An authenticated connection to one member, for request/response traffic such as pulls. */
public interface PeerChannel {
    DeviceId peer();

    /**
     * Sends the request built for a fresh request id and completes with the matching response, or
     * exceptionally on timeout, on an error reply, or when the connection closes.
     */
    <R extends Message.Response> CompletableFuture<R> request(LongFunction<? extends Message.Request> build, Class<R> type,
                                                              Duration timeout);

    /**
     * Queues a notice for sending without waiting. False if the connection's bounded queue is full or
     * it is closing: the notice was dropped and the caller must fall back to a catch-up.
     */
    boolean offer(Message.Notice notice);

    boolean isOpen();
}
