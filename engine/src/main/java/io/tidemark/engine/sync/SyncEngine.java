package io.tidemark.engine.sync;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.Counted;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.sync.SyncStore;
import io.tidemark.engine.transport.PeerChannel;
import io.tidemark.engine.transport.SyncHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this device's copy of every member's records converging with its connected members: the
 * small facade the transport, the engine host and the simulator talk to. The work is split by concept:
 *
 * <ul>
 *   <li>{@link Rounds}: per member, exchange, pull what it holds further ({@link KeyPuller}, the shared
 *       log), repair gaps ({@link GapRepairs}), until nothing is behind;</li>
 *   <li>{@link RequestServer}: answers a member's pages, exchanges and recovery questions;</li>
 *   <li>{@link RealtimeReceiver} and {@link RealtimePush}: realtime batches in and out;</li>
 *   <li>{@link KeyWatermarks}: the one place a watermark moves, never past an unapplied record;</li>
 *   <li>{@link SyncControls}: catch up, resync, pause, resume, and the views the snapshot shows.</li>
 * </ul>
 *
 * <p>Nothing here blocks on a slow member: notices go through a bounded queue per connection, and a
 * full queue becomes a "data available" later, never a loss ({@link Notices}).
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

    /**
     * One key a recovery with a member repairs: what each side held (rows and deletes), and what
     * moved, or, for a dry run, would move ({@code bytes} then an estimate, {@code roundTrips} 0).
     * {@code owner} is null for a shared type (reconciled: nothing is removed, the newer version wins).
     */
    public record RecoveryOutcome(UUID owner, ResourceType type, long ours, long theirs, long fetched, long removed, long bytes,
                                  int roundTrips, long millis, long after, boolean reclaim, boolean dryRun) {
    }

    private final SyncContext ctx;
    private final SyncRuntime runtime;
    private final Sessions sessions;
    private final SharedLogSync shared;
    private final OurMarks ourMarks;
    private final Notices notices;
    private final RealtimePush push;
    private final RealtimeReceiver receiver;
    private final Rounds rounds;
    private final GapRepairs repairs;
    private final RequestServer server;
    private final SyncControls controls;
    private final Map<DeviceId, MemberInbox> inboxes = new java.util.concurrent.ConcurrentHashMap<>();

    public SyncEngine(LibraryStore library, SyncStore sync, Options options, SyncMetrics metrics, EventSink events,
                      Set<DeviceId> initiallyPaused, Consumer<Set<DeviceId>> pausedSaver) {
        this(library, sync, options, metrics, events, initiallyPaused, pausedSaver, SyncRuntime.threads());
    }

    /** An engine on {@code runtime}'s threads and clock (the simulator's, in its tests); closing the engine closes it. */
    public SyncEngine(LibraryStore library, SyncStore sync, Options options, SyncMetrics metrics, EventSink events,
                      Set<DeviceId> initiallyPaused, Consumer<Set<DeviceId>> pausedSaver, SyncRuntime runtime) {
        this.runtime = runtime;
        this.ctx = SyncContext.of(library, sync, options, events, metrics, runtime);
        this.sessions = new Sessions(ctx.clock(), initiallyPaused, pausedSaver);
        this.shared = new SharedLogSync(library, sync, ctx.clock(), options.sharedRetention(),
                Math.min(options.pageSize(), SharedLogSync.MAX_PAGE), options.requestTimeout());
        RestoreGuard restoreGuard = new RestoreGuard(library, sync);
        checkAtOpen(restoreGuard);
        this.ourMarks = new OurMarks(library, sync, shared, ctx.self());
        this.notices = new Notices(sessions);
        KeyWatermarks watermarks = new KeyWatermarks(library, sync);
        RecentPushes recentPushes = new RecentPushes(ctx.clock());
        MemberStanding standing = new MemberStanding(ctx, shared, ourMarks);
        this.repairs = new GapRepairs(ctx, watermarks, sessions, standing, ourMarks, notices, recentPushes, restoreGuard, shared);
        this.rounds = new Rounds(ctx, runtime.rounds(), sessions, standing, new KeyPuller(ctx, watermarks, sessions), repairs,
                shared, notices);
        this.receiver = new RealtimeReceiver(ctx, watermarks, shared, notices, rounds, recentPushes);
        this.server = new RequestServer(ctx, sessions, ourMarks, standing, repairs, rounds, shared,
                new RecoveryServer(library, sync, ctx.self(), restoreGuard), new PageReadAhead(runtime.readAhead()));
        this.controls = new SyncControls(ctx, sessions, watermarks, standing, rounds);
        this.push = new RealtimePush(library, ctx.self(), options, shared, restoreGuard::record, sessions::active, notices::all);
        // What was issued is in sync.db before any member can see it: pushes and pulls come after the commit listeners.
        library.onLocalCommit(() -> {
            restoreGuard.record();
            push.localCommitted();
        });
    }

    /**
     * Before anything is written: a library.db or sync.db restored from an older copy must not reuse
     * versions or stamps, pass on what it may lack, or skip shared changes it lost. Each finding is an event.
     */
    private void checkAtOpen(RestoreGuard restoreGuard) {
        EventSink events = ctx.events();
        if (shared.replacedAtOpen()) {
            events.event("sync.log_restarted", null, "This device's shared changes went back (its sync.db was restored"
                    + " or lost its last writes); members will read them again from the start");
        }
        String restored = restoreGuard.check();
        if (restored != null) {
            events.event("library.restored", null, restored);
        }
        List<String> unverified = restoreGuard.distrustLyingWatermarks(ctx.names().all());
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
                        + Counted.of(back, "tag, collection or content record", "tags, collections or content records")
                        + " came back from its own log, and each member's are read again once.");
            }
        }
    }

    /** Starts the timers: realtime polling of other processes' commits and the periodic exchange. */
    public void start() {
        SyncRuntime.Timer timer = ctx.timer();
        push.start(timer);
        Duration poll = ctx.options().localPoll();
        timer.every(poll, poll, guard(notices::payOwed));
        Duration every = ctx.options().exchangeInterval();
        timer.every(every, every, guard(() -> rounds.requestAll("periodic exchange")));
        // Pruning needs every member's ack; once an hour is plenty for a log that only grows with edits.
        timer.every(Duration.ofMinutes(1), Duration.ofMinutes(60), guard(shared::prune));
    }

    private Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("Sync timer task failed", e);
            }
        };
    }

    /** The shared change-log side, e.g. to follow what it applies. */
    public SharedLogSync shared() {
        return shared;
    }

    public void listener(Listener listener) {
        ctx.listenerRef().set(listener);
    }

    // ---------------------------------------------------------------------------------------------
    // Transport callbacks

    @Override
    public void connected(PeerChannel channel) {
        PeerSession session = sessions.of(channel.peer());
        session.channel = channel;
        session.failures = 0;
        if (sessions.isPaused(channel.peer())) {
            session.state(SessionState.PAUSED, "paused on this device");
            return;
        }
        session.state(SessionState.CONNECTING, "exchanging watermarks");
        rounds.request(session, "connected");
    }

    @Override
    public void membersChanged(PeerChannel channel) {
        PeerSession session = sessions.of(channel.peer());
        if (session.channel == null || !session.channel.isOpen()) {
            session.channel = channel;
        }
        rounds.request(session, "member list changed");
    }

    @Override
    public void disconnected(DeviceId peer) {
        server.disconnected(peer);
        PeerSession session = sessions.existing(peer);
        if (session == null || session.connected()) {
            return; // a newer connection replaced the one that ended
        }
        session.state(SessionState.OFFLINE, "disconnected");
        session.progress.replaceAll((key, p) -> p.active() ? p.finished(ctx.clock().instant()) : p);
    }

    @Override
    public Message.Response serve(DeviceId peer, Message.Request request) {
        return server.serve(peer, request);
    }

    /**
     * Queues the member's notice and returns: it is applied on the inbox, in the order the member sent
     * it, never on the connection's reader thread (pings and pages must not wait behind a write).
     */
    @Override
    public void notice(DeviceId peer, Message.Notice notice) {
        if (sessions.isPaused(peer)) {
            return; // the exchange after resume catches up
        }
        PeerSession session = sessions.of(peer);
        inboxes.computeIfAbsent(peer, p -> new MemberInbox(session, runtime.inbox(), this::apply,
                () -> rounds.request(session, "realtime changes did not fit the inbox"), rounds::failed)).offer(notice);
    }

    private void apply(PeerSession session, Message.Notice notice) {
        if (sessions.isPaused(session.peer)) {
            return;
        }
        DeviceId peer = session.peer;
        switch (notice) {
            case Message.PushBatch batch -> receiver.apply(session, batch);
            case Message.DataAvailable available -> rounds.request(session, "data available: " + available.reason());
            case Message.SharedAck ack -> shared.acked(peer, ack.position());
            case Message.SharedPush sharedPush -> receiver.applyShared(session, sharedPush);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Marks, recovery, controls and views

    public Marks ourMarks() {
        return ourMarks.read();
    }

    /** Dry run of a recovery with the member ({@code owner}'s and {@code type}'s keys only, each if given). */
    public List<RecoveryOutcome> planRecovery(DeviceId peer, UUID owner, ResourceType type) {
        return repairs.plan(peer, owner, type);
    }

    /** Recovers now, by hand, every key that differs from the member's ({@code owner}'s and {@code type}'s only, each if given). */
    public List<RecoveryOutcome> recoverNow(DeviceId peer, UUID owner, ResourceType type) {
        List<RecoveryOutcome> done = repairs.recoverNow(peer, owner, type);
        rounds.request(sessions.of(peer), "after a surgical recovery");
        return done;
    }

    /** Runs a round with the member now. */
    public void catchUp(DeviceId peer) {
        controls.catchUp(peer);
    }

    /** Starts over with the member: every watermark of the owners it serves ({@code type}'s only, if given). Never waits. */
    public void resync(DeviceId peer, ResourceType type) {
        controls.resync(peer, type);
    }

    public void pause(DeviceId peer) {
        controls.pause(peer);
    }

    public void resume(DeviceId peer) {
        controls.resume(peer);
    }

    public boolean isPaused(DeviceId peer) {
        return sessions.isPaused(peer);
    }

    /** Each known member's sync view, judged against {@code ours} (read now). */
    public Map<DeviceId, PeerSyncView> views(Marks ours) {
        return controls.views(ours);
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
