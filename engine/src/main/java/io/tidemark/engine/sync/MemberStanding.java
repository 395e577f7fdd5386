package io.tidemark.engine.sync;

import io.tidemark.engine.model.Counted;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.LogPosition;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SyncOrder;
import io.tidemark.engine.protocol.Message;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a member stands against this device, from the marks of their last exchange: what it holds
 * further than we do (we pull that), what it lacks of what we hold (it pulls that), and whether the
 * two are in sync.
 */
final class MemberStanding {
    private static final Logger LOG = LoggerFactory.getLogger(MemberStanding.class);

    /** An (owner, type) the member holds further than our watermark; {@code backfill} if we never finished it. */
    record Behind(SyncKey key, Cursor theirs, boolean backfill) {
    }

    private final SyncContext ctx;
    private final SharedLogSync shared;
    private final OurMarks ourMarks;

    MemberStanding(SyncContext ctx, SharedLogSync shared, OurMarks ourMarks) {
        this.ctx = ctx;
        this.shared = shared;
        this.ourMarks = ourMarks;
    }

    /** Exchanges marks with the member: it learns ours, we remember its. Returns ours as sent. */
    Marks exchange(PeerSession session) {
        Marks ours = ourMarks.read();
        LogPosition pulled = shared.pulled(session.peer);
        Message.WatermarkResponse response = ctx.calls().request(session, id -> new Message.WatermarkRequest(id, ours.all(),
                pulled.incarnation(), pulled.seq()), Message.WatermarkResponse.class);
        session.lastExchange = ctx.clock().instant();
        remember(session, response.mine());
        session.peerSharedHead = response.sharedHead();
        return ours;
    }

    /** Keeps the member's marks (its latest only; a mark we cannot read is skipped, not fatal). */
    void remember(PeerSession session, List<Message.Mark> marks) {
        Map<SyncKey, Message.Mark> owned = new HashMap<>();
        Map<String, Message.Mark> sharedMarks = new HashMap<>();
        for (Message.Mark m : marks) {
            try {
                ResourceType type = ResourceType.fromWireName(m.resource());
                if (Message.Mark.SHARED_OWNER.equals(m.owner())) {
                    sharedMarks.put(type.wireName(), m);
                } else if (type.deviceOwned()) {
                    owned.put(new SyncKey(UUID.fromString(m.owner()), type), m);
                }
            } catch (IllegalArgumentException e) {
                LOG.debug("Ignoring a mark from {}: {}", session.peer.shortForm(), e.getMessage());
            }
        }
        synchronized (session) {
            session.peerMarks.keySet().retainAll(owned.keySet());
            session.peerMarks.putAll(owned);
            session.sharedMarks.keySet().retainAll(sharedMarks.keySet());
            session.sharedMarks.putAll(sharedMarks);
        }
    }

    /** The (owner, type)s the member holds further than we do, in dependency order. */
    List<Behind> behind(PeerSession session, Marks ours) {
        List<Behind> out = new ArrayList<>();
        for (Map.Entry<SyncKey, Message.Mark> e : session.peerMarks.entrySet()) {
            SyncKey key = e.getKey();
            if (key.owner().equals(ctx.self())) {
                continue; // we are the owner: nobody holds our records further than we do
            }
            Cursor theirs = cursor(e.getValue());
            Cursor mine = ours.watermarks().getOrDefault(key, Cursor.START);
            if (theirs.compareTo(mine) > 0) {
                out.add(new Behind(key, theirs, !ours.watermarks().containsKey(key) || ours.checkpointed().containsKey(key)));
            }
        }
        List<ResourceType> order = SyncOrder.deviceOwned();
        out.sort(Comparator.comparingInt((Behind b) -> order.indexOf(b.key().type()))
                .thenComparing(b -> b.key().owner(), Cursor::compareIds));
        return out;
    }

    /**
     * How many (owner, type)s the member holds less far than we do, by its last marks; our shared
     * log counts as one more while the member has not pulled it to its head.
     */
    int peerBehind(PeerSession session, Marks ours) {
        LogPosition pulledOurs = session.peerPulledOurs;
        int n = pulledOurs != null && shared.hasNewFor(session.owner, pulledOurs) ? 1 : 0;
        for (Map.Entry<SyncKey, Cursor> e : ours.held().entrySet()) {
            if (e.getKey().owner().equals(session.owner)) {
                continue; // its own records: it is the owner
            }
            Message.Mark theirs = session.peerMarks.get(e.getKey());
            if (e.getValue().compareTo(theirs == null ? Cursor.START : cursor(theirs)) > 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * Whether the member's shared log holds what we have not pulled: anything but exactly its head,
     * in its incarnation. A position of unknown incarnation at the head is pulled too, once, to learn
     * the incarnation. When the member's log is no longer the one we pulled (another incarnation, or
     * a head below our position) it is read again from the start, and that is said once per new log.
     */
    boolean sharedBehind(PeerSession session) {
        LogPosition theirs = session.peerSharedHead;
        LogPosition pulled = shared.pulled(session.peer);
        if (theirs == null) {
            return false;
        }
        if (shared.wantsSnapshot(session.peer)) {
            return true;
        }
        if (pulled.replacedBy(theirs) && !theirs.incarnation().equals(session.replacedLogSeen)) {
            session.replacedLogSeen = theirs.incarnation();
            ctx.events().event("sync.log_replaced", session.peer, ctx.names().of(session.peer)
                    + "'s shared changes started over (restored or rebuilt); reading them again from the start");
        }
        return !pulled.equals(theirs);
    }

    /** Ready, or waiting for the member to catch up on what we hold: decided from both sides' marks. */
    void settle(PeerSession session, Marks ours) {
        session.failures = 0;
        int theirs = peerBehind(session, ours);
        if (theirs == 0) {
            if (session.state() != SessionState.READY) {
                ctx.events().event("sync.ready", session.peer, "In sync with " + ctx.names().of(session.peer));
            }
            session.state(SessionState.READY, "in sync");
        } else {
            session.state(SessionState.CATCHING_UP, "the member is catching up on "
                    + Counted.of(theirs, "kind of record", "kinds of records") + " from this device");
        }
    }

    /** "behind on entry of alpha, shared changes" for a member's state. */
    String describe(List<Behind> behind, boolean sharedBehind) {
        Map<UUID, String> names = ctx.names().all();
        List<String> parts = new ArrayList<>();
        for (Behind b : behind) {
            parts.add(b.key().type().wireName() + " of " + names.getOrDefault(b.key().owner(), b.key().owner().toString()));
        }
        if (sharedBehind) {
            parts.add("shared changes");
        }
        String list = parts.size() > 4 ? String.join(", ", parts.subList(0, 4)) + " and " + (parts.size() - 4) + " more"
                : String.join(", ", parts);
        return "behind on " + list;
    }

    static Cursor cursor(Message.Mark mark) {
        return new Cursor(mark.stamp(), UUID.fromString(mark.uuid()));
    }
}
