package io.tidemark.engine.sync;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.store.library.LibraryStore.OwnedChanges;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Serving side of a long pull: after a full page goes out, the next one is read while the first
 * travels and is applied, so the member's request for it is answered at once. Without this the
 * serving device sat idle while the member applied a page, then the member sat idle while it read
 * the next, and a backfill took the sum of both sides instead of the slower one.
 *
 * <p>A page read a moment early is exactly the page a request at that moment would have got: stamps
 * come from the owner's clock at commit, so anything committed since sorts after it and comes in a
 * later page; a row deleted since is followed by its tombstone. It is used only for the very same
 * request (member, owner, type, cursor, limit and cap); anything else drops it. One page is kept per
 * member, since a member pulls one (owner, type) from us at a time.
 */
final class PageReadAhead {
    /** What a page was read for. {@code cap} is the watermark we served up to (null: our own records). */
    record Key(DeviceId peer, UUID owner, ResourceType type, Cursor after, int limit, Cursor cap) {
    }

    private record Pending(Key key, CompletableFuture<OwnedChanges> page) {
    }

    private final Map<DeviceId, Pending> pending = new ConcurrentHashMap<>();
    private final Executor executor;

    PageReadAhead(Executor executor) {
        this.executor = executor;
    }

    /** The page read ahead for exactly {@code key}, or null; either way nothing stays kept for that member. */
    OwnedChanges take(Key key) {
        Pending p = pending.remove(key.peer());
        if (p == null) {
            return null;
        }
        if (!p.key().equals(key)) {
            p.page().cancel(false);
            return null;
        }
        try {
            return p.page().join();
        } catch (CompletionException | CancellationException e) {
            return null; // the early read failed: read it now, and report that failure if it repeats
        }
    }

    /** Starts reading the page for {@code next}, replacing whatever was kept for that member. */
    void readAhead(Key next, Supplier<OwnedChanges> read) {
        Pending previous = pending.put(next.peer(), new Pending(next, CompletableFuture.supplyAsync(read, executor)));
        if (previous != null) {
            previous.page().cancel(false);
        }
    }

    /** Drops what was kept for a member that went away. */
    void forget(DeviceId peer) {
        Pending p = pending.remove(Objects.requireNonNull(peer));
        if (p != null) {
            p.page().cancel(false);
        }
    }
}
