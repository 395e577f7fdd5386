package io.tidemark.engine.sync;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.Tombstone;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.store.sync.Checkpoint;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Pulls one (owner, type) from a member in cursor pages until it has nothing more, resuming from
 * the furthest of our watermark and any member's checkpoint.
 *
 * <p>Order of commits is what keeps gaps out: a page is committed to library.db first; only then do
 * the watermark and checkpoint move, together, in sync.db, to the last record applied. A pull stops
 * between pages when sync with the member is paused or a resync of the key is asked for.
 */
final class KeyPuller {
    /** Pages of one pull between remaining counts: counting is a scan of the rest of the range, so not on every page. */
    private static final int COUNT_EVERY = 20;

    private final SyncContext ctx;
    private final KeyWatermarks watermarks;
    private final Sessions sessions;

    KeyPuller(SyncContext ctx, KeyWatermarks watermarks, Sessions sessions) {
        this.ctx = ctx;
        this.watermarks = watermarks;
        this.sessions = sessions;
    }

    /** @return records applied, or -1 if another pull (or recovery) of that (owner, type) is running */
    long pull(PeerSession session, SyncKey key) {
        Optional<KeyWatermarks.Hold> held = watermarks.tryHold(key);
        if (held.isEmpty()) {
            return -1;
        }
        try (KeyWatermarks.Hold hold = held.get()) {
            return pull(session, key, hold);
        }
    }

    private long pull(PeerSession session, SyncKey key, KeyWatermarks.Hold hold) {
        UUID owner = key.owner();
        ResourceType type = key.type();
        java.time.Clock clock = ctx.clock();
        SyncEngine.Listener listener = ctx.listener();
        Optional<Cursor> watermark = hold.stored();
        Optional<Checkpoint> checkpoint = ctx.sync().checkpoints().latest(owner, type);
        Cursor cursor = watermark.orElse(Cursor.START);
        if (checkpoint.isPresent() && checkpoint.get().cursor().compareTo(cursor) > 0) {
            cursor = checkpoint.get().cursor();
        }
        Instant started = checkpoint.map(Checkpoint::startedAt).orElse(clock.instant());
        KeyProgress estimate = session.progress.get(key);
        KeyProgress progress = KeyProgress.start(checkpoint.map(Checkpoint::recordsDone).orElse(0L),
                checkpoint.map(Checkpoint::recordsTotal).orElse(estimate == null ? 0L : estimate.total()),
                watermark.isEmpty() || checkpoint.isPresent(), clock.instant());
        session.progress.put(key, progress);
        if (checkpoint.isPresent()) {
            // Says, after a crash or a cut, that the pull went on from the committed pages instead of starting over.
            Checkpoint from = checkpoint.get();
            ctx.events().event("sync.backfill_resumed", session.peer, String.format(Locale.ROOT,
                    "Resumed the backfill of %s of %s from %s after %d of %d records", type.wireName(), owner,
                    session.peer.shortForm(), from.recordsDone(), from.recordsTotal()));
        }
        long applied = 0;
        boolean complete = false;
        // One page ahead: the member reads and encodes the next page while this one is applied
        // (a backfill then costs about its slower side, not the sum of both).
        int pages = 0;
        CompletableFuture<Message.PullPage> ahead = askPage(session, owner, type, cursor, pages);
        try {
            while (session.connected() && !sessions.isPaused(session.peer) && !hold.resetAsked()) {
                Cursor after = cursor;
                Message.PullPage page = ctx.calls().await(ahead);
                ahead = null;
                requireKey(page.owner(), page.resource(), owner, type);
                List<OwnedRecord> records = page.records();
                List<Tombstone> deleted = page.deleted();
                if (records.isEmpty() && deleted.isEmpty()) {
                    complete = true;
                    break; // nothing after the cursor: nothing moves
                }
                Cursor last = checkOrder(records, deleted, owner, after);
                ahead = askPage(session, owner, type, last, ++pages);
                int rows = records.size() + deleted.size();
                listener.received(session.peer, owner, type, rows);
                ctx.library().applyChanges(records, deleted);
                listener.applied(owner, type, rows);
                ctx.metrics().recordsIn(session.peer, rows);
                progress = progress.page(rows, page.remaining(), clock.instant());
                hold.pageCommitted(last, new Checkpoint(owner, type, session.peer.bytes(), last, progress.done(), progress.total(),
                        started, clock.instant()));
                session.progress.put(key, progress);
                listener.pageDone(session.peer, owner, type, rows, progress.done(), progress.total());
                cursor = last;
                applied += rows;
            }
        } finally {
            if (ahead != null) {
                ahead.cancel(false); // the pull stopped: the page asked for ahead is not applied
            }
        }
        if (complete) {
            hold.pullComplete();
            session.progress.put(key, progress.finished(clock.instant()));
            if (applied > 0) {
                Map<UUID, String> names = ctx.names().all();
                ctx.events().event("sync.pulled", session.peer, String.format(Locale.ROOT, "%s %s from %s, from %s",
                        progress.backfill() ? "Backfilled" : "Caught up on", type.counted(applied),
                        DeviceNames.owner(names, owner), names.getOrDefault(session.owner, session.peer.shortForm())));
            }
        }
        return applied;
    }

    private CompletableFuture<Message.PullPage> askPage(PeerSession session, UUID owner, ResourceType type, Cursor after, int page) {
        return ctx.calls().ask(session, id -> new Message.PullRequest(id, owner.toString(), type.wireName(), after.stamp(),
                after.uuid().toString(), ctx.options().pageSize(), page % COUNT_EVERY == 0), Message.PullPage.class);
    }

    /** A page must answer for the (owner, type) asked: its records are applied under that key's watermark. */
    private static void requireKey(String pageOwner, String pageResource, UUID owner, ResourceType type) {
        if (!pageOwner.equals(owner.toString()) || !pageResource.equals(type.wireName())) {
            throw new IllegalStateException("the peer answered with " + pageResource + " of " + pageOwner + " for " + type.wireName()
                    + " of " + owner + "; it was not applied");
        }
    }

    /**
     * A page or realtime batch must hold the asked owner's rows and deletes, each in cursor order,
     * after the cursor: else applying it could make us skip rows. Returns its last cursor.
     */
    static Cursor checkOrder(List<OwnedRecord> records, List<Tombstone> deleted, UUID owner, Cursor after) {
        Cursor previous = after;
        for (OwnedRecord r : records) {
            if (!r.owner().equals(owner) || r.cursor().compareTo(previous) <= 0) {
                throw new IllegalStateException("the peer sent a page out of order or for another owner; it was not applied");
            }
            previous = r.cursor();
        }
        Cursor last = previous;
        previous = after;
        for (Tombstone t : deleted) {
            if (t.cursor().compareTo(previous) <= 0) {
                throw new IllegalStateException("the peer sent deletes out of order; they were not applied");
            }
            previous = t.cursor();
        }
        return previous.compareTo(last) > 0 ? previous : last;
    }
}
