package io.tidemark.engine.sync;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SyncOrder;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.library.OwnedTable;
import io.tidemark.engine.store.library.Tables;
import io.tidemark.engine.store.sync.Checkpoint;
import io.tidemark.engine.store.sync.SyncStore;
import io.tidemark.engine.transport.PeerChannel;
import io.tidemark.engine.transport.SyncHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls every owner's device-owned records from connected members, per (owner, type) in dependency
 * order, in pages after a cursor; and serves such pulls.
 *
 * <p>The order of commits is what keeps gaps out: a page is committed to library.db first, and only
 * then do the watermark and the checkpoint for that (owner, type) move, together, in sync.db, to the
 * last record actually applied. A crash between the two commits re-fetches that page, which is
 * harmless because applying is idempotent; a page with no rows never moves anything. Each pull
 * resumes from the furthest of the watermark and any member's checkpoint, so a backfill cut off
 * half-way continues, from the same member or another, without fetching committed pages again.
 */
public final class PullSync implements SyncHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PullSync.class);

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
    }

    private final LibraryStore library;
    private final SyncStore sync;
    private final int pageSize;
    private final Duration timeout;
    private final ExecutorService workers;
    /** Per member with a pull under way: whether another round was asked for meanwhile. */
    private final Map<DeviceId, java.util.concurrent.atomic.AtomicBoolean> running = new ConcurrentHashMap<>();
    private volatile Listener listener = new Listener() { };

    public PullSync(LibraryStore library, SyncStore sync, int pageSize, Duration timeout) {
        this.library = library;
        this.sync = sync;
        this.pageSize = pageSize;
        this.timeout = timeout;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "tidemark-pull-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public void listener(Listener listener) {
        this.listener = listener;
    }

    /**
     * Pulls from a member that connected, or that told us of new members (whose records it may hold).
     * A request while a pull from that member runs makes it go round once more when it ends.
     */
    @Override
    public void connected(PeerChannel channel) {
        java.util.concurrent.atomic.AtomicBoolean again = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean existing = running.putIfAbsent(channel.peer(), again);
        if (existing != null) {
            existing.set(true);
            return;
        }
        workers.execute(() -> {
            try {
                do {
                    again.set(false);
                    pullAll(channel);
                } while (again.get() && channel.isOpen());
            } catch (RuntimeException e) {
                LOG.info("Pulling from {} stopped: {}", channel.peer().shortForm(), e.toString());
            } finally {
                running.remove(channel.peer());
            }
        });
    }

    @Override
    public void disconnected(DeviceId peer) {
        // A pull in flight fails with the connection and ends; its checkpoint stays for the next one.
    }

    /** Every other owner's records, type by type in dependency order. */
    void pullAll(PeerChannel channel) {
        UUID self = library.identity().deviceId();
        for (ResourceType type : SyncOrder.deviceOwned()) {
            for (DeviceRecord owner : library.devices()) {
                if (!owner.uuid().equals(self) && channel.isOpen()) {
                    pull(channel, owner.uuid(), type);
                }
            }
        }
    }

    private void pull(PeerChannel channel, UUID owner, ResourceType type) {
        Cursor cursor = sync.watermarks().get(owner, type).orElse(Cursor.START);
        Optional<Checkpoint> checkpoint = sync.checkpoints().latest(owner, type);
        long done = 0;
        Instant started = now();
        if (checkpoint.isPresent() && checkpoint.get().cursor().compareTo(cursor) > 0) {
            cursor = checkpoint.get().cursor();
        }
        if (checkpoint.isPresent()) {
            done = checkpoint.get().recordsDone();
            started = checkpoint.get().startedAt();
        }
        while (true) {
            Cursor after = cursor;
            Message.PullPage page;
            try {
                page = channel.request(id -> new Message.PullRequest(id, owner.toString(), type.wireName(), after.stamp(),
                        after.uuid().toString(), pageSize), Message.PullPage.class, timeout).get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (Exception e) {
                throw new IllegalStateException("pull of " + type.wireName() + " of " + owner + " failed: " + e.getMessage(), e);
            }
            List<OwnedRecord> records = RecordJson.decode(type, page.records());
            if (records.isEmpty()) {
                return; // nothing after the cursor: nothing moves
            }
            check(records, owner, after);
            listener.received(channel.peer(), owner, type, records.size());
            library.applyOwned(records);
            listener.applied(owner, type, records.size());
            Cursor last = records.get(records.size() - 1).cursor();
            long applied = done + records.size();
            Checkpoint next = new Checkpoint(owner, type, channel.peer().bytes(), last, applied, applied + page.remaining(), started, now());
            sync.database().write(c -> {
                sync.watermarks().advance(c, owner, type, last);
                sync.checkpoints().save(c, next);
                return null;
            });
            listener.pageDone(channel.peer(), owner, type, records.size(), applied, applied + page.remaining());
            cursor = last;
            done = applied;
        }
    }

    /** A page must hold the asked owner's rows, in cursor order, after the cursor: else it could make us skip rows. */
    private static void check(List<OwnedRecord> records, UUID owner, Cursor after) {
        Cursor previous = after;
        for (OwnedRecord r : records) {
            if (!r.owner().equals(owner) || r.cursor().compareTo(previous) <= 0) {
                throw new IllegalStateException("the peer sent a page out of order or for another owner; it was not applied");
            }
            previous = r.cursor();
        }
    }

    @Override
    public Message.Response serve(DeviceId peer, Message.Request request) {
        if (request instanceof Message.PullRequest pull) {
            return serve(peer, pull);
        }
        throw new IllegalArgumentException("unsupported request " + request.getClass().getSimpleName());
    }

    @Override
    public void notice(DeviceId peer, Message.Notice notice) {
    }

    public Message.PullPage serve(DeviceId peer, Message.PullRequest request) {
        ResourceType type = ResourceType.fromWireName(request.resource());
        if (!type.deviceOwned()) {
            throw new IllegalArgumentException(type.wireName() + " is not pulled by cursor");
        }
        UUID owner = UUID.fromString(request.owner());
        Cursor after = new Cursor(request.afterStamp(), UUID.fromString(request.afterUuid()));
        int limit = Math.min(request.limit(), LibraryStore.DEFAULT_PAGE_SIZE);
        return serve(Tables.owned(type), request, owner, after, limit);
    }

    private <R extends OwnedRecord> Message.PullPage serve(OwnedTable<R> table, Message.PullRequest request, UUID owner, Cursor after,
                                                          int limit) {
        // One read snapshot: the rows and the count after them agree.
        return library.read(c -> {
            List<R> rows = table.page(c, owner, after, limit);
            Cursor last = rows.isEmpty() ? after : rows.get(rows.size() - 1).cursor();
            long remaining = table.countAfter(c, owner, last);
            return new Message.PullPage(request.requestId(), request.owner(), request.resource(), RecordJson.encode(rows), java.util.List.of(), remaining);
        });
    }

    private static Instant now() {
        return Instant.ofEpochMilli(System.currentTimeMillis());
    }

    public void close() {
        workers.shutdownNow();
    }
}
