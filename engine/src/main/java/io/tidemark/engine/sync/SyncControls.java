package io.tidemark.engine.sync;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.Counted;
import io.tidemark.engine.model.LogPosition;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SyncOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a person does with a member (catch up, resync, pause, resume) and how each member's sync looks.
 * No control waits for a running pull or round: each asks, and the running work notices between pages.
 */
final class SyncControls {
    private final SyncContext ctx;
    private final Sessions sessions;
    private final KeyWatermarks watermarks;
    private final MemberStanding standing;
    private final Rounds rounds;

    SyncControls(SyncContext ctx, Sessions sessions, KeyWatermarks watermarks, MemberStanding standing, Rounds rounds) {
        this.ctx = ctx;
        this.sessions = sessions;
        this.watermarks = watermarks;
        this.standing = standing;
        this.rounds = rounds;
    }

    /** Runs a round with the member now. */
    void catchUp(DeviceId peer) {
        PeerSession session = sessions.existing(peer);
        String name = ctx.names().of(peer);
        if (session == null || !session.connected()) {
            throw new IllegalStateException(name + " is not connected; it catches up when it connects.");
        }
        if (sessions.isPaused(peer)) {
            throw new IllegalStateException("Sync with " + name + " is paused; resume it first.");
        }
        ctx.events().event("sync.catch_up", peer, "Catch-up with " + name + " asked for");
        rounds.request(session, "catch up now");
    }

    /**
     * Forgets our watermarks and checkpoints of the owners the member serves ({@code type} only, if
     * given) and starts a backfill from it. Rows stay: applying them again is idempotent. A pull of a
     * key running now stops at its next page and the key is reset as it stops.
     */
    void resync(DeviceId peer, ResourceType type) {
        PeerSession session = sessions.of(peer);
        Set<UUID> owners = new HashSet<>();
        owners.add(session.owner);
        session.peerMarks.keySet().forEach(k -> owners.add(k.owner()));
        owners.remove(ctx.self());
        int reset = 0;
        if (type == null || type.deviceOwned()) {
            for (UUID owner : owners) {
                for (ResourceType t : SyncOrder.deviceOwned()) {
                    if (type == null || t == type) {
                        watermarks.reset(new SyncKey(owner, t));
                        reset++;
                    }
                }
            }
        }
        if (type == null || !type.deviceOwned()) {
            // Pull the member's whole log again (or its snapshot, if it pruned): applying is idempotent.
            ctx.sync().database().write(c -> {
                ctx.sync().pulled().set(c, peer.bytes(), LogPosition.START);
                return null;
            });
        }
        ctx.events().event("sync.resync", peer, "Full resync with " + ctx.names().of(peer) + ": "
                + (type == null ? "every kind of record" : "all " + type.plural()) + " start over ("
                + Counted.of(reset, "watermark", "watermarks") + " reset)");
        rounds.request(session, "full resync");
    }

    void pause(DeviceId peer) {
        if (sessions.pause(peer)) {
            ctx.events().event("sync.paused", peer, "Paused sync with " + ctx.names().of(peer));
        }
        sessions.of(peer).state(SessionState.PAUSED, "paused on this device");
    }

    void resume(DeviceId peer) {
        if (sessions.resume(peer)) {
            ctx.events().event("sync.resumed", peer, "Resumed sync with " + ctx.names().of(peer));
        }
        PeerSession session = sessions.of(peer);
        if (session.connected()) {
            session.state(SessionState.CONNECTING, "exchanging watermarks");
            rounds.request(session, "resumed");
        } else {
            session.state(SessionState.OFFLINE, "not connected");
        }
    }

    /**
     * Each known member's sync view. A member last seen ready shows as catching up while {@code ours}
     * (read now) holds records past what it confirmed: a commit made since — by any process — is not
     * "in sync" until the member's exchange says it arrived.
     */
    Map<DeviceId, PeerSyncView> views(Marks ours) {
        Map<DeviceId, PeerSyncView> out = new HashMap<>();
        for (PeerSession s : sessions.all()) {
            PeerSyncView view = s.view();
            if (view.state() == SessionState.READY) {
                int unconfirmed = standing.peerBehind(s, ours);
                List<MemberStanding.Behind> behind = standing.behind(s, ours);
                if (!behind.isEmpty()) {
                    // Our watermarks moved back since (a resync) or the member told us of more: not ready
                    // until a round has pulled it.
                    view = view.as(SessionState.CATCHING_UP, standing.describe(behind, false));
                } else if (unconfirmed > 0) {
                    view = view.as(SessionState.CATCHING_UP, "sending new changes ("
                            + Counted.of(unconfirmed, "kind of record", "kinds of records") + " not confirmed yet)");
                }
            }
            out.put(s.peer, view);
        }
        return out;
    }
}
