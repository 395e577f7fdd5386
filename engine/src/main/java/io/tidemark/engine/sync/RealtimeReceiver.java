package io.tidemark.engine.sync;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.Tombstone;
import io.tidemark.engine.protocol.Message;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies the realtime batches members push. A device-owned batch advances the watermark only if it
 * directly follows it and no pull of that (owner, type) is running; otherwise it is applied and a
 * round closes the hole. A shared batch is applied if it follows what we pulled from that member.
 */
final class RealtimeReceiver {
    private final SyncContext ctx;
    private final KeyWatermarks watermarks;
    private final SharedLogSync shared;
    private final Notices notices;
    private final Rounds rounds;
    private final RecentPushes recent;

    RealtimeReceiver(SyncContext ctx, KeyWatermarks watermarks, SharedLogSync shared, Notices notices, Rounds rounds,
                     RecentPushes recent) {
        this.ctx = ctx;
        this.recent = recent;
        this.watermarks = watermarks;
        this.shared = shared;
        this.notices = notices;
        this.rounds = rounds;
    }

    void apply(PeerSession session, Message.PushBatch batch) {
        UUID owner;
        ResourceType type;
        List<OwnedRecord> records;
        List<Tombstone> deleted;
        Cursor after;
        Cursor last;
        try {
            owner = UUID.fromString(batch.owner());
            type = ResourceType.fromWireName(batch.resource());
            if (!owner.equals(session.owner) || !type.deviceOwned()) {
                throw new IllegalArgumentException("only an owner pushes its own device-owned records");
            }
            records = batch.records();
            deleted = batch.deleted();
            after = new Cursor(batch.afterStamp(), UUID.fromString(batch.afterUuid()));
            last = KeyPuller.checkOrder(records, deleted, owner, after);
        } catch (RuntimeException e) {
            ctx.events().event("sync.push_refused", session.peer, "Refused a realtime batch from " + ctx.names().of(session.peer)
                    + ": " + e.getMessage());
            return;
        }
        if (records.isEmpty() && deleted.isEmpty()) {
            return;
        }
        SyncKey key = new SyncKey(owner, type);
        recent.arrived(key);
        boolean advanced = false;
        boolean stale = false;
        Optional<KeyWatermarks.Hold> held = watermarks.tryHold(key);
        if (held.isPresent()) {
            try (KeyWatermarks.Hold hold = held.get()) {
                Cursor watermark = hold.watermark();
                stale = last.compareTo(watermark) <= 0;
                if (!stale) {
                    ctx.library().applyChanges(records, deleted);
                    if (watermark.equals(after)) {
                        hold.batchCommitted(last);
                        advanced = true;
                    }
                }
            }
        } else {
            // A pull of this (owner, type) is running: apply, and let the pull move the watermark.
            ctx.library().applyChanges(records, deleted);
        }
        if (stale) {
            return;
        }
        int rows = records.size() + deleted.size();
        ctx.metrics().recordsIn(session.peer, rows);
        ctx.listener().pushed(session.peer, owner, type, rows, advanced);
        if (advanced) {
            notices.others(session.peer, "relayed realtime changes of " + session.peer.shortForm());
        }
        // Not following the watermark: a round closes the hole. Following it: a round (coalesced over a
        // burst) tells the owner by exchange how far we are, so both sides can say "ready" again.
        rounds.request(session, advanced ? "confirm realtime changes" : "a realtime batch did not follow the watermark");
    }

    /** A realtime batch of shared changes: applied if it follows what we pulled from that member, else pulled. */
    void applyShared(PeerSession session, Message.SharedPush push) {
        boolean applied;
        try {
            applied = !session.running.get() && session.channel != null && shared.pushed(session.peer, push, session.channel);
        } catch (RuntimeException e) {
            ctx.events().event("sync.push_refused", session.peer, "Refused shared changes from " + ctx.names().of(session.peer)
                    + ": " + e.getMessage());
            return;
        }
        if (applied) {
            ctx.metrics().recordsIn(session.peer, push.changes().size());
            notices.others(session.peer, "relayed shared changes of " + session.peer.shortForm());
        }
        rounds.request(session, applied ? "confirm shared changes" : "shared changes after a gap");
    }
}
