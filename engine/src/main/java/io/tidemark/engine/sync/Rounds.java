package io.tidemark.engine.sync;

import io.tidemark.engine.protocol.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rounds with each member, one at a time per member: a watermark exchange, then every (owner, type)
 * where the member holds more than our watermark is pulled from it, in dependency order, then its
 * shared log; then the exchange runs again, until it shows nothing behind. With nothing behind, the
 * gaps the exchange shows are checked and repaired, and the member is {@code ready}. Rounds run on
 * connect, when a member says data is available, periodically, and on request; a request while a
 * round runs makes it go round once more. A failed round is retried with capped exponential backoff.
 */
final class Rounds {
    private static final Logger LOG = LoggerFactory.getLogger(Rounds.class);
    /** Passes of one round at most: a member that keeps getting new data does not hold the round forever. */
    private static final int MAX_PASSES = 100;

    private final SyncContext ctx;
    private final Executor executor;
    private final Sessions sessions;
    private final MemberStanding standing;
    private final KeyPuller puller;
    private final GapRepairs repairs;
    private final SharedLogSync shared;
    private final Notices notices;

    Rounds(SyncContext ctx, Executor executor, Sessions sessions, MemberStanding standing, KeyPuller puller, GapRepairs repairs,
           SharedLogSync shared, Notices notices) {
        this.ctx = ctx;
        this.executor = executor;
        this.sessions = sessions;
        this.standing = standing;
        this.puller = puller;
        this.repairs = repairs;
        this.shared = shared;
        this.notices = notices;
    }

    /** Asks for a round with {@code session}'s member; coalesces with one already running. */
    void request(PeerSession session, String why) {
        if (!session.connected() || sessions.isPaused(session.peer)) {
            return;
        }
        session.again.set(true);
        if (session.running.compareAndSet(false, true)) {
            LOG.debug("Round with {}: {}", session.peer.shortForm(), why);
            try {
                executor.execute(() -> runRounds(session));
            } catch (RejectedExecutionException e) {
                session.running.set(false); // closing
            }
        }
    }

    /** A round with every member (the periodic exchange). */
    void requestAll(String why) {
        sessions.all().forEach(s -> request(s, why));
    }

    private void runRounds(PeerSession session) {
        try {
            while (session.again.getAndSet(false) && session.connected() && !sessions.isPaused(session.peer)) {
                round(session);
            }
        } finally {
            session.running.set(false);
            if (session.again.get() && session.connected()) {
                request(session, "asked for while a round was ending");
            }
        }
    }

    private void round(PeerSession session) {
        try {
            for (int pass = 0; pass < MAX_PASSES && session.connected(); pass++) {
                if (sessions.isPaused(session.peer)) {
                    return; // paused while this round ran: stop at once, not after its pulls
                }
                Marks ours = standing.exchange(session);
                List<MemberStanding.Behind> behind = standing.behind(session, ours);
                boolean sharedBehind = standing.sharedBehind(session);
                if (behind.isEmpty() && !sharedBehind) {
                    boolean repaired = repairs.repairGaps(session, ours);
                    repaired |= repairs.repairShared(session, ours);
                    if (repaired) {
                        continue; // exchange again: the next pass shows what the repair left
                    }
                    standing.settle(session, ours);
                    return;
                }
                if (!pull(session, ours, behind, sharedBehind)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            failed(session, e);
        }
    }

    /**
     * A round, or a member's notice, failed: the member shows the error with its reason, and a round
     * is retried with capped exponential backoff (1 s, 2 s, … up to 60 s). A round pulls whatever a
     * failed realtime batch held, so nothing is lost.
     */
    void failed(PeerSession session, RuntimeException e) {
        if (!session.connected()) {
            return; // the disconnect callback sets offline
        }
        Instant now = ctx.clock().instant();
        if (session.retryAt != null && now.isBefore(session.retryAt)) {
            return; // a burst of failing notices: one error, one event and one retry, not one each
        }
        int failures = ++session.failures;
        long delay = Math.min(60_000L, 1_000L << Math.min(failures, 6));
        session.retryAt = now.plusMillis(delay);
        String why = MemberCalls.rootMessage(e);
        session.state(SessionState.ERROR, why + " (retrying in " + delay / 1000 + " s)");
        ctx.events().event("sync.error", session.peer, "Sync with " + ctx.names().of(session.peer) + " failed: " + why);
        ctx.timer().after(Duration.ofMillis(delay), () -> {
            session.retryAt = null;
            request(session, "retry after an error");
        });
    }

    /**
     * One pass of pulls: every key the member holds further, then its shared log.
     *
     * @return whether the round goes on (false: paused, or waiting for another member's pull)
     */
    private boolean pull(PeerSession session, Marks ours, List<MemberStanding.Behind> behind, boolean sharedBehind) {
        estimateTotals(session, behind, ours);
        boolean backfill = behind.stream().anyMatch(MemberStanding.Behind::backfill);
        SessionState pulling = backfill ? SessionState.BACKFILLING : SessionState.CATCHING_UP;
        session.state(pulling, standing.describe(behind, sharedBehind));
        long pulled = 0;
        boolean blocked = false;
        Map<UUID, String> names = ctx.names().all();
        int step = 0;
        int steps = behind.size() + (sharedBehind ? 1 : 0);
        for (MemberStanding.Behind b : behind) {
            if (sessions.isPaused(session.peer)) {
                return false;
            }
            // The reason names what is being pulled now, so it stays true while the round runs.
            session.state(pulling, String.format(Locale.ROOT, "pulling %s of %s (%d of %d)", b.key().type().wireName(),
                    names.getOrDefault(b.key().owner(), b.key().owner().toString()), ++step, steps));
            long n = puller.pull(session, b.key());
            if (n < 0) {
                blocked = true;
            } else {
                pulled += n;
            }
        }
        if (sharedBehind) {
            session.state(pulling, String.format(Locale.ROOT, "pulling shared changes (%d of %d)", ++step, steps));
            pulled += pullShared(session, ours);
        }
        if (pulled > 0) {
            notices.others(session.peer, "relayed records from " + session.peer.shortForm());
        }
        if (blocked && pulled == 0) {
            // Another member's pull holds those (owner, type)s; look again shortly.
            ctx.timer().after(Duration.ofMillis(500), () -> request(session, "retry after a concurrent pull"));
            return false;
        }
        return true;
    }

    private long pullShared(PeerSession session, Marks ours) {
        Map<String, Long> countsNow = new HashMap<>();
        ours.shared().forEach(m -> countsNow.put(m.resource(), m.count()));
        session.sharedPull = new SharedPull(ctx.clock().instant(), countsNow);
        SharedLogSync.PullResult result;
        try {
            result = shared.pull(session.channel);
        } finally {
            session.sharedPull = null;
        }
        ctx.metrics().recordsIn(session.peer, result.received());
        if (result.snapshot() || result.relayed()) {
            // Now also in our log (its whole state, or changes other devices made): tell it, or it would read
            // that echo only at its next exchange, and we would show it catching up on our log until then.
            Notices.offer(session, new Message.DataAvailable("shared changes relayed"));
        }
        return result.applied();
    }

    /**
     * Shows progress up front: before the first page of each pull, its total is what the exchange
     * says the member holds beyond our count (refined by each page's remaining count).
     */
    private void estimateTotals(PeerSession session, List<MemberStanding.Behind> behind, Marks ours) {
        Instant now = ctx.clock().instant();
        for (MemberStanding.Behind b : behind) {
            KeyProgress current = session.progress.get(b.key());
            if (current != null && current.active()) {
                continue;
            }
            Message.Mark theirs = session.peerMarks.get(b.key());
            long estimate = theirs == null ? 0 : Math.max(0, theirs.count() - ours.counts().getOrDefault(b.key(), 0L));
            session.progress.put(b.key(), KeyProgress.start(0, estimate, b.backfill(), now));
        }
    }
}
