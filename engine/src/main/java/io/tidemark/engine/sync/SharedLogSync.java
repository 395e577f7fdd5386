package io.tidemark.engine.sync;

import io.tidemark.engine.clock.ClockSkewException;
import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LogIncarnation;
import io.tidemark.engine.model.LogPosition;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SharedVersion;
import io.tidemark.engine.model.SnapshotPosition;
import io.tidemark.engine.model.SyncOrder;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.sync.ChangeLogEntry;
import io.tidemark.engine.store.sync.ChangeLogStore;
import io.tidemark.engine.store.sync.LoggedChange;
import io.tidemark.engine.store.sync.SyncStore;
import io.tidemark.engine.transport.PeerChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared resources (content identities, tags, collections and their links) kept in sync through a
 * change log per device, conflicts resolved last-writer-wins by (HLC, origin) on every device alike.
 *
 * <p>Each device logs every shared change it knows of, its own and those it received, in its own
 * append order {@code seq}; peers pull that log after the last seq they applied. Seq, not HLC, is the
 * cursor: a change can arrive late with an old HLC (relayed from a device that was away), and an HLC
 * cursor would already be past it.
 *
 * <p>library.db and sync.db are separate files, so nothing is committed to both at once; the order
 * of the commits is what loses nothing:
 * <ul>
 * <li>Own changes are committed to library.db first, by anyone (a CLI run included); {@link #tail()}
 *     copies those after its mark into the log and moves the mark in one sync.db transaction, so a
 *     crash in between leaves them to the next tail.
 * <li>Received changes are applied to library.db first; then, in one sync.db transaction, they are
 *     logged and the source's pulled seq moves. A crash in between makes the next pull fetch them
 *     again, and applying twice changes nothing.
 * </ul>
 *
 * <p>Acks say how far each member applied this device's log; {@link #prune()} deletes only what
 * every member acknowledged, and nothing while a member never acknowledged. A member away past the
 * retention limit stops holding the log back; when it returns from below the pruned mark, or asks
 * from a position this log never had, it is served a snapshot of the current shared rows and deletes,
 * ending at the log head of the snapshot's start, never a silent gap.
 *
 * <p>Seqs only count within one {@linkplain LogIncarnation incarnation} of a log, and every position
 * is (incarnation, seq). The log lives in sync.db; if that file is restored from an older copy, or a
 * power cut takes its last commits, its seqs go back and new entries reuse seqs members already
 * hold others under: pulled "after N", they would be skipped. So the log gets a new incarnation
 * when it can have gone back, found two ways:
 * <ul>
 * <li>At open: library.db keeps the highest position ever handed to a member, raised before the
 *     member hears of it ({@link #mark}); a head below it, or of another incarnation, went back.
 *     That catches a sync.db restored or cut short on its own.
 * <li>When a member says it holds this incarnation beyond the head (a pull, an exchange, an ack):
 *     no live log hands that out. That catches both files restored together, as long as a member
 *     asks before new entries pass its position again.
 * </ul>
 * A member that finds the peer's log of another incarnation than its position, or with a head below
 * it, is served a snapshot from the start, the same as a member away too long: applying is
 * idempotent (last writer wins by HLC), so reading again costs time, never data.
 */
public final class SharedLogSync {

    private static final Logger LOG = LoggerFactory.getLogger(SharedLogSync.class);

    /** The most changes one page carries, whatever the puller asks for. */
    public static final int MAX_PAGE = 10_000;
    /** How long a member may be away before it stops holding the log back. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    /** Hooks for tests to cut a pull at an exact point, and for progress reporting. */
    public interface Listener {
        /** After a page was committed to library.db, before it is logged and the pulled seq moves (the crash window). */
        default void applied(DeviceId from, int changes) {
        }
    }

    /**
     * What a pull did.
     *
     * @param received changes (or snapshot rows) transferred
     * @param applied  of those, how many changed a row of library.db
     * @param pages    pages asked for
     * @param snapshot whether the peer served a snapshot instead of its log
     * @param pulledSeq the peer's seq pulled through at the end (what was acked)
     * @param replaced  whether the peer's log was no longer the one pulled before (another
     *                  incarnation, or its head below what was pulled), so it was read from the start
     * @param relayed   whether our log gained changes another device made: the peer lacks them in
     *                  our log until it pulls again, though it holds them
     */
    public record PullResult(int received, int applied, int pages, boolean snapshot, long pulledSeq, boolean replaced,
                             boolean relayed) {
    }

    private final LibraryStore library;
    private final SyncStore sync;
    private final ChangeLogStore log;
    private final Clock clock;
    private final Duration retention;
    private final int pageSize;
    private final Duration timeout;
    private final UUID self;
    private final boolean replacedAtOpen;
    /** The high-water mark this process last wrote: writing it again where it stands costs a durable commit for nothing. */
    private volatile LogPosition marked;
    private volatile Listener listener = new Listener() { };

    public SharedLogSync(LibraryStore library, SyncStore sync, Clock clock, Duration retention, int pageSize) {
        this(library, sync, clock, retention, pageSize, Duration.ofSeconds(30));
    }

    /**
     * @param clock     the time source of the retention limit
     * @param retention how long a member may be away before it stops holding the log back
     * @param pageSize  changes per pull page (at most {@link #MAX_PAGE})
     * @param timeout   how long a pull waits for each page
     */
    public SharedLogSync(LibraryStore library, SyncStore sync, Clock clock, Duration retention, int pageSize, Duration timeout) {
        this.library = Objects.requireNonNull(library, "library");
        this.sync = Objects.requireNonNull(sync, "sync");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = sync.changeLog();
        this.retention = Objects.requireNonNull(retention, "retention");
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative: " + retention);
        }
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw new IllegalArgumentException("pageSize must be within 1.." + MAX_PAGE + ", got " + pageSize);
        }
        this.pageSize = pageSize;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.self = library.identity().deviceId();
        this.replacedAtOpen = replaceIfWentBack();
    }

    /**
     * Gives the log a new incarnation if it went back since a member last heard of it: its head is
     * below library.db's high-water mark, or of another incarnation (sync.db restored from an older
     * copy, its last commits lost, or made afresh while library.db stayed). The mark is read before
     * the head: it is only ever raised to positions the log already holds, so a live log's head is
     * at or past any mark read earlier, even while another process on this home serves members.
     */
    private boolean replaceIfWentBack() {
        Optional<LogPosition> mark = library.sharedLogMark();
        LogPosition head = log.head();
        if (mark.isEmpty() || !mark.get().replacedBy(head)) {
            marked = mark.orElse(null);
            return false;
        }
        LogIncarnation now = log.replaceIncarnation(head.incarnation());
        LOG.warn("The shared change log went back (at {}, members were told {}): it continues as incarnation {},"
                + " and members read it again from the start", head, mark.get(), now);
        mark(log.head()); // else the next open would find the old mark and replace it again
        return true;
    }

    /** Whether opening found this log gone back and gave it a new incarnation (for the event log). */
    public boolean replacedAtOpen() {
        return replacedAtOpen;
    }

    /**
     * Before a member may learn {@code position} of this log: raises library.db's high-water mark to
     * it, so that a sync.db coming back with a lower head is found out when opened. One durable
     * library.db commit per new head handed out, none for a position already marked.
     */
    private void mark(LogPosition position) {
        LogPosition last = marked;
        if (last != null && last.incarnation().equals(position.incarnation()) && last.seq() >= position.seq()) {
            return;
        }
        library.markSharedLog(position);
        marked = position;
    }

    /**
     * A member says it holds this log through {@code position}. In this incarnation and beyond the
     * head, that is a position no live log hands out: the log went back without the mark seeing it
     * (library.db went back with it), so it gets a new incarnation now, and every member, not only
     * this one, reads it again before trusting its seqs.
     *
     * @return the head after that
     */
    public LogPosition heldBy(DeviceId member, LogPosition position) {
        LogPosition head = log.head();
        if (!position.incarnation().equals(head.incarnation()) || position.seq() <= head.seq()) {
            return head;
        }
        LogIncarnation now = log.replaceIncarnation(head.incarnation());
        LOG.warn("{} holds this device's shared change log through {}, beyond its head {}: the log went back;"
                + " it continues as incarnation {}", member.shortForm(), position, head, now);
        return log.head();
    }

    public void listener(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Copies this device's shared changes committed to library.db since the last tail into the log,
     * page by page; each page and the tail mark move together. Safe to call at any time and from any
     * thread of this process (calls are serialized); changes made by other processes are found too.
     *
     * @return how many entries were appended
     */
    public synchronized int tail() {
        int appended = 0;
        Cursor through = log.tailedThrough();
        while (true) {
            List<SharedVersion> page = library.sharedChangesBy(self, through, pageSize);
            if (page.isEmpty()) {
                return appended;
            }
            SharedVersion last = page.get(page.size() - 1);
            through = new Cursor(last.hlc(), last.uuid());
            appended += log.appendTailed(page.stream().map(SharedJson::entry).toList(), through);
            if (page.size() < pageSize) {
                return appended;
            }
        }
    }

    /**
     * Answers a peer's pull: the log after its position, its own changes left out; or a snapshot
     * page when the log cannot serve that position (pruned past it, of another incarnation, or
     * beyond the head: the log went back since the peer pulled).
     *
     * @throws IllegalArgumentException for a request no honest peer sends (bad requester or snapshot position)
     */
    public Message.SharedPullPage serve(DeviceId peer, Message.SharedPullRequest request) {
        Objects.requireNonNull(peer, "peer");
        UUID requester = UUID.fromString(request.requester());
        int limit = Math.min(request.limit(), MAX_PAGE);
        LogPosition asked = request.after();
        LogPosition head = heldBy(peer, asked);
        if (!request.snapshotFrom().isEmpty()) {
            SnapshotPosition from = SnapshotPosition.parse(request.snapshotFrom());
            // A snapshot goes on only in the log it began in; one the log was replaced under starts over.
            boolean sameLog = asked.incarnation().equals(head.incarnation()) && asked.seq() <= head.seq();
            return sameLog ? snapshotPage(request, from, asked, limit) : snapshotPage(request, SnapshotPosition.START, head, limit);
        }
        if (asked.replacedBy(head)) {
            return snapshotPage(request, SnapshotPosition.START, head, limit);
        }
        ChangeLogStore.LogPage page = log.page(asked.seq(), requester, limit);
        // Read again with the page: the log may have been replaced since the head above was read.
        if (asked.replacedBy(page.headPosition()) || asked.seq() < page.prunedThrough()) {
            return snapshotPage(request, SnapshotPosition.START, page.headPosition(), limit);
        }
        List<Message.SharedChange> changes = page.changes().stream().map(LoggedChange::entry).map(SharedJson::message).toList();
        mark(new LogPosition(page.incarnation(), page.lastSeq()));
        return new Message.SharedPullPage(request.requestId(), page.incarnation(), changes, page.lastSeq(), page.remaining(),
                false, "");
    }

    /** A page of the current shared rows and deletes, to continue after {@code endsAt} (the head when it began). */
    private Message.SharedPullPage snapshotPage(Message.SharedPullRequest request, SnapshotPosition from, LogPosition endsAt,
                                                int limit) {
        LibraryStore.SharedSnapshot snapshot = library.sharedSnapshot(from, limit);
        List<Message.SharedChange> changes = snapshot.versions().stream().map(SharedJson::message).toList();
        mark(endsAt);
        return new Message.SharedPullPage(request.requestId(), endsAt.incarnation(), changes, endsAt.seq(), snapshot.remaining(),
                true, snapshot.next() == null ? "" : snapshot.next().text());
    }

    /**
     * Pulls everything {@code channel}'s peer has logged after what was pulled from it before, applies
     * it and logs it here (so it travels on to members that never meet that peer), then acknowledges.
     * Runs on the caller's thread; one pull per peer at a time is the caller's business.
     *
     * @throws IllegalStateException if the peer fails, times out or sends something malformed; what
     *                               was committed before stays, and the next pull resumes from there
     */
    /**
     * Whether library.db holds less of the shared state than this log has applied: the log is only
     * appended after library.db committed a change, so a newest HLC in the log above library.db's
     * newest shared row or delete means library.db went back to an older copy.
     */
    public boolean libraryBehindLog() {
        long logged = log.newestHlc();
        long held = 0;
        for (ResourceType type : SyncOrder.shared()) {
            held = Math.max(held, library.sharedNewest(type));
        }
        // The log may be pruned empty; how far our own changes were tailed into it is kept apart, and
        // library.db held a change at least that new (a later version of the row is newer still).
        return held < Math.max(logged, log.tailedThrough().stamp());
    }

    /** Members whose whole shared state this device still has to read once (see {@link #snapshotFromEveryMember}). */
    private volatile boolean snapshotWanted;
    private final java.util.Set<DeviceId> snapshotTaken = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * After library.db went back: from each member, read its whole shared state once (a snapshot),
     * own-origin rows included, which its log would leave out; this brings back what a restore took
     * and the pruned log no longer holds. Last writer wins makes reading it harmless.
     */
    public void snapshotFromEveryMember() {
        snapshotTaken.clear();
        snapshotWanted = true;
    }

    /** Whether the next pull from {@code peer} reads its whole shared state. */
    public boolean wantsSnapshot(DeviceId peer) {
        return snapshotWanted && !snapshotTaken.contains(peer);
    }

    /**
     * Applies every change still in the log to library.db again, last writer wins, so shared rows a
     * restore of library.db took back come back too (also this device's own, which members never
     * send back to their origin). Returns how many rows changed.
     */
    public int replayIntoLibrary() {
        int changed = 0;
        long after = 0;
        while (true) {
            ChangeLogStore.LogPage page = log.page(after, null, MAX_PAGE);
            if (page.changes().isEmpty()) {
                return changed;
            }
            List<SharedVersion> versions = new ArrayList<>(page.changes().size());
            for (LoggedChange change : page.changes()) {
                versions.add(SharedJson.version(SharedJson.message(change.entry())));
            }
            changed += library.applyShared(versions).applied();
            after = page.lastSeq();
        }
    }

    public PullResult pull(PeerChannel channel) {
        byte[] source = channel.peer().bytes();
        LogPosition from = sync.pulled().get(source);
        LogPosition after = from;
        boolean restarting = wantsSnapshot(channel.peer());
        String snapshotFrom = restarting ? SnapshotPosition.START.text() : "";
        int received = 0;
        int applied = 0;
        int pages = 0;
        boolean snapshot = false;
        boolean replaced = false;
        boolean relayed = false;
        UUID peerOwner = Ids.fromDigest(channel.peer().bytes());
        while (true) {
            Message.SharedPullPage page = request(channel, after, snapshotFrom);
            pages++;
            List<SharedVersion> versions = decode(page);
            // A snapshot asked for from the start may end at another position than ours: the peer's log went on.
            check(page, restarting && pages == 1 ? page.last() : after, snapshotFrom, versions);
            // The first page says which log the peer has now: a snapshot of another incarnation, or
            // ending below what was pulled before, is the peer's log read again from the start.
            replaced |= pages == 1 && from.replacedBy(page.last());
            applied += library.applyShared(versions).applied();
            listener.applied(channel.peer(), versions.size());
            received += versions.size();
            snapshot |= page.snapshot();
            boolean snapshotContinues = page.snapshot() && !page.snapshotNext().isEmpty();
            LogPosition pulled = page.last();
            List<ChangeLogEntry> entries = versions.stream().map(SharedJson::entry).toList();
            boolean others = versions.stream().anyMatch(v -> !v.origin().equals(peerOwner));
            relayed |= sync.database().write(c -> {
                int appended = log.appendAll(c, entries);
                if (!snapshotContinues) {
                    // A snapshot moves the position only once it is complete: a cut-off one starts over.
                    sync.pulled().set(c, source, pulled);
                }
                return appended > 0 && others;
            });
            after = pulled;
            if (snapshotContinues) {
                snapshotFrom = page.snapshotNext();
                continue;
            }
            snapshotFrom = "";
            if (!page.snapshot() && page.remaining() == 0) {
                break;
            }
        }
        if (restarting) {
            snapshotTaken.add(channel.peer());
        }
        channel.offer(new Message.SharedAck(after));
        return new PullResult(received, applied, pages, snapshot, after.seq(), replaced, relayed);
    }

    private Message.SharedPullPage request(PeerChannel channel, LogPosition after, String snapshotFrom) {
        try {
            return channel.request(id -> new Message.SharedPullRequest(id, after.incarnation(), after.seq(), pageSize,
                            self.toString(), snapshotFrom),
                    Message.SharedPullPage.class, timeout).get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("pulling shared changes from " + channel.peer().shortForm() + " failed: "
                    + e.getMessage(), e);
        }
    }

    private List<SharedVersion> decode(Message.SharedPullPage page) {
        List<SharedVersion> versions = new ArrayList<>(page.changes().size());
        for (Message.SharedChange change : page.changes()) {
            versions.add(SharedJson.version(change));
        }
        return versions;
    }

    /**
     * A page that could make us skip changes or loop is refused before anything is applied. So is a
     * change stamped implausibly far ahead (by the rule of {@link HybridLogicalClock#requirePlausible}):
     * applying it would move this clock, and every member's after it, that far ahead for good. A
     * change from a member whose clock is merely ahead, by minutes or hours, is applied: refusing it
     * would hold up everything that member wrote after it until the clocks agreed.
     */
    private void check(Message.SharedPullPage page, LogPosition after, String snapshotFrom, List<SharedVersion> versions) {
        if (!snapshotFrom.isEmpty() && (!page.snapshot() || !page.last().equals(after))) {
            throw new IllegalStateException("the peer broke off a snapshot; nothing of the page was applied");
        }
        if (!page.snapshot() && after.incarnation().isKnown() && !page.incarnation().equals(after.incarnation())) {
            // Its seqs would be read as if they counted in the log we pulled before: only a snapshot restarts.
            throw new IllegalStateException("the peer answered from another incarnation of its log than the one asked about;"
                    + " nothing was applied");
        }
        if (!page.snapshot() && page.lastSeq() < after.seq()) {
            throw new IllegalStateException("the peer answered from before the asked position; nothing was applied");
        }
        if (!page.snapshot() && page.remaining() > 0 && page.lastSeq() == after.seq()) {
            throw new IllegalStateException("the peer reports more changes but sent none; nothing was applied");
        }
        if (page.snapshot() && !page.snapshotNext().isEmpty() && versions.isEmpty()) {
            throw new IllegalStateException("the peer continued a snapshot without sending any of it; nothing was applied");
        }
        requireNotAhead(versions);
    }

    private void requireNotAhead(List<SharedVersion> versions) {
        for (SharedVersion v : versions) {
            try {
                library.clock().requirePlausible(HlcTimestamp.fromPacked(v.hlc()));
            } catch (ClockSkewException e) {
                throw new IllegalStateException("a shared change (" + v.type().singular() + " " + v.uuid() + ") is not taken: "
                        + e.getMessage() + ". Nothing of the page was applied.", e);
            }
        }
    }

    /**
     * The changes this log holds after {@code afterSeq}, as a realtime push to send right after
     * {@link #tail()} or a pull appended them; empty if there are none or more than a page (then
     * the peer's next pull takes them).
     */
    public Optional<Message.SharedPush> push(long afterSeq) {
        ChangeLogStore.LogPage page = log.page(afterSeq, null, pageSize);
        if (page.changes().isEmpty() || page.remaining() > 0 || afterSeq < page.prunedThrough()) {
            return Optional.empty();
        }
        List<Message.SharedChange> changes = page.changes().stream().map(LoggedChange::entry).map(SharedJson::message).toList();
        mark(new LogPosition(page.incarnation(), page.lastSeq()));
        return Optional.of(new Message.SharedPush(page.incarnation(), afterSeq, changes, page.lastSeq()));
    }

    /**
     * A realtime push arrived from {@code from}. Applied (and logged, and acknowledged) only if it
     * directly follows what was pulled from that peer, in the same incarnation of its log; otherwise
     * nothing happens and the caller pulls.
     *
     * @return true if it was applied, false if a pull is needed
     * @throws IllegalArgumentException if a change in it is malformed; nothing was applied
     */
    public synchronized boolean pushed(DeviceId from, Message.SharedPush push, PeerChannel replyTo) {
        byte[] source = from.bytes();
        if (!sync.pulled().get(source).equals(push.after())) {
            return false;
        }
        List<SharedVersion> versions = new ArrayList<>();
        for (Message.SharedChange change : push.changes()) {
            versions.add(SharedJson.version(change));
        }
        check(new Message.SharedPullPage(0, push.incarnation(), push.changes(), push.lastSeq(), 0, false, ""), push.after(), "",
                versions);
        library.applyShared(versions);
        listener.applied(from, versions.size());
        List<ChangeLogEntry> entries = versions.stream().map(SharedJson::entry).toList();
        sync.database().write(c -> {
            log.appendAll(c, entries);
            sync.pulled().set(c, source, push.last());
            return null;
        });
        replyTo.offer(new Message.SharedAck(push.last()));
        return true;
    }

    /**
     * A {@link Message.SharedAck} arrived: {@code peer} holds this log through {@code position}. An
     * ack of another incarnation, or beyond the head, is ignored: it is not about this log as it is
     * now, and believing it would let pruning delete what the peer never had. One of this
     * incarnation beyond the head also shows the log went back ({@link #heldBy}).
     *
     * @return whether the ack moved forward
     */
    public boolean acked(DeviceId peer, LogPosition position) {
        heldBy(peer, position);
        return log.acknowledge(peer.bytes(), position);
    }

    /**
     * Whether {@code member}, holding this log through {@code held}, lacks something of it: a change
     * it did not make itself (its own changes come back to it in our log, but it never needs them),
     * or everything, when its position is not one of this log as it is now.
     */
    public boolean hasNewFor(UUID member, LogPosition held) {
        ChangeLogStore.LogPage page = log.page(held.seq(), member, 1);
        return held.replacedBy(page.headPosition()) || !page.changes().isEmpty() || held.seq() < page.prunedThrough();
    }

    /** The head of this device's log with its incarnation, for the watermark exchange. */
    public LogPosition head() {
        return log.head();
    }

    /** The highest seq of this device's log. */
    public long headSeq() {
        return log.headSeq();
    }

    /** How far this device has pulled {@code source}'s log. */
    public LogPosition pulled(DeviceId source) {
        return sync.pulled().get(source.bytes());
    }

    /**
     * Per shared type: the newest HLC among its rows and deletes, and its summary (rows, deletes,
     * digest over both with their origins), so a member that has pulled all of our log, as we have
     * all of its, can tell whether our shared state is the same as its.
     */
    public List<Message.Mark> marks() {
        List<Message.Mark> marks = new ArrayList<>();
        for (ResourceType type : SyncOrder.shared()) {
            io.tidemark.engine.model.KeySummary s = library.sharedSummary(type);
            marks.add(new Message.Mark(Message.Mark.SHARED_OWNER, type.wireName(), library.sharedNewest(type),
                    Ids.MIN.toString(), s.rows(), s.deleted(), s.digest(), s.maxVersion()));
        }
        return marks;
    }

    /**
     * Applies shared versions a reconciliation fetched, and logs them (so they travel on to members
     * that never meet the peer they came from), as a pull does; refused whole if one is stamped
     * implausibly far ahead.
     *
     * @return how many changed a row of library.db
     */
    public int applyAndLog(List<SharedVersion> versions) {
        requireNotAhead(versions);
        int applied = library.applyShared(versions).applied();
        List<ChangeLogEntry> entries = versions.stream().map(SharedJson::entry).toList();
        sync.database().write(c -> {
            log.appendAll(c, entries);
            return null;
        });
        return applied;
    }

    /**
     * Deletes the log entries every member has acknowledged; a member that never acknowledged
     * blocks it, one away longer than the retention limit does not.
     *
     * @return entries deleted
     */
    public int prune() {
        Instant now = clock.instant();
        Instant awaySince = retention.compareTo(Duration.between(Instant.EPOCH, now)) >= 0 ? Instant.EPOCH : now.minus(retention);
        return log.prune(awaySince);
    }
}
