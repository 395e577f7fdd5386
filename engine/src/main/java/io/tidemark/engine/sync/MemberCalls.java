package io.tidemark.engine.sync;

import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.store.StoreException;
import io.tidemark.engine.transport.PeerChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;

/** Requests to a member over its session's connection, each answered within the request timeout or failed. */
final class MemberCalls {
    private final Duration timeout;

    MemberCalls(Duration timeout) {
        this.timeout = timeout;
    }

    /** Sends a request and waits for its answer. */
    <R extends Message.Response> R request(PeerSession session, LongFunction<? extends Message.Request> build, Class<R> type) {
        return await(ask(session, build, type));
    }

    /** Sends a request; its answer (or failure) arrives in the future. */
    <R extends Message.Response> CompletableFuture<R> ask(PeerSession session, LongFunction<? extends Message.Request> build,
                                                          Class<R> type) {
        PeerChannel channel = session.channel;
        if (channel == null || !channel.isOpen()) {
            throw new IllegalStateException("not connected");
        }
        return channel.request(build, type, timeout);
    }

    <R> R await(CompletableFuture<R> answer) {
        try {
            return answer.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(rootMessage(e), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeout.toSeconds() + " s", e);
        }
    }

    /**
     * What went wrong, without the layers it passed through: the innermost cause's message, except
     * that a store's own words (a {@link StoreException} says what happened to the database and what
     * to do) win over the SQLite text beneath them.
     */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (!(t instanceof StoreException) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
