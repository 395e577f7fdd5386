package io.tidemark.engine.sync;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LogIncarnation;
import io.tidemark.engine.model.LogPosition;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.transport.PeerChannel;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sync with one member: its connection while there is one, its state, what its last exchange said,
 * and the progress of pulls from it. Rounds (exchange, then pulls) run one at a time per member;
 * a request for another round while one runs makes it go round once more.
 */
final class PeerSession {
    final DeviceId peer;
    /** The uuid that owns this member's rows (derived from its certificate). */
    final UUID owner;
    volatile PeerChannel channel;
    private volatile SessionState state = SessionState.OFFLINE;
    private volatile String reason = "not connected";
    private final java.time.Clock clock;
    private volatile Instant since;
    volatile Instant lastExchange;
    volatile int failures;
    /** When the retry after the last error is due; null when none is pending. */
    volatile Instant retryAt;
    /** This member's shared-log head (with its incarnation) from its last exchange answer; null until one. */
    volatile LogPosition peerSharedHead;
    /** How far this member has pulled our shared log, from its last exchange request; null until known. */
    volatile LogPosition peerPulledOurs;
    /** The incarnation of this member's log last found to replace the one we had pulled: said once, not every round. */
    volatile LogIncarnation replacedLogSeen;
    final Map<SyncKey, Message.Mark> peerMarks = new ConcurrentHashMap<>();
    final Map<String, Message.Mark> sharedMarks = new ConcurrentHashMap<>();
    final Map<SyncKey, KeyProgress> progress = new ConcurrentHashMap<>();
    /** Recoveries of keys from this member: running, being confirmed, or the last one's result. */
    final Map<SyncKey, RecoveryView> recoveries = new ConcurrentHashMap<>();
    /** Keys whose last recovery moved nothing, with the summaries it started from (retried only once they change). */
    final Map<SyncKey, String> fruitless = new ConcurrentHashMap<>();
    /** Shared types whose summary differed from this member's at one exchange: repaired if the next one agrees. */
    final java.util.Set<io.tidemark.engine.model.ResourceType> sharedChecking = ConcurrentHashMap.newKeySet();
    /** Shared types whose last repair fetched nothing, with the summaries it started from. */
    final Map<io.tidemark.engine.model.ResourceType, String> sharedFruitless = new ConcurrentHashMap<>();
    /** While a shared-log pull runs: when it started and our shared counts then (for its progress), else null. */
    volatile SharedPull sharedPull;
    final AtomicBoolean running = new AtomicBoolean();
    final AtomicBoolean again = new AtomicBoolean();
    /** A notice could not be queued: tell the member "data available" as soon as its queue has room. */
    final AtomicBoolean noticeOwed = new AtomicBoolean();

    PeerSession(DeviceId peer, java.time.Clock clock) {
        this.peer = peer;
        this.clock = clock;
        this.since = clock.instant();
        this.owner = Ids.fromDigest(peer.bytes());
    }

    boolean connected() {
        PeerChannel c = channel;
        return c != null && c.isOpen();
    }

    /** Moves to {@code next}; "since" changes only when the state does, so a reason update keeps it. */
    synchronized void state(SessionState next, String why) {
        if (next != state) {
            since = clock.instant();
        }
        state = next;
        reason = why;
    }

    SessionState state() {
        return state;
    }

    String reason() {
        return reason;
    }

    PeerSyncView view() {
        synchronized (this) {
            return new PeerSyncView(state, reason, since, peerMarks, progress, sharedMarks, lastExchange, sharedPull, recoveries);
        }
    }
}
