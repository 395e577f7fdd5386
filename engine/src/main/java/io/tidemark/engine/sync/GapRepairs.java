package io.tidemark.engine.sync;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.KeySummary;
import io.tidemark.engine.model.LogPosition;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SyncOrder;
import io.tidemark.engine.protocol.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Gaps between this device and a member: found by the exchange ({@link GapDetector} for device-owned
 * keys, summaries for shared types), confirmed at a second exchange, and repaired surgically, by
 * the round or by hand (with a dry run first if asked). Each repair writes an audit event.
 */
final class GapRepairs {
    private final SyncContext ctx;
    private final KeyWatermarks watermarks;
    private final Sessions sessions;
    private final MemberStanding standing;
    private final OurMarks ourMarks;
    private final Notices notices;
    private final RecentPushes recentPushes;
    private final RestoreGuard restoreGuard;
    private final GapRecovery recovery;
    private final SharedRepair sharedRepair;
    private final SharedLogSync shared;
    private final RecoveryWords words;

    GapRepairs(SyncContext ctx, KeyWatermarks watermarks, Sessions sessions, MemberStanding standing, OurMarks ourMarks,
               Notices notices, RecentPushes recentPushes, RestoreGuard restoreGuard, SharedLogSync shared) {
        this.ctx = ctx;
        this.watermarks = watermarks;
        this.sessions = sessions;
        this.standing = standing;
        this.ourMarks = ourMarks;
        this.notices = notices;
        this.recentPushes = recentPushes;
        this.restoreGuard = restoreGuard;
        this.shared = shared;
        this.recovery = new GapRecovery(ctx.library(), ctx.clock(), restoreGuard);
        this.sharedRepair = new SharedRepair(ctx.library(), shared, ctx.clock());
        this.words = new RecoveryWords(ctx.names());
    }

    SharedRepair sharedRepair() {
        return sharedRepair;
    }

    // ---------------------------------------------------------------------------------------------
    // In a round

    /**
     * Repairs the gaps the last exchange shows with this member, each after a second exchange still
     * shows it (the first sighting only marks it "checking").
     *
     * @return whether anything was checked or repaired (the round then exchanges again)
     */
    boolean repairGaps(PeerSession session, Marks ours) {
        trustWhatTheOwnerConfirms(session, ours);
        List<GapDetector.Gap> gaps = GapDetector.find(ctx.self(), session.owner, ours, session.peerMarks, lostCheck(session));
        boolean acted = false;
        Set<SyncKey> current = new HashSet<>();
        for (GapDetector.Gap gap : gaps) {
            SyncKey key = gap.key();
            current.add(key);
            if (recentPushes.lately(key)) {
                continue; // a realtime burst: the next exchange looks again
            }
            if (attempt(gap).equals(session.fruitless.get(key))) {
                continue; // the last recovery from these very summaries moved nothing: wait for either side to change
            }
            RecoveryView now = session.recoveries.get(key);
            if (now == null || now.phase() != RecoveryView.Phase.CHECKING) {
                session.recoveries.put(key, new RecoveryView(RecoveryView.Phase.CHECKING, 0, 0, now == null ? null : now.last()));
                session.state(SessionState.RECOVERING, "checking " + words.gap(gap));
                acted = true;
                continue;
            }
            runRecovery(session, gap, false);
            acted = true;
        }
        // A gap that the exchange no longer shows is not being checked any more.
        session.recoveries.replaceAll((key, view) -> view.phase() == RecoveryView.Phase.CHECKING && !current.contains(key)
                ? RecoveryView.idle(view.last()) : view);
        return acted;
    }

    /**
     * Shared types whose summary differs from the member's while each side has pulled all of the
     * other's log: then both should hold the same versions, and what differs is repaired from both
     * sides, each fetching what the other holds newer ({@link SharedRepair}). Confirmed at a second
     * exchange before anything moves, and not retried from the same summaries once it moved nothing.
     */
    boolean repairShared(PeerSession session, Marks ours) {
        LogPosition pulledOurs = session.peerPulledOurs;
        if (pulledOurs == null || shared.hasNewFor(session.owner, pulledOurs)) {
            session.sharedChecking.clear();
            return false; // the member is still reading our log: its summary is not comparable yet
        }
        List<SharedDifference> differences = sharedDifferences(session, ours);
        session.sharedChecking.retainAll(differences.stream().map(SharedDifference::type).toList());
        boolean acted = false;
        for (SharedDifference d : differences) {
            if (d.attempt().equals(session.sharedFruitless.get(d.type()))) {
                continue;
            }
            if (session.sharedChecking.add(d.type())) {
                session.state(SessionState.RECOVERING, "checking " + words.sharedGap(session, d));
                acted = true;
                continue;
            }
            runSharedRepair(session, d, false);
            acted = true;
        }
        return acted;
    }

    /**
     * An unverified watermark of the member's own records is verified again once we stand at (or
     * past) its newest position and our summary equals its: then we hold exactly what it holds there.
     */
    void trustWhatTheOwnerConfirms(PeerSession session, Marks ours) {
        Set<SyncKey> unverified = ourMarks.unverified();
        if (unverified.isEmpty()) {
            return;
        }
        for (SyncKey key : unverified) {
            Message.Mark theirs = session.peerMarks.get(key);
            Cursor mine = ours.watermarks().get(key);
            if (key.owner().equals(session.owner) && theirs != null && mine != null
                    && mine.compareTo(MemberStanding.cursor(theirs)) >= 0
                    && ours.summary(key).sameAs(GapDetector.summary(key, theirs))) {
                ctx.sync().watermarks().setUnverified(key.owner(), key.type(), false);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // By hand

    /**
     * Dry run: the keys whose summaries differ from the member's (of {@code owner} and of {@code type}
     * only, each if given) and what a recovery would move for each, asked of the member without moving
     * anything.
     */
    List<SyncEngine.RecoveryOutcome> plan(DeviceId peer, UUID owner, ResourceType type) {
        PeerSession session = connectedSession(peer);
        standing.exchange(session); // the member's summaries as they are now, as the real run sees them
        Marks ours = ourMarks.read();
        List<SyncEngine.RecoveryOutcome> out = new ArrayList<>();
        for (GapDetector.Gap gap : GapDetector.findAny(ctx.self(), session.owner, ours, session.peerMarks, lostCheck(session))) {
            if (!wanted(gap, owner, type)) {
                continue;
            }
            GapRecovery.Plan plan = recovery.plan(gap.key(), gap.upTo(), mode(gap),
                    build -> ctx.calls().request(session, build, Message.RecoverPage.class));
            out.add(new SyncEngine.RecoveryOutcome(gap.key().owner(), gap.key().type(), gap.ours().items(), gap.theirs().items(),
                    plan.toFetch(), plan.toRemove(), plan.bytes(), 0, 0, gap.ours().items(), gap.reclaim(), true));
        }
        for (SharedDifference d : sharedDifferences(session, ours)) {
            if (owner == null && (type == null || type == d.type())) {
                SharedRepair.Plan plan = sharedRepair.plan(d.type(), d.there(),
                        (build, answer) -> ctx.calls().request(session, build, answer));
                out.add(new SyncEngine.RecoveryOutcome(null, d.type(), d.here().items(), d.there().items(), plan.toFetch(), 0,
                        plan.bytes(), 0, 0, d.here().items(), false, true));
            }
        }
        return out;
    }

    /**
     * Recovers now, by hand, every key whose summary differs from the member's (of {@code owner} and of
     * {@code type} only, each if given): with its owner, or with a member up to that member's watermark.
     *
     * @return what each recovery did
     */
    List<SyncEngine.RecoveryOutcome> recoverNow(DeviceId peer, UUID owner, ResourceType type) {
        PeerSession session = connectedSession(peer);
        standing.exchange(session);
        Marks ours = ourMarks.read();
        List<SyncEngine.RecoveryOutcome> out = new ArrayList<>();
        ctx.events().event("sync.recover", peer, "Surgical recovery with " + ctx.names().of(peer) + " asked for");
        for (GapDetector.Gap gap : GapDetector.findAny(ctx.self(), session.owner, ours, session.peerMarks, lostCheck(session))) {
            if (!wanted(gap, owner, type)) {
                continue;
            }
            GapRecovery.Result r = runRecovery(session, gap, true);
            if (r != null) {
                out.add(new SyncEngine.RecoveryOutcome(gap.key().owner(), gap.key().type(), gap.ours().items(), gap.theirs().items(),
                        r.fetched(), r.removed(), r.bytes(), r.roundTrips(), r.took().toMillis(), r.after().items(), gap.reclaim(),
                        false));
            }
        }
        for (SharedDifference d : sharedDifferences(session, ours)) {
            if (owner == null && (type == null || type == d.type())) {
                SharedRepair.Result r = runSharedRepair(session, d, true);
                out.add(new SyncEngine.RecoveryOutcome(null, d.type(), d.here().items(), d.there().items(), r.fetched(), 0, r.bytes(),
                        r.roundTrips(), r.took().toMillis(), r.after().items(), false, false));
            }
        }
        return out;
    }

    /** Whether a recovery asked for {@code owner} and {@code type} (null: any) covers {@code gap}. */
    private static boolean wanted(GapDetector.Gap gap, UUID owner, ResourceType type) {
        return (owner == null || gap.key().owner().equals(owner)) && (type == null || gap.key().type() == type);
    }

    private PeerSession connectedSession(DeviceId peer) {
        PeerSession session = sessions.existing(peer);
        if (session == null || !session.connected()) {
            throw new IllegalStateException(ctx.names().of(peer) + " is not connected; a recovery needs it online.");
        }
        if (sessions.isPaused(peer)) {
            throw new IllegalStateException("Sync with " + ctx.names().of(peer) + " is paused; resume it first.");
        }
        return session;
    }

    // ---------------------------------------------------------------------------------------------
    // Device-owned keys

    /**
     * Recovers one key from the session's member, holding the key (a pull or another recovery of it
     * waits), and writes the audit event.
     *
     * @return the result, or null if another pull of the key held it
     */
    private GapRecovery.Result runRecovery(PeerSession session, GapDetector.Gap gap, boolean byHand) {
        SyncKey key = gap.key();
        Optional<KeyWatermarks.Hold> held = watermarks.tryHold(key);
        if (held.isEmpty()) {
            return null;
        }
        try (KeyWatermarks.Hold hold = held.get()) {
            String what = words.gap(gap);
            ctx.listener().recovering(session.peer, key.owner(), key.type(), gap.reclaim());
            session.recoveries.put(key, new RecoveryView(RecoveryView.Phase.REPAIRING, 0, 0, null));
            session.state(SessionState.RECOVERING, what + "; repairing");
            if (gap.reclaim()) {
                // New records must never reuse a version the member already holds of ours.
                ctx.library().raiseVersionCounter(key.type(), gap.theirs().maxVersion() + RestoreGuard.VERSION_RESERVE);
            }
            GapRecovery.Result r = recovery.recover(key, gap.upTo(), mode(gap),
                    build -> ctx.calls().request(session, build, Message.RecoverPage.class),
                    (done, total) -> {
                        session.recoveries.put(key, new RecoveryView(RecoveryView.Phase.REPAIRING, done, total, null));
                        session.state(SessionState.RECOVERING, String.format(Locale.ROOT, "%s; repairing %d%%", what,
                                total == 0 ? 100 : Math.min(100, done * 100 / total)));
                    });
            if (r.mode() == GapRecovery.Mode.REPAIR) {
                hold.recoveredUpTo(r.upTo()); // we now hold exactly the member's versions up to there
            }
            ctx.metrics().recordsIn(session.peer, r.fetched());
            ctx.listener().recovered(session.peer, key.owner(), key.type(), r.fetched(), r.removed());
            if (gap.reclaim()) {
                restoreGuard.reclaimed(session.peer, key.type());
            }
            if (r.fetched() == 0 && r.removed() == 0) {
                session.fruitless.put(key, attempt(gap));
            } else {
                session.fruitless.remove(key);
            }
            boolean matched = !gap.reclaim() && r.after().sameAs(gap.theirs());
            String text = words.audit(session, gap, r, byHand, matched);
            session.recoveries.put(key, RecoveryView.idle(new RecoveryView.Summary(r.fetched(), r.removed(), r.bytes(), r.roundTrips(),
                    r.took().toMillis(), r.after().rows(), r.after().deleted(), matched, ctx.clock().instant(), text)));
            ctx.events().event("sync.recovered", session.peer, text);
            if (r.fetched() > 0 || r.removed() > 0) {
                notices.others(session.peer, "recovered records from " + session.peer.shortForm());
            }
            return r;
        }
    }

    private static GapRecovery.Mode mode(GapDetector.Gap gap) {
        return gap.reclaim() ? GapRecovery.Mode.RECLAIM : GapRecovery.Mode.REPAIR;
    }

    private GapDetector.LostCheck lostCheck(PeerSession session) {
        return (type, theirs) -> restoreGuard.mayHoldLost(session.peer, type, theirs);
    }

    /** The two summaries a recovery started from: the same pair again means it would achieve nothing new. */
    private static String attempt(GapDetector.Gap gap) {
        return gap.ours() + " " + gap.theirs() + " " + gap.reclaim();
    }

    // ---------------------------------------------------------------------------------------------
    // Shared types

    /** A shared type whose summary differs from the member's last mark of it. */
    record SharedDifference(ResourceType type, KeySummary here, KeySummary there) {
        /** The two summaries a repair starts from: the same pair again means it would achieve nothing new. */
        String attempt() {
            return here + " " + there;
        }
    }

    private List<SharedDifference> sharedDifferences(PeerSession session, Marks ours) {
        Map<String, Message.Mark> mine = new HashMap<>();
        ours.shared().forEach(m -> mine.put(m.resource(), m));
        List<SharedDifference> out = new ArrayList<>();
        for (ResourceType type : SyncOrder.shared()) {
            Message.Mark theirMark = session.sharedMarks.get(type.wireName());
            Message.Mark myMark = mine.get(type.wireName());
            if (theirMark != null && myMark != null) {
                KeySummary here = sharedSummary(type, myMark);
                KeySummary there = sharedSummary(type, theirMark);
                if (!here.sameAs(there)) {
                    out.add(new SharedDifference(type, here, there));
                }
            }
        }
        return out;
    }

    private SharedRepair.Result runSharedRepair(PeerSession session, SharedDifference d, boolean byHand) {
        session.state(SessionState.RECOVERING, words.sharedGap(session, d) + "; repairing");
        SharedRepair.Result r = sharedRepair.repair(d.type(), d.there(), (build, answer) -> ctx.calls().request(session, build, answer));
        session.sharedChecking.remove(d.type());
        ctx.metrics().recordsIn(session.peer, r.fetched());
        if (r.fetched() == 0) {
            session.sharedFruitless.put(d.type(), d.attempt());
        } else {
            session.sharedFruitless.remove(d.type());
        }
        ctx.events().event("sync.recovered", session.peer, words.sharedAudit(session, r, byHand));
        if (r.fetched() > 0) {
            // Now in our log too: tell the member, or it would read that echo only at its next exchange and
            // we would show it catching up on our log until then.
            Notices.offer(session, new Message.DataAvailable("shared records repaired"));
        }
        if (r.applied() > 0) {
            notices.others(session.peer, "repaired shared records from " + session.peer.shortForm());
        }
        return r;
    }

    private static KeySummary sharedSummary(ResourceType type, Message.Mark mark) {
        return new KeySummary(null, type, mark.count(), mark.deleted(), mark.digest(), mark.maxVersion());
    }
}
