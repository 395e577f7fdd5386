package io.tidemark.engine.sync;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LogPosition;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.KeySummary;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SyncOrder;
import io.tidemark.engine.model.Tombstone;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.sync.Checkpoint;
import io.tidemark.engine.store.sync.SyncStore;
import io.tidemark.engine.store.sync.Watermark;
import io.tidemark.engine.transport.PeerChannel;
import io.tidemark.engine.transport.SyncHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this device's copy of every member's records converging with its connected members.
 *
 * <p>Per member, a <em>round</em>: a watermark exchange (request/response) tells each side the
 * other's watermark and count per (owner, type); every (owner, type) where the member holds more
 * than our watermark is pulled from it in cursor pages, in dependency order; then the exchange runs
 * again, until it shows nothing behind ({@code ready}). Rounds run on connect, when a member says
 * data is available, every {@link Options#exchangeInterval()}, and on request (catch up now).
 *
 * <p>Order of commits is what keeps gaps out: a page is committed to library.db first; only then do
 * the watermark and checkpoint move, together, in sync.db, to the last record applied. A device
 * serves another owner's records only up to its own watermark, so it never hands out rows that have
 * a hole before them. One pull per (owner, type) at a time, whichever member it comes from.
 *
 * <p>Realtime: {@link RealtimePush} sends local commits as they happen. A pushed batch advances the
 * watermark only if it directly follows it and no pull of that (owner, type) is running; otherwise it
 * is applied and a round closes the hole. Nothing here blocks on a slow member: notices go through
 * a bounded queue per connection, and a full queue becomes a "data available" later, never a loss.
 */
public final class SyncEngine implements SyncHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);

    /** Tunables; tests shorten the intervals. */
    public record Options(int pageSize, Duration requestTimeout, Duration exchangeInterval, Duration localPoll, int pushBatch,
                          int bulkThreshold, Duration sharedRetention) {
        /**
         * Pages of 10,000; an exchange a minute; other processes' commits noticed within 100 ms;
         * realtime batches of at most 100 records; a change of more than 2,000 rows of a type goes
         * as "data available" and is pulled in pages instead of pushed in small batches.
         */
        public static final Options DEFAULT = new Options(LibraryStore.DEFAULT_PAGE_SIZE, Duration.ofSeconds(60),
                Duration.ofSeconds(60), Duration.ofMillis(100), 100, 2_000, SharedLogSync.DEFAULT_RETENTION);

        public Options withExchangeInterval(Duration interval) {
            return new Options(pageSize, requestTimeout, interval, localPoll, pushBatch, bulkThreshold, sharedRetention);
        }

        public Options withPageSize(int size) {
            return new Options(size, requestTimeout, exchangeInterval, localPoll, pushBatch, bulkThreshold, sharedRetention);
        }

        /** How long a member may be away before it stops holding the shared log back (and gets a snapshot). */
        public Options withSharedRetention(Duration retention) {
            return new Options(pageSize, requestTimeout, exchangeInterval, localPoll, pushBatch, bulkThreshold, retention);
        }
    }

    /** Hooks for progress reporting, and for tests to cut a backfill at an exact point. */
    public interface Listener {
        /** A page arrived from {@code from} and is about to be applied. */
        default void received(DeviceId from, UUID owner, ResourceType type, int rows) {
        }

        /** After a page was committed to library.db, before the watermark moves (the crash window). */
        default void applied(UUID owner, ResourceType type, int rows) {
        }

        /** After the watermark and checkpoint moved. */
        default void pageDone(DeviceId from, UUID owner, ResourceType type, int rows, long done, long total) {
        }

        /** A realtime batch was applied; {@code advanced} whether it moved the watermark. */
        default void pushed(DeviceId from, UUID owner, ResourceType type, int rows, boolean advanced) {
        }

        /** A recovery of one key from {@code from} is about to move records ({@code reclaim}: ours, from a member). */
        default void recovering(DeviceId from, UUID owner, ResourceType type, boolean reclaim) {
        }

        /** That recovery ended, having fetched and removed these many records. */
        default void recovered(DeviceId from, UUID owner, ResourceType type, long fetched, long removed) {
        }
    }

    /** Where events go (sync.db's event log, via the engine). */
    @FunctionalInterface
    public interface EventSink {
        void event(String kind, DeviceId peer, String message);
    }

    private final LibraryStore library;
    private final SyncStore sync;
    private final Options options;
    private final EventSink events;
    private final SyncMetrics metrics;
    private final UUID self;
    private final Map<DeviceId, PeerSession> sessions = new ConcurrentHashMap<>();
    private final Map<SyncKey, ReentrantLock> keyLocks = new ConcurrentHashMap<>();
    private final Set<DeviceId> paused = ConcurrentHashMap.newKeySet();
    private final Consumer<Set<DeviceId>> pausedSaver;
    private final SyncRuntime runtime;
    private final java.time.Clock clock;
    private final SyncRuntime.Timer timer;
    private final PageReadAhead readAhead;
    private final RealtimePush push;
    private final SharedLogSync shared;
    private final RecoveryServer recoveryServer;
    private final GapRecovery recovery;
    private final SharedRepair sharedRepair;
    private final RestoreGuard restoreGuard;
    /** When a realtime batch of a key last arrived: a gap seen then may be a burst in flight, not a gap. */
    private final Map<SyncKey, Instant> lastPush = new ConcurrentHashMap<>();
    private volatile Listener listener = new Listener() { };

    public SyncEngine(LibraryStore library, SyncStore sync, Options options, SyncMetrics metrics, EventSink events,
                      Set<DeviceId> initiallyPaused, Consumer<Set<DeviceId>> pausedSaver) {
        this(library, sync, options, metrics, events, initiallyPaused, pausedSaver, SyncRuntime.threads());
    }

    /** An engine on {@code runtime}'s threads and clock (the simulator's, in its tests); closing the engine closes it. */
    public SyncEngine(LibraryStore library, SyncStore sync, Options options, SyncMetrics metrics, EventSink events,
                      Set<DeviceId> initiallyPaused, Consumer<Set<DeviceId>> pausedSaver, SyncRuntime runtime) {
        this.library = library;
        this.sync = sync;
        this.options = options;
        this.metrics = metrics;
        this.events = events;
        this.self = library.identity().deviceId();
        this.paused.addAll(initiallyPaused);
        this.pausedSaver = pausedSaver;
        this.runtime = runtime;
        this.clock = runtime.clock();
        this.timer = runtime.timer();
        this.readAhead = new PageReadAhead(runtime.readAhead());
        this.shared = new SharedLogSync(library, sync, clock, options.sharedRetention(),
                Math.min(options.pageSize(), SharedLogSync.MAX_PAGE), options.requestTimeout());
        if (shared.replacedAtOpen()) {
            events.event("sync.log_restarted", null, "This device's shared changes went back (its sync.db was restored"
                    + " or lost its last writes); members will read them again from the start");
        }
        this.restoreGuard = new RestoreGuard(library, sync);
        // Before anything is written: a library.db restored from an older copy must not reuse versions or stamps.
        String restored = restoreGuard.check();
        if (restored != null) {
            events.event("library.restored", null, restored);
        }
        List<String> unverified = restoreGuard.distrustLyingWatermarks(deviceNames());
        if (!unverified.isEmpty()) {
            events.event("library.restored", null, "This device's library went back to an older copy: it may lack some "
                    + String.join("; ", unverified) + ". It checks them with their owners and does not pass them on until then.");
        }
        boolean sharedBehind = shared.libraryBehindLog();
        if (restored != null || sharedBehind) {
            shared.snapshotFromEveryMember();
            int back = shared.replayIntoLibrary();
            if (sharedBehind || back > 0) {
                events.event("library.restored", null, "This device's library lacks shared changes it had: "
                    + io.tidemark.engine.model.Counted.of(back, "tag, collection or content record", "tags, collections or content records")
                    + " came back from its own log, and each member's are read again once.");
            }
        }
        this.push = new RealtimePush(library, self, options, shared, restoreGuard::record, this::pushTargets, this::noticeAll);
        this.recoveryServer = new RecoveryServer(library, sync, self, restoreGuard);
        this.recovery = new GapRecovery(library, sync, clock, restoreGuard);
        this.sharedRepair = new SharedRepair(library, shared, clock);
        // What was issued is in sync.db before any member can see it: pushes and pulls come after the commit listeners.
        library.onLocalCommit(() -> {
            restoreGuard.record();
            push.localCommitted();
        });
    }

    /** Starts the timers: realtime polling of other processes' commits and the periodic exchange. */
    public void start() {
        push.start(timer);
        Duration poll = options.localPoll();
        timer.every(poll, poll, guard(this::payOwedNotices));
        Duration every = options.exchangeInterval();
        timer.every(every, every, guard(() -> sessions.values().forEach(s -> requestRound(s, "periodic exchange"))));
        // Pruning needs every member's ack; once an hour is plenty for a log that only grows with edits.
        timer.every(Duration.ofMinutes(1), Duration.ofMinutes(60), guard(shared::prune));
    }

    private Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("Sync timer task failed: {}", e.toString());
            }
        };
    }

    /** The shared change-log side, e.g. to follow what it applies. */
    public SharedLogSync shared() {
        return shared;
    }

    public void listener(Listener listener) {
        this.listener = listener;
    }

    // ---------------------------------------------------------------------------------------------
    // Transport callbacks

    @Override
    public void connected(PeerChannel channel) {
        PeerSession session = session(channel.peer());
        session.channel = channel;
        session.failures = 0;
        if (paused.contains(channel.peer())) {
            session.state(SessionState.PAUSED, "paused on this device");
            return;
        }
        session.state(SessionState.CONNECTING, "exchanging watermarks");
        requestRound(session, "connected");
    }

    @Override
    public void membersChanged(PeerChannel channel) {
        PeerSession session = session(channel.peer());
        if (session.channel == null || !session.channel.isOpen()) {
            session.channel = channel;
        }
        requestRound(session, "member list changed");
    }

    @Override
    public void disconnected(DeviceId peer) {
        readAhead.forget(peer);
        PeerSession session = sessions.get(peer);
        if (session == null || session.connected()) {
            return; // a newer connection replaced the one that ended
        }
        session.state(SessionState.OFFLINE, "disconnected");
        session.progress.replaceAll((key, p) -> p.active() ? p.finished(clock.instant()) : p);
    }

    @Override
    public Message.Response serve(DeviceId peer, Message.Request request) {
        if (paused.contains(peer)) {
            // Pause stops traffic both ways, as a person pausing a metered link expects; the member
            // shows the reason instead of silently waiting.
            throw new IllegalStateException("sync with this device is paused on " + deviceNames().getOrDefault(self, "the other device"));
        }
        if (request instanceof Message.PullRequest pull) {
            return servePull(peer, pull);
        }
        if (request instanceof Message.WatermarkRequest exchange) {
            return serveExchange(peer, exchange);
        }
        if (request instanceof Message.RecoverRequest recover) {
            Message.RecoverPage page = recoveryServer.serve(peer, recover);
            metrics.recordsOut(peer, page.records().size() + page.deleted().size());
            return page;
        }
        if (request instanceof Message.SharedBucketsRequest buckets) {
            return sharedRepair.serveBuckets(buckets);
        }
        if (request instanceof Message.SharedReconcileRequest reconcile) {
            SharedRepair.Served served = sharedRepair.serveReconcile(reconcile);
            metrics.recordsOut(peer, served.page().changes().size());
            if (served.requesterNewer() > 0) {
                requestRound(session(peer), "the member holds shared records this device lacks");
            }
            return served.page();
        }
        if (request instanceof Message.SharedPullRequest sharedPull) {
            Message.SharedPullPage page = shared.serve(peer, sharedPull);
            metrics.recordsOut(peer, page.changes().size());
            return page;
        }
        throw new IllegalArgumentException("unsupported sync request " + request.getClass().getSimpleName());
    }

    @Override
    public void notice(DeviceId peer, Message.Notice notice) {
        PeerSession session = session(peer);
        if (paused.contains(peer)) {
            return; // the exchange after resume catches up
        }
        if (notice instanceof Message.PushBatch batch) {
            applyPush(session, batch);
        } else if (notice instanceof Message.DataAvailable available) {
            requestRound(session, "data available: " + available.reason());
        } else if (notice instanceof Message.SharedAck ack) {
            shared.acked(peer, ack.position());
        } else if (notice instanceof Message.SharedPush sharedPush) {
            applySharedPush(session, sharedPush);
        }
    }

    private PeerSession session(DeviceId peer) {
        return sessions.computeIfAbsent(peer, p -> new PeerSession(p, clock));
    }

    // ---------------------------------------------------------------------------------------------
    // Serving

    private Message.PullPage servePull(DeviceId peer, Message.PullRequest request) {
        ResourceType type = ResourceType.fromWireName(request.resource());
        if (!type.deviceOwned()) {
            throw new IllegalArgumentException(type.wireName() + " is not pulled by cursor");
        }
        UUID owner = UUID.fromString(request.owner());
        Cursor after = new Cursor(request.afterStamp(), UUID.fromString(request.afterUuid()));
        int limit = Math.min(request.limit(), LibraryStore.DEFAULT_PAGE_SIZE);
        // Another owner's rows only up to our watermark: past it we may hold pushed rows with a hole
        // before them, and serving those would let the puller advance across the hole.
        Cursor cap = owner.equals(self) ? null : sync.watermarks().vouchedFor(owner, type);
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
        metrics.recordsOut(peer, changes.size());
        return new Message.PullPage(request.requestId(), request.owner(), request.resource(), changes.records(),
                changes.deleted(), changes.remaining());
    }

    private Message.WatermarkResponse serveExchange(DeviceId peer, Message.WatermarkRequest request) {
        PeerSession session = session(peer);
        Marks ours = ourMarks();
        rememberPeerMarks(session, request.marks());
        trustWhatTheOwnerConfirms(session, ours);
        session.peerPulledOurs = request.sharedPulled();
        LogPosition head = shared.heldBy(peer, request.sharedPulled());
        if (!paused.contains(peer)) {
            if (!behind(session, ours).isEmpty()) {
                requestRound(session, "the member holds records this device lacks");
            } else if (!session.running.get() && session.connected() && session.lastExchange != null) {
                settle(session, ours);
            }
        }
        return new Message.WatermarkResponse(request.requestId(), request.marks(), ours.all(), head.incarnation(), head.seq());
    }

    // ---------------------------------------------------------------------------------------------
    // Rounds

    /** Asks for a round with {@code session}'s member; coalesces with one already running. */
    private void requestRound(PeerSession session, String why) {
        if (!session.connected() || paused.contains(session.peer)) {
            return;
        }
        session.again.set(true);
        if (session.running.compareAndSet(false, true)) {
            LOG.debug("Round with {}: {}", session.peer.shortForm(), why);
            try {
                runtime.rounds().execute(() -> runRounds(session));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                session.running.set(false); // closing
            }
        }
    }

    private void runRounds(PeerSession session) {
        try {
            while (session.again.getAndSet(false) && session.connected() && !paused.contains(session.peer)) {
                round(session);
            }
        } finally {
            session.running.set(false);
            if (session.again.get() && session.connected()) {
                requestRound(session, "asked for while a round was ending");
            }
        }
    }

    private void round(PeerSession session) {
        try {
            for (int pass = 0; pass < 100 && session.connected(); pass++) {
                if (paused.contains(session.peer)) {
                    return; // paused while this round ran: stop at once, not after its pulls
                }
                Marks ours = exchange(session);
                List<Behind> behind = behind(session, ours);
                boolean sharedBehind = sharedBehind(session);
                if (behind.isEmpty() && !sharedBehind) {
                    boolean repaired = repairGaps(session, ours);
                    repaired |= repairShared(session, ours);
                    if (repaired) {
                        continue; // exchange again: the next pass shows what the repair left
                    }
                    settle(session, ours);
                    return;
                }
                estimateTotals(session, behind, ours);
                boolean backfill = behind.stream().anyMatch(Behind::backfill);
                session.state(backfill ? SessionState.BACKFILLING : SessionState.CATCHING_UP, describe(behind, sharedBehind));
                long pulled = 0;
                boolean blocked = false;
                SessionState pulling = backfill ? SessionState.BACKFILLING : SessionState.CATCHING_UP;
                Map<UUID, String> names = deviceNames();
                int step = 0;
                int steps = behind.size() + (sharedBehind ? 1 : 0);
                for (Behind b : behind) {
                    if (paused.contains(session.peer)) {
                        return;
                    }
                    // The reason names what is being pulled now, so it stays true while the round runs.
                    session.state(pulling, String.format(java.util.Locale.ROOT, "pulling %s of %s (%d of %d)", b.key().type().wireName(),
                            names.getOrDefault(b.key().owner(), b.key().owner().toString()), ++step, steps));
                    long n = pullKey(session, b.key());
                    if (n < 0) {
                        blocked = true;
                    } else {
                        pulled += n;
                    }
                }
                if (sharedBehind) {
                    session.state(pulling, String.format(java.util.Locale.ROOT, "pulling shared changes (%d of %d)", ++step, steps));
                    Map<String, Long> countsNow = new HashMap<>();
                    ours.shared().forEach(m -> countsNow.put(m.resource(), m.count()));
                    session.sharedPull = new SharedPull(clock.instant(), countsNow);
                    SharedLogSync.PullResult result;
                    try {
                        result = shared.pull(session.channel);
                    } finally {
                        session.sharedPull = null;
                    }
                    pulled += result.applied();
                    metrics.recordsIn(session.peer, result.received());
                    if (result.snapshot() || result.relayed()) {
                        // Now also in our log (its whole state, or changes other devices made): tell it, or it would read
                        // that echo only at its next exchange, and we would show it catching up on our log until then.
                        offerNotice(session, new Message.DataAvailable("shared changes relayed"));
                    }
                }
                if (pulled > 0) {
                    noticeOthers(session.peer, "relayed records from " + session.peer.shortForm());
                }
                if (blocked && pulled == 0) {
                    // Another member's pull holds those (owner, type)s; look again shortly.
                    timer.after(Duration.ofMillis(500), () -> requestRound(session, "retry after a concurrent pull"));
                    return;
                }
            }
        } catch (RuntimeException e) {
            if (!session.connected()) {
                return; // the disconnect callback sets offline
            }
            int failures = ++session.failures;
            long delay = Math.min(60_000L, 1_000L << Math.min(failures, 6));
            session.state(SessionState.ERROR, rootMessage(e) + " (retrying in " + delay / 1000 + " s)");
            events.event("sync.error", session.peer, "Sync with " + nameOf(session.peer) + " failed: " + rootMessage(e));
            timer.after(Duration.ofMillis(delay), () -> requestRound(session, "retry after an error"));
        }
    }

    /**
     * Shows progress up front: before the first page of each pull, its total is what the exchange
     * says the member holds beyond our count (refined by each page's remaining count).
     */
    private void estimateTotals(PeerSession session, List<Behind> behind, Marks ours) {
        Instant now = clock.instant();
        for (Behind b : behind) {
            KeyProgress current = session.progress.get(b.key());
            if (current != null && current.active()) {
                continue;
            }
            Message.Mark theirs = session.peerMarks.get(b.key());
            long estimate = theirs == null ? 0 : Math.max(0, theirs.count() - ours.counts().getOrDefault(b.key(), 0L));
            session.progress.put(b.key(), KeyProgress.start(0, estimate, b.backfill(), now));
        }
    }

    /** Ready, or waiting for the member to catch up on what we hold: decided from both sides' marks. */
    private void settle(PeerSession session, Marks ours) {
        session.failures = 0;
        int theirs = peerBehind(session, ours);
        if (theirs == 0) {
            if (session.state() != SessionState.READY) {
                events.event("sync.ready", session.peer, "In sync with " + nameOf(session.peer));
            }
            session.state(SessionState.READY, "in sync");
        } else {
            session.state(SessionState.CATCHING_UP, "the member is catching up on "
                    + io.tidemark.engine.model.Counted.of(theirs, "kind of record", "kinds of records") + " from this device");
        }
    }

    private Marks exchange(PeerSession session) {
        Marks ours = ourMarks();
        LogPosition pulled = shared.pulled(session.peer);
        Message.WatermarkResponse response = request(session, id -> new Message.WatermarkRequest(id, ours.all(),
                pulled.incarnation(), pulled.seq()), Message.WatermarkResponse.class);
        session.lastExchange = clock.instant();
        rememberPeerMarks(session, response.mine());
        session.peerSharedHead = response.sharedHead();
        return ours;
    }

    /**
     * Whether the member's shared log holds what we have not pulled: anything but exactly its head,
     * in its incarnation. A position of unknown incarnation at the head is pulled too, once, to learn
     * the incarnation. When the member's log is no longer the one we pulled (another incarnation, or
     * a head below our position) it is read again from the start, and that is said once per new log.
     */
    private boolean sharedBehind(PeerSession session) {
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
            events.event("sync.log_replaced", session.peer, nameOf(session.peer)
                    + "'s shared changes started over (restored or rebuilt); reading them again from the start");
        }
        return !pulled.equals(theirs);
    }

    private void rememberPeerMarks(PeerSession session, List<Message.Mark> marks) {
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

    /** An (owner, type) the member holds further than our watermark. */
    private record Behind(SyncKey key, Cursor theirs, boolean backfill) {
    }

    private List<Behind> behind(PeerSession session, Marks ours) {
        List<Behind> out = new ArrayList<>();
        for (Map.Entry<SyncKey, Message.Mark> e : session.peerMarks.entrySet()) {
            SyncKey key = e.getKey();
            if (key.owner().equals(self)) {
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
    private int peerBehind(PeerSession session, Marks ours) {
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

    private static Cursor cursor(Message.Mark mark) {
        return new Cursor(mark.stamp(), UUID.fromString(mark.uuid()));
    }

    private String describe(List<Behind> behind, boolean sharedBehind) {
        Map<UUID, String> names = deviceNames();
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

    /**
     * Device names by owner uuid: from the device records, else from the peers this device paired
     * with (a library restored from an older copy may lack the record of a device it knows).
     */
    private Map<UUID, String> deviceNames() {
        Map<UUID, String> names = new HashMap<>();
        for (io.tidemark.engine.store.sync.Peer p : sync.peers().list()) {
            if (p.deviceId().length == DeviceId.LENGTH && !p.name().isBlank()) {
                names.put(Ids.fromDigest(p.deviceId()), p.name());
            }
        }
        for (DeviceRecord d : library.devices()) {
            names.put(d.uuid(), d.name());
        }
        return names;
    }

    /**
     * Pulls one (owner, type) from the session's member until it has nothing more, resuming from
     * the furthest of our watermark and any member's checkpoint.
     *
     * @return records applied, or -1 if another pull of that (owner, type) is running
     */
    private long pullKey(PeerSession session, SyncKey key) {
        ReentrantLock lock = keyLocks.computeIfAbsent(key, k -> new ReentrantLock());
        if (!lock.tryLock()) {
            return -1;
        }
        UUID owner = key.owner();
        ResourceType type = key.type();
        try {
            Optional<Cursor> watermark = sync.watermarks().get(owner, type);
            Optional<Checkpoint> checkpoint = sync.checkpoints().latest(owner, type);
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
                events.event("sync.backfill_resumed", session.peer, String.format(java.util.Locale.ROOT,
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
                while (session.connected() && !paused.contains(session.peer)) {
                    Cursor after = cursor;
                    Message.PullPage page = await(ahead);
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
                    library.applyChanges(records, deleted);
                    listener.applied(owner, type, rows);
                    metrics.recordsIn(session.peer, rows);
                    progress = progress.page(rows, page.remaining(), clock.instant());
                    Checkpoint next = new Checkpoint(owner, type, session.peer.bytes(), last, progress.done(), progress.total(),
                            started, clock.instant());
                    long heldVersion = library.summary(owner, type, null).maxVersion();
                    sync.database().write(c -> {
                        sync.watermarks().advance(c, owner, type, last, heldVersion);
                        sync.checkpoints().save(c, next);
                        return null;
                    });
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
                // Finished: the watermark holds the position; the next pull is a catch-up, not a backfill.
                sync.checkpoints().deleteAll(owner, type);
                session.progress.put(key, progress.finished(clock.instant()));
                if (applied > 0) {
                    Map<UUID, String> names = deviceNames();
                    events.event("sync.pulled", session.peer, String.format(java.util.Locale.ROOT, "%s %s from %s, from %s",
                            progress.backfill() ? "Backfilled" : "Caught up on", type.counted(applied),
                            names.getOrDefault(owner, "device " + owner.toString().substring(0, 8)),
                            names.getOrDefault(session.owner, session.peer.shortForm())));
                }
            }
            return applied;
        } finally {
            lock.unlock();
        }
    }

    /** A page must answer for the (owner, type) asked: its records are applied under that key's watermark. */
    private static void requireKey(String pageOwner, String pageResource, UUID owner, ResourceType type) {
        if (!pageOwner.equals(owner.toString()) || !pageResource.equals(type.wireName())) {
            throw new IllegalStateException("the peer answered with " + pageResource + " of " + pageOwner + " for " + type.wireName()
                    + " of " + owner + "; it was not applied");
        }
    }

    /**
     * A page must hold the asked owner's rows and deletes, each in cursor order, after the cursor:
     * else applying it could make us skip rows. Returns the last cursor of the page.
     */
    private static Cursor checkOrder(List<OwnedRecord> records, List<Tombstone> deleted, UUID owner, Cursor after) {
        Cursor last = after;
        Cursor previous = after;
        for (OwnedRecord r : records) {
            if (!r.owner().equals(owner) || r.cursor().compareTo(previous) <= 0) {
                throw new IllegalStateException("the peer sent a page out of order or for another owner; it was not applied");
            }
            previous = r.cursor();
        }
        last = previous;
        previous = after;
        for (Tombstone t : deleted) {
            if (t.cursor().compareTo(previous) <= 0) {
                throw new IllegalStateException("the peer sent deletes out of order; they were not applied");
            }
            previous = t.cursor();
        }
        return previous.compareTo(last) > 0 ? previous : last;
    }

    /** Pages of one pull between remaining counts: counting is a scan of the rest of the range, so not on every page. */
    private static final int COUNT_EVERY = 20;

    private CompletableFuture<Message.PullPage> askPage(PeerSession session, UUID owner, ResourceType type, Cursor after, int page) {
        return ask(session, id -> new Message.PullRequest(id, owner.toString(), type.wireName(), after.stamp(), after.uuid().toString(),
                options.pageSize(), page % COUNT_EVERY == 0), Message.PullPage.class);
    }

    private <R extends Message.Response> R request(PeerSession session, LongFunction<? extends Message.Request> build, Class<R> type) {
        return await(ask(session, build, type));
    }

    /** Sends a request; its answer (or failure) arrives in the future. */
    private <R extends Message.Response> CompletableFuture<R> ask(PeerSession session, LongFunction<? extends Message.Request> build,
                                                                  Class<R> type) {
        PeerChannel channel = session.channel;
        if (channel == null || !channel.isOpen()) {
            throw new IllegalStateException("not connected");
        }
        return channel.request(build, type, options.requestTimeout());
    }

    private <R> R await(CompletableFuture<R> answer) {
        try {
            return answer.get(options.requestTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(rootMessage(e), e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no answer within " + options.requestTimeout().toSeconds() + " s", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    // ---------------------------------------------------------------------------------------------
    // Realtime

    private void applyPush(PeerSession session, Message.PushBatch batch) {
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
            last = checkOrder(records, deleted, owner, after);
        } catch (RuntimeException e) {
            events.event("sync.push_refused", session.peer, "Refused a realtime batch from " + nameOf(session.peer) + ": "
                    + e.getMessage());
            return;
        }
        if (records.isEmpty() && deleted.isEmpty()) {
            return;
        }
        SyncKey key = new SyncKey(owner, type);
        lastPush.put(key, clock.instant());
        ReentrantLock lock = keyLocks.computeIfAbsent(key, k -> new ReentrantLock());
        boolean advanced = false;
        boolean stale = false;
        if (lock.tryLock()) {
            try {
                Cursor watermark = sync.watermarks().get(owner, type).orElse(Cursor.START);
                stale = last.compareTo(watermark) <= 0;
                if (!stale) {
                    library.applyChanges(records, deleted);
                    if (watermark.equals(after)) {
                        sync.watermarks().advance(owner, type, last, library.summary(owner, type, null).maxVersion());
                        advanced = true;
                    }
                }
            } finally {
                lock.unlock();
            }
        } else {
            // A pull of this (owner, type) is running: apply, and let the pull move the watermark.
            library.applyChanges(records, deleted);
        }
        if (stale) {
            return;
        }
        int rows = records.size() + deleted.size();
        metrics.recordsIn(session.peer, rows);
        listener.pushed(session.peer, owner, type, rows, advanced);
        if (advanced) {
            noticeOthers(session.peer, "relayed realtime changes of " + session.peer.shortForm());
        }
        // Not following the watermark: a round closes the hole. Following it: a round (coalesced over a
        // burst) tells the owner by exchange how far we are, so both sides can say "ready" again.
        requestRound(session, advanced ? "confirm realtime changes" : "a realtime batch did not follow the watermark");
    }

    /** A realtime batch of shared changes: applied if it follows what we pulled from that member, else pulled. */
    private void applySharedPush(PeerSession session, Message.SharedPush push) {
        boolean applied;
        try {
            applied = !session.running.get() && session.channel != null && shared.pushed(session.peer, push, session.channel);
        } catch (RuntimeException e) {
            events.event("sync.push_refused", session.peer, "Refused shared changes from " + nameOf(session.peer) + ": "
                    + e.getMessage());
            return;
        }
        if (applied) {
            metrics.recordsIn(session.peer, push.changes().size());
            noticeOthers(session.peer, "relayed shared changes of " + session.peer.shortForm());
        }
        requestRound(session, applied ? "confirm shared changes" : "shared changes after a gap");
    }

    private List<PeerSession> pushTargets() {
        List<PeerSession> out = new ArrayList<>();
        for (PeerSession s : sessions.values()) {
            if (s.connected() && !paused.contains(s.peer)) {
                out.add(s);
            }
        }
        return out;
    }

    private void noticeAll(String reason) {
        for (PeerSession s : pushTargets()) {
            offerNotice(s, new Message.DataAvailable(reason));
        }
    }

    /** Tells the other members that we hold new records they may want (we may be their only route). */
    private void noticeOthers(DeviceId except, String reason) {
        for (PeerSession s : pushTargets()) {
            if (!s.peer.equals(except)) {
                offerNotice(s, new Message.DataAvailable(reason));
            }
        }
    }

    static void offerNotice(PeerSession session, Message.Notice notice) {
        PeerChannel channel = session.channel;
        if (channel == null || !channel.offer(notice)) {
            session.noticeOwed.set(true);
        }
    }

    private void payOwedNotices() {
        for (PeerSession s : pushTargets()) {
            if (s.noticeOwed.get() && s.channel.offer(new Message.DataAvailable("realtime changes were dropped; catch up"))) {
                s.noticeOwed.set(false);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Our marks

    /**
     * What this device holds: per (owner, type) the cursor it holds contiguously (for its own
     * records, its newest change; for others, its watermark) and its count; plus the shared marks.
     */
    public record Marks(Map<SyncKey, Cursor> held, Map<SyncKey, Long> counts, Map<SyncKey, Cursor> watermarks,
                        Map<SyncKey, Instant> advancedAt, Map<SyncKey, Cursor> checkpointed, List<Message.Mark> shared,
                        Map<SyncKey, KeySummary> summaries) {
        public List<Message.Mark> all() {
            List<Message.Mark> out = new ArrayList<>();
            held.forEach((key, cursor) -> {
                KeySummary s = summaries.getOrDefault(key, KeySummary.empty(key.owner(), key.type()));
                out.add(new Message.Mark(key.owner().toString(), key.type().wireName(), cursor.stamp(), cursor.uuid().toString(),
                        s.rows(), s.deleted(), s.digest(), s.maxVersion()));
            });
            out.addAll(shared);
            return out;
        }

        /** What we hold of {@code key}: its summary, empty if we hold nothing of it. */
        public KeySummary summary(SyncKey key) {
            return summaries.getOrDefault(key, KeySummary.empty(key.owner(), key.type()));
        }
    }

    public Marks ourMarks() {
        Map<SyncKey, Long> counts = new HashMap<>();
        Map<SyncKey, KeySummary> summaries = new HashMap<>();
        for (KeySummary s : library.summaries()) {
            SyncKey key = new SyncKey(s.owner(), s.type());
            summaries.put(key, s);
            if (s.rows() > 0) {
                counts.put(key, s.rows());
            }
        }
        Map<SyncKey, Cursor> watermarks = new HashMap<>();
        Map<SyncKey, Instant> advancedAt = new HashMap<>();
        for (Watermark w : sync.watermarks().all()) {
            if (w.type().deviceOwned()) {
                SyncKey key = new SyncKey(w.owner(), w.type());
                watermarks.put(key, w.cursor());
                advancedAt.put(key, w.updatedAt());
            }
        }
        Set<SyncKey> unverified = unverifiedKeys();
        Map<SyncKey, Cursor> checkpointed = new HashMap<>();
        for (Checkpoint c : sync.checkpoints().list()) {
            if (c.type().deviceOwned()) {
                checkpointed.merge(new SyncKey(c.owner(), c.type()), c.cursor(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        Map<SyncKey, Cursor> held = new HashMap<>();
        for (ResourceType type : SyncOrder.deviceOwned()) {
            // Every type of ours is announced, an empty one as "empty, up to the start": a member then
            // holds an explicit watermark for it instead of none (which would read as "never synced").
            held.put(new SyncKey(self, type), library.newest(self, type));
        }
        watermarks.forEach((key, cursor) -> {
            if (!key.owner().equals(self)) {
                // An unverified watermark is announced at the start: no member pulls from us past it.
                held.put(key, unverified.contains(key) ? Cursor.START : cursor);
            }
        });
        summaries.forEach((key, s) -> {
            if (s.items() > 0) {
                // Records held without a watermark (pushed behind a hole, or kept across a reset) are
                // announced too, at the start: their owner may have lost them and must see we hold them.
                held.putIfAbsent(key, Cursor.START);
            }
        });
        return new Marks(held, counts, watermarks, advancedAt, checkpointed, shared.marks(), summaries);
    }

    // ---------------------------------------------------------------------------------------------
    // Gaps: found by the exchange, confirmed once, repaired surgically

    /** How long after a realtime batch of a key a mismatch is taken for a burst in flight, not a gap. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    /**
     * Repairs the gaps the last exchange shows with this member, each after a second exchange still
     * shows it (the first sighting only marks it "checking").
     *
     * @return whether anything was checked or repaired (the round then exchanges again)
     */
    private boolean repairGaps(PeerSession session, Marks ours) {
        trustWhatTheOwnerConfirms(session, ours);
        List<GapDetector.Gap> gaps = GapDetector.find(self, session.owner, ours, session.peerMarks, lostCheck(session));
        boolean acted = false;
        Set<SyncKey> current = new java.util.HashSet<>();
        for (GapDetector.Gap gap : gaps) {
            SyncKey key = gap.key();
            current.add(key);
            Instant pushed = lastPush.get(key);
            if (pushed != null && pushed.isAfter(clock.instant().minus(QUIET))) {
                continue; // a realtime burst: the next exchange looks again
            }
            if (attempt(gap).equals(session.fruitless.get(key))) {
                continue; // the last recovery from these very summaries moved nothing: wait for either side to change
            }
            RecoveryView now = session.recoveries.get(key);
            if (now == null || now.phase() != RecoveryView.Phase.CHECKING) {
                session.recoveries.put(key, new RecoveryView(RecoveryView.Phase.CHECKING, 0, 0, now == null ? null : now.last()));
                session.state(SessionState.RECOVERING, "checking " + gapWords(gap));
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
    private boolean repairShared(PeerSession session, Marks ours) {
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
                session.state(SessionState.RECOVERING, "checking " + sharedGapWords(session, d));
                acted = true;
                continue;
            }
            runSharedRepair(session, d, false);
            acted = true;
        }
        return acted;
    }

    /** A shared type whose summary differs from the member's last mark of it. */
    private record SharedDifference(ResourceType type, io.tidemark.engine.model.KeySummary here,
                                    io.tidemark.engine.model.KeySummary there) {
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
                io.tidemark.engine.model.KeySummary here = sharedSummary(type, myMark);
                io.tidemark.engine.model.KeySummary there = sharedSummary(type, theirMark);
                if (!here.sameAs(there)) {
                    out.add(new SharedDifference(type, here, there));
                }
            }
        }
        return out;
    }

    private SharedRepair.Result runSharedRepair(PeerSession session, SharedDifference d, boolean byHand) {
        session.state(SessionState.RECOVERING, sharedGapWords(session, d) + "; repairing");
        SharedRepair.Result r = sharedRepair.repair(d.type(), d.there(), (build, answer) -> request(session, build, answer));
        session.sharedChecking.remove(d.type());
        metrics.recordsIn(session.peer, r.fetched());
        if (r.fetched() == 0) {
            session.sharedFruitless.put(d.type(), d.attempt());
        } else {
            session.sharedFruitless.remove(d.type());
        }
        events.event("sync.recovered", session.peer, sharedAuditText(session, r, byHand));
        if (r.fetched() > 0) {
            // Now in our log too: tell the member, or it would read that echo only at its next exchange and
            // we would show it catching up on our log until then.
            offerNotice(session, new Message.DataAvailable("shared records repaired"));
        }
        if (r.applied() > 0) {
            noticeOthers(session.peer, "repaired shared records from " + session.peer.shortForm());
        }
        return r;
    }

    private static io.tidemark.engine.model.KeySummary sharedSummary(ResourceType type, Message.Mark mark) {
        return new io.tidemark.engine.model.KeySummary(null, type, mark.count(), mark.deleted(), mark.digest(), mark.maxVersion());
    }

    /** "tags: 3 here, 5 on desk" with the rows and deletes both sides hold. */
    private String sharedGapWords(PeerSession session, SharedDifference d) {
        return String.format(java.util.Locale.ROOT, "shared %s: %,d here and %,d on %s, with %s and %s", d.type().plural(),
                d.here().rows(), d.there().rows(), nameOf(session.peer),
                io.tidemark.engine.model.Counted.of(d.here().deleted(), "delete", "deletes"),
                io.tidemark.engine.model.Counted.of(d.there().deleted(), "delete", "deletes"));
    }

    private String sharedAuditText(PeerSession session, SharedRepair.Result r, boolean byHand) {
        String member = nameOf(session.peer);
        boolean same = r.after().sameAs(r.theirs());
        return String.format(java.util.Locale.ROOT,
                "%s repair of shared %s with %s: %,d here and %,d there (digests %s and %s), %s of ids differed;"
                        + " fetched %s (%,d changed here)%s; %s in %s in %,d ms; now %,d here%s",
                byHand ? "Manual" : "Automatic", r.type().plural(), member, r.before().items(), r.theirs().items(),
                io.tidemark.engine.model.KeyDigest.hex(r.before().digest()), io.tidemark.engine.model.KeyDigest.hex(r.theirs().digest()),
                io.tidemark.engine.model.Counted.of(r.bucketsDiffering(), "bucket", "buckets"),
                io.tidemark.engine.model.Counted.of(r.fetched(), "record", "records"), r.applied(),
                r.memberLacks() == 0 ? "" : "; " + member + " lacks " + io.tidemark.engine.model.Counted.of(r.memberLacks(),
                        "record", "records") + " this device holds newer, and fetches those itself",
                io.tidemark.engine.model.Counted.bytes(r.bytes()),
                io.tidemark.engine.model.Counted.of(r.roundTrips(), "round trip", "round trips"), r.took().toMillis(),
                r.after().items(), same ? ", the same as there" : r.memberLacks() > 0 ? "" : ", still different: will look again");
    }

    /** Keys whose watermark a restore of library.db made unverified (see {@link RestoreGuard}). */
    private Set<SyncKey> unverifiedKeys() {
        Set<SyncKey> out = new java.util.HashSet<>();
        for (io.tidemark.engine.store.sync.WatermarkStore.Held h : sync.watermarks().held()) {
            if (h.unverified()) {
                out.add(new SyncKey(h.owner(), h.type()));
            }
        }
        return out;
    }

    /**
     * An unverified watermark of the member's own records is verified again once we stand at (or
     * past) its newest position and our summary equals its: then we hold exactly what it holds there.
     */
    private void trustWhatTheOwnerConfirms(PeerSession session, Marks ours) {
        Set<SyncKey> unverified = unverifiedKeys();
        if (unverified.isEmpty()) {
            return;
        }
        for (SyncKey key : unverified) {
            Message.Mark theirs = session.peerMarks.get(key);
            Cursor mine = ours.watermarks().get(key);
            if (key.owner().equals(session.owner) && theirs != null && mine != null && mine.compareTo(cursor(theirs)) >= 0
                    && ours.summary(key).sameAs(GapDetector.summary(key, theirs))) {
                sync.watermarks().setUnverified(key.owner(), key.type(), false);
            }
        }
    }

    /** The member's device name, as people know it; its short id only while its device record has not arrived. */
    private String nameOf(DeviceId peer) {
        return deviceNames().getOrDefault(Ids.fromDigest(peer.bytes()), peer.shortForm());
    }

    private GapDetector.LostCheck lostCheck(PeerSession session) {
        return (type, theirs) -> restoreGuard.mayHoldLost(session.peer, type, theirs);
    }

    /** The two summaries a recovery started from: the same pair again means it would achieve nothing new. */
    private static String attempt(GapDetector.Gap gap) {
        return gap.ours() + " " + gap.theirs() + " " + gap.reclaim();
    }

    /** "entries from alpha: 33,104 missing, 412 stale" as far as the summaries tell. */
    private String gapWords(GapDetector.Gap gap) {
        String whose = gap.key().type().plural() + " from " + deviceNames().getOrDefault(gap.key().owner(), "device "
                + gap.key().owner().toString().substring(0, 8));
        long diff = gap.theirs().items() - gap.ours().items();
        if (gap.reclaim()) {
            return "this device's " + gap.key().type().plural() + ": the member holds " + String.format(java.util.Locale.ROOT,
                    "%,d", Math.max(0, diff)) + " more than this device (its library was restored from an older copy?)";
        }
        if (diff > 0) {
            return whose + ": " + io.tidemark.engine.model.Counted.of(diff, "record", "records") + " missing";
        }
        if (diff < 0) {
            return whose + ": " + io.tidemark.engine.model.Counted.of(-diff, "record", "records") + " too many";
        }
        return whose + ": the same count, but different versions";
    }

    /**
     * Recovers one key from the session's member, under the key's lock (a pull or another recovery of
     * it waits), and writes the audit event.
     *
     * @return the result, or null if another pull of the key held it
     */
    private GapRecovery.Result runRecovery(PeerSession session, GapDetector.Gap gap, boolean byHand) {
        SyncKey key = gap.key();
        ReentrantLock lock = keyLocks.computeIfAbsent(key, k -> new ReentrantLock());
        if (!lock.tryLock()) {
            return null;
        }
        try {
            String words = gapWords(gap);
            listener.recovering(session.peer, key.owner(), key.type(), gap.reclaim());
            session.recoveries.put(key, new RecoveryView(RecoveryView.Phase.REPAIRING, 0, 0, null));
            session.state(SessionState.RECOVERING, words + "; repairing");
            GapRecovery.Mode mode = gap.reclaim() ? GapRecovery.Mode.RECLAIM : GapRecovery.Mode.REPAIR;
            if (gap.reclaim()) {
                // New records must never reuse a version the member already holds of ours.
                library.raiseVersionCounter(key.type(), gap.theirs().maxVersion() + VERSION_RESERVE);
            }
            GapRecovery.Result r = recovery.recover(key, gap.upTo(), mode, build -> request(session, build, Message.RecoverPage.class),
                    (done, total) -> {
                        session.recoveries.put(key, new RecoveryView(RecoveryView.Phase.REPAIRING, done, total, null));
                        session.state(SessionState.RECOVERING, String.format(java.util.Locale.ROOT, "%s; repairing %d%%", words,
                                total == 0 ? 100 : Math.min(100, done * 100 / total)));
                    });
            metrics.recordsIn(session.peer, r.fetched());
            listener.recovered(session.peer, key.owner(), key.type(), r.fetched(), r.removed());
            if (gap.reclaim()) {
                restoreGuard.reclaimed(session.peer, key.type());
            }
            if (r.fetched() == 0 && r.removed() == 0) {
                session.fruitless.put(key, attempt(gap));
            } else {
                session.fruitless.remove(key);
            }
            boolean matched = !gap.reclaim() && r.after().sameAs(gap.theirs());
            String text = auditText(session, gap, r, byHand, matched);
            session.recoveries.put(key, RecoveryView.idle(new RecoveryView.Summary(r.fetched(), r.removed(), r.bytes(), r.roundTrips(),
                    r.took().toMillis(), r.after().rows(), r.after().deleted(), matched, clock.instant(), text)));
            events.event("sync.recovered", session.peer, text);
            if (r.fetched() > 0 || r.removed() > 0) {
                noticeOthers(session.peer, "recovered records from " + session.peer.shortForm());
            }
            return r;
        } finally {
            lock.unlock();
        }
    }

    /** Versions skipped past the highest a member holds of ours, when our library.db went back in time. */
    static final long VERSION_RESERVE = 1_000_000;

    private String auditText(PeerSession session, GapDetector.Gap gap, GapRecovery.Result r, boolean byHand, boolean matched) {
        Map<UUID, String> names = deviceNames();
        String member = names.getOrDefault(session.owner, session.peer.shortForm());
        String whose = gap.key().type().plural() + " from " + names.getOrDefault(gap.key().owner(), "device "
                + gap.key().owner().toString().substring(0, 8));
        return String.format(java.util.Locale.ROOT,
                "%s recovery of %s with %s: found %,d here and %,d there (digests %s and %s); fetched %s, removed %s; %s in %s"
                        + " in %,d ms; now %,d here%s",
                byHand ? "Manual" : "Automatic", whose, member, gap.ours().items(), gap.theirs().items(),
                io.tidemark.engine.model.KeyDigest.hex(gap.ours().digest()), io.tidemark.engine.model.KeyDigest.hex(gap.theirs().digest()),
                io.tidemark.engine.model.Counted.of(r.fetched(), "record", "records"),
                io.tidemark.engine.model.Counted.of(r.removed(), "record", "records"),
                io.tidemark.engine.model.Counted.bytes(r.bytes()), io.tidemark.engine.model.Counted.of(r.roundTrips(), "round trip", "round trips"),
                r.took().toMillis(), r.after().items(), gap.reclaim() ? "" : matched ? ", the same as there" : ", still different: will look again");
    }


    /**
     * One key a recovery with a member repairs: what each side held (rows and deletes), and what
     * moved, or, for a dry run, would move ({@code bytes} then an estimate, {@code roundTrips} 0).
     * {@code owner} is null for a shared type (reconciled: nothing is removed, the newer version wins).
     */
    public record RecoveryOutcome(UUID owner, ResourceType type, long ours, long theirs, long fetched, long removed, long bytes,
                                  int roundTrips, long millis, long after, boolean reclaim, boolean dryRun) {
    }

    /**
     * Dry run: the keys whose summaries differ from the member's (of {@code owner} and of {@code type}
     * only, each if given) and what a recovery would move for each, asked of the member without moving
     * anything.
     */
    public List<RecoveryOutcome> planRecovery(DeviceId peer, UUID owner, ResourceType type) {
        PeerSession session = connectedSession(peer);
        exchange(session); // the member's summaries as they are now, as the real run sees them
        Marks ours = ourMarks();
        List<RecoveryOutcome> out = new ArrayList<>();
        for (GapDetector.Gap gap : GapDetector.findAny(self, session.owner, ours, session.peerMarks, lostCheck(session))) {
            if (!wanted(gap, owner, type)) {
                continue;
            }
            GapRecovery.Plan plan = recovery.plan(gap.key(), gap.upTo(), gap.reclaim() ? GapRecovery.Mode.RECLAIM : GapRecovery.Mode.REPAIR,
                    build -> request(session, build, Message.RecoverPage.class));
            out.add(new RecoveryOutcome(gap.key().owner(), gap.key().type(), gap.ours().items(), gap.theirs().items(), plan.toFetch(),
                    plan.toRemove(), plan.bytes(), 0, 0, gap.ours().items(), gap.reclaim(), true));
        }
        for (SharedDifference d : sharedDifferences(session, ours)) {
            if (owner == null && (type == null || type == d.type())) {
                SharedRepair.Plan plan = sharedRepair.plan(d.type(), d.there(), (build, answer) -> request(session, build, answer));
                out.add(new RecoveryOutcome(null, d.type(), d.here().items(), d.there().items(), plan.toFetch(), 0, plan.bytes(), 0, 0,
                        d.here().items(), false, true));
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
    public List<RecoveryOutcome> recoverNow(DeviceId peer, UUID owner, ResourceType type) {
        PeerSession session = connectedSession(peer);
        exchange(session);
        Marks ours = ourMarks();
        List<RecoveryOutcome> out = new ArrayList<>();
        events.event("sync.recover", peer, "Surgical recovery with " + nameOf(peer)
                + " asked for");
        for (GapDetector.Gap gap : GapDetector.findAny(self, session.owner, ours, session.peerMarks, lostCheck(session))) {
            if (!wanted(gap, owner, type)) {
                continue;
            }
            GapRecovery.Result r = runRecovery(session, gap, true);
            if (r != null) {
                out.add(new RecoveryOutcome(gap.key().owner(), gap.key().type(), gap.ours().items(), gap.theirs().items(), r.fetched(),
                        r.removed(), r.bytes(), r.roundTrips(), r.took().toMillis(), r.after().items(), gap.reclaim(), false));
            }
        }
        for (SharedDifference d : sharedDifferences(session, ours)) {
            if (owner == null && (type == null || type == d.type())) {
                SharedRepair.Result r = runSharedRepair(session, d, true);
                out.add(new RecoveryOutcome(null, d.type(), d.here().items(), d.there().items(), r.fetched(), 0, r.bytes(),
                        r.roundTrips(), r.took().toMillis(), r.after().items(), false, false));
            }
        }
        requestRound(session, "after a surgical recovery");
        return out;
    }

    /** Whether a recovery asked for {@code owner} and {@code type} (null: any) covers {@code gap}. */
    private static boolean wanted(GapDetector.Gap gap, UUID owner, ResourceType type) {
        return (owner == null || gap.key().owner().equals(owner)) && (type == null || gap.key().type() == type);
    }

    private PeerSession connectedSession(DeviceId peer) {
        PeerSession session = sessions.get(peer);
        if (session == null || !session.connected()) {
            throw new IllegalStateException(deviceNames().getOrDefault(Ids.fromDigest(peer.bytes()), nameOf(peer))
                    + " is not connected; a recovery needs it online.");
        }
        if (paused.contains(peer)) {
            throw new IllegalStateException("Sync with " + nameOf(peer) + " is paused; resume it first.");
        }
        if (session.lastExchange == null) {
            exchange(session);
        }
        return session;
    }

    // ---------------------------------------------------------------------------------------------
    // Controls and views

    /** Runs a round with the member now. */
    public void catchUp(DeviceId peer) {
        PeerSession session = sessions.get(peer);
        if (session == null || !session.connected()) {
            throw new IllegalStateException(nameOf(peer) + " is not connected; it catches up when it connects.");
        }
        if (paused.contains(peer)) {
            throw new IllegalStateException("Sync with " + nameOf(peer) + " is paused; resume it first.");
        }
        events.event("sync.catch_up", peer, "Catch-up with " + nameOf(peer) + " asked for");
        requestRound(session, "catch up now");
    }

    /**
     * Forgets our watermarks and checkpoints of the owners the member serves ({@code type} only, if
     * given) and starts a backfill from it. Rows stay: applying them again is idempotent.
     */
    public void resync(DeviceId peer, ResourceType type) {
        PeerSession session = session(peer);
        Set<UUID> owners = new java.util.HashSet<>();
        owners.add(session.owner);
        session.peerMarks.keySet().forEach(k -> owners.add(k.owner()));
        owners.remove(self);
        int reset = 0;
        if (type == null || type.deviceOwned()) {
            for (UUID owner : owners) {
                for (ResourceType t : SyncOrder.deviceOwned()) {
                    if (type != null && t != type) {
                        continue;
                    }
                    SyncKey key = new SyncKey(owner, t);
                    ReentrantLock lock = keyLocks.computeIfAbsent(key, k -> new ReentrantLock());
                    lock.lock(); // waits for a page in flight, so the pull cannot move it again
                    try {
                        sync.database().write(c -> {
                            sync.watermarks().reset(c, owner, t);
                            sync.checkpoints().deleteAll(c, owner, t);
                            return null;
                        });
                        reset++;
                    } finally {
                        lock.unlock();
                    }
                }
            }
        }
        if (type == null || !type.deviceOwned()) {
            // Pull the member's whole log again (or its snapshot, if it pruned): applying is idempotent.
            sync.database().write(c -> {
                sync.pulled().set(c, peer.bytes(), LogPosition.START);
                return null;
            });
        }
        events.event("sync.resync", peer, "Full resync with " + nameOf(peer) + ": "
                + (type == null ? "every kind of record" : "all " + type.plural()) + " start over ("
                + io.tidemark.engine.model.Counted.of(reset, "watermark", "watermarks") + " reset)");
        requestRound(session, "full resync");
    }

    public void pause(DeviceId peer) {
        if (paused.add(peer)) {
            pausedSaver.accept(Set.copyOf(paused));
            events.event("sync.paused", peer, "Paused sync with " + nameOf(peer));
        }
        session(peer).state(SessionState.PAUSED, "paused on this device");
    }

    public void resume(DeviceId peer) {
        if (paused.remove(peer)) {
            pausedSaver.accept(Set.copyOf(paused));
            events.event("sync.resumed", peer, "Resumed sync with " + nameOf(peer));
        }
        PeerSession session = session(peer);
        if (session.connected()) {
            session.state(SessionState.CONNECTING, "exchanging watermarks");
            requestRound(session, "resumed");
        } else {
            session.state(SessionState.OFFLINE, "not connected");
        }
    }

    public boolean isPaused(DeviceId peer) {
        return paused.contains(peer);
    }

    /**
     * Each known member's sync view. A member last seen ready shows as catching up while {@code ours}
     * (read now) holds records past what it confirmed: a commit made since — by any process — is not
     * "in sync" until the member's exchange says it arrived.
     */
    public Map<DeviceId, PeerSyncView> views(Marks ours) {
        Map<DeviceId, PeerSyncView> out = new HashMap<>();
        sessions.forEach((peer, s) -> {
            PeerSyncView view = s.view();
            if (view.state() == SessionState.READY) {
                int unconfirmed = peerBehind(s, ours);
                List<Behind> behind = behind(s, ours);
                if (!behind.isEmpty()) {
                    // Our watermarks moved back since (a resync) or the member told us of more: not ready
                    // until a round has pulled it.
                    view = new PeerSyncView(SessionState.CATCHING_UP, describe(behind, false), view.since(), view.peerMarks(),
                            view.progress(), view.sharedMarks(), view.lastExchange(), view.sharedPull(), view.recoveries());
                } else if (unconfirmed > 0) {
                    view = new PeerSyncView(SessionState.CATCHING_UP, "sending new changes ("
                            + io.tidemark.engine.model.Counted.of(unconfirmed, "kind of record", "kinds of records") + " not confirmed yet)", view.since(), view.peerMarks(), view.progress(),
                            view.sharedMarks(), view.lastExchange(), view.sharedPull(), view.recoveries());
                }
            }
            out.put(peer, view);
        });
        return out;
    }

    /** Flushes realtime changes now (tests and hosts that just wrote). */
    public void flushLocalChanges() {
        push.localCommitted();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
