package io.tidemark.engine.sync;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.LogPosition;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.store.library.LibraryStore;
import java.util.UUID;

/**
 * Answers members' requests: pages of records, the watermark exchange, recovery and shared-repair
 * questions, and pages of the shared log. A device serves another owner's records only up to its
 * own watermark, so it never hands out rows that have a hole before them.
 */
final class RequestServer {
    private final SyncContext ctx;
    private final Sessions sessions;
    private final OurMarks ourMarks;
    private final MemberStanding standing;
    private final GapRepairs repairs;
    private final Rounds rounds;
    private final SharedLogSync shared;
    private final RecoveryServer recoveryServer;
    private final PageReadAhead readAhead;

    RequestServer(SyncContext ctx, Sessions sessions, OurMarks ourMarks, MemberStanding standing, GapRepairs repairs, Rounds rounds,
                  SharedLogSync shared, RecoveryServer recoveryServer, PageReadAhead readAhead) {
        this.ctx = ctx;
        this.sessions = sessions;
        this.ourMarks = ourMarks;
        this.standing = standing;
        this.repairs = repairs;
        this.rounds = rounds;
        this.shared = shared;
        this.recoveryServer = recoveryServer;
        this.readAhead = readAhead;
    }

    Message.Response serve(DeviceId peer, Message.Request request) {
        if (sessions.isPaused(peer)) {
            // Pause stops traffic both ways, as a person pausing a metered link expects; the member
            // shows the reason instead of silently waiting.
            throw new IllegalStateException("sync with this device is paused on " + ctx.names().all().getOrDefault(ctx.self(),
                    "the other device"));
        }
        return switch (request) {
            case Message.PullRequest pull -> servePull(peer, pull);
            case Message.WatermarkRequest exchange -> serveExchange(peer, exchange);
            case Message.RecoverRequest recover -> {
                Message.RecoverPage page = recoveryServer.serve(peer, recover);
                ctx.metrics().recordsOut(peer, page.records().size() + page.deleted().size());
                yield page;
            }
            case Message.SharedBucketsRequest buckets -> repairs.sharedRepair().serveBuckets(buckets);
            case Message.SharedReconcileRequest reconcile -> {
                SharedRepair.Served served = repairs.sharedRepair().serveReconcile(reconcile);
                ctx.metrics().recordsOut(peer, served.page().changes().size());
                if (served.requesterNewer() > 0) {
                    rounds.request(sessions.of(peer), "the member holds shared records this device lacks");
                }
                yield served.page();
            }
            case Message.SharedPullRequest sharedPull -> {
                Message.SharedPullPage page = shared.serve(peer, sharedPull);
                ctx.metrics().recordsOut(peer, page.changes().size());
                yield page;
            }
            default -> throw new IllegalArgumentException("unsupported sync request " + request.getClass().getSimpleName());
        };
    }

    /** Forgets pages read ahead for a member that left. */
    void disconnected(DeviceId peer) {
        readAhead.forget(peer);
    }

    private Message.PullPage servePull(DeviceId peer, Message.PullRequest request) {
        ResourceType type = ResourceType.fromWireName(request.resource());
        if (!type.deviceOwned()) {
            throw new IllegalArgumentException(type.wireName() + " is not pulled by cursor");
        }
        UUID owner = UUID.fromString(request.owner());
        Cursor after = new Cursor(request.afterStamp(), UUID.fromString(request.afterUuid()));
        int limit = Math.min(request.limit(), LibraryStore.DEFAULT_PAGE_SIZE);
        LibraryStore library = ctx.library();
        // Another owner's rows only up to our watermark: past it we may hold pushed rows with a hole
        // before them, and serving those would let the puller advance across the hole.
        Cursor cap = owner.equals(ctx.self()) ? null : ctx.sync().watermarks().vouchedFor(owner, type);
        PageReadAhead.Key key = new PageReadAhead.Key(peer, owner, type, after, limit, cap);
        // A page read ahead has no remaining count; one asked with a count is read now (a different
        // request drops what was kept, see PageReadAhead).
        LibraryStore.OwnedChanges changes = request.countRemaining() ? null : readAhead.take(key);
        if (changes == null) {
            changes = library.changes(owner, type, after, cap, limit, request.countRemaining());
        }
        if (changes.size() == limit) {
            // A full page: the member will most likely ask for the next one right away.
            PageReadAhead.Key next = new PageReadAhead.Key(peer, owner, type, changes.last(), limit, cap);
            readAhead.readAhead(next, () -> library.changes(owner, type, next.after(), cap, limit, false));
        }
        ctx.metrics().recordsOut(peer, changes.size());
        return new Message.PullPage(request.requestId(), request.owner(), request.resource(), changes.records(),
                changes.deleted(), changes.remaining());
    }

    private Message.WatermarkResponse serveExchange(DeviceId peer, Message.WatermarkRequest request) {
        PeerSession session = sessions.of(peer);
        Marks ours = ourMarks.read();
        standing.remember(session, request.marks());
        repairs.trustWhatTheOwnerConfirms(session, ours);
        session.peerPulledOurs = request.sharedPulled();
        LogPosition head = shared.heldBy(peer, request.sharedPulled());
        if (!sessions.isPaused(peer)) {
            if (!standing.behind(session, ours).isEmpty()) {
                rounds.request(session, "the member holds records this device lacks");
            } else if (!session.running.get() && session.connected() && session.lastExchange != null) {
                standing.settle(session, ours);
            }
        }
        return new Message.WatermarkResponse(request.requestId(), request.marks(), ours.all(), head.incarnation(), head.seq());
    }
}
