package io.tidemark.engine.sync;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.KeySummary;
import io.tidemark.engine.model.VersionSet;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.protocol.MessageCodec;
import io.tidemark.engine.store.library.LibraryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.LongFunction;

/**
 * Surgical recovery of one (owner, type) from a member that is an authority for it (its owner, or a
 * member up to its watermark). One request says which versions we hold, as a compressed bitmap; the
 * member answers with exactly the records whose versions are not among them (missing or stale here),
 * in pages, and with the versions we hold that it does not (deletes we missed). Nothing else moves:
 * matching keys and the shared log are not touched. Records transferred = records that differ, plus
 * nothing; round trips = 1 + pages of what differs.
 *
 * <p>Why a bitmap of versions, not range fingerprints (Negentropy) or id lists: versions are dense
 * per owner, so 137,000 held of 170,000 is 24,617 bytes of bitmaps, where fingerprint
 * reconciliation or ids would cost about as much as the records themselves when the holes are
 * scattered (see the README's figures).
 */
final class GapRecovery {
    /** What a recovery may do with what it finds. */
    enum Mode {
        /** Fetch what we lack or hold stale, and remove what the authority no longer has (its deletes we missed). */
        REPAIR,
        /** Fetch only: the owner getting its own records back from a member after its library.db was restored. */
        RECLAIM
    }

    /** Sends one request to the member and waits for its answer. */
    @FunctionalInterface
    interface Asker {
        Message.RecoverPage ask(LongFunction<Message.RecoverRequest> build);
    }

    /** Progress: records applied so far of the total the member announced. */
    @FunctionalInterface
    interface Progress {
        void at(long done, long total);
    }

    /** What a dry run found: how many records would move each way, and about how many bytes. */
    record Plan(SyncKey key, long toFetch, long toRemove, long bytes, Cursor upTo, KeySummary ours) {
    }

    /** What a recovery did. */
    record Result(SyncKey key, Mode mode, KeySummary before, long fetched, long removed, long bytes, int roundTrips,
                  Duration took, KeySummary after, Cursor upTo) {
    }

    static final int PAGE = 5_000;

    private final LibraryStore library;
    private final java.time.Clock clock;
    private final RestoreGuard guard;
    private final MessageCodec codec = new MessageCodec();

    GapRecovery(LibraryStore library, java.time.Clock clock, RestoreGuard guard) {
        this.library = library;
        this.guard = guard;
        this.clock = clock;
    }

    /** Asks the member, without moving anything, what a recovery of {@code key} up to {@code upTo} would do. */
    Plan plan(SyncKey key, Cursor upTo, Mode mode, Asker asker) {
        VersionSet held = held(key, upTo, mode);
        String heldText = Base64.getEncoder().encodeToString(held.toBytes());
        Message.RecoverPage answer = asker.ask(id -> request(id, key, upTo, Cursor.START, 0, true, heldText));
        long remove = mode == Mode.REPAIR ? VersionSet.fromBytes(answer.absent()).size() : 0;
        return new Plan(key, answer.toSend(), remove, answer.bytesToSend(), new Cursor(answer.upToStamp(), answer.upToUuid()),
                library.summary(key.owner(), key.type(), null));
    }

    /**
     * Recovers {@code key} up to {@code upTo} (the member's mark). Afterwards, repairing, we hold
     * exactly the member's versions up to {@link Result#upTo()}: nothing there is missing any more,
     * and the caller, holding the key, moves the watermark there ({@link KeyWatermarks.Hold#recoveredUpTo}).
     */
    Result recover(SyncKey key, Cursor upTo, Mode mode, Asker asker, Progress progress) {
        Instant started = clock.instant();
        KeySummary before = library.summary(key.owner(), key.type(), null);
        VersionSet held = held(key, upTo, mode);
        byte[] heldBytes = held.toBytes();
        String heldText = Base64.getEncoder().encodeToString(heldBytes);
        long bytes = 0;
        int trips = 0;
        long fetched = 0;
        long total = -1;
        byte[] absent = new byte[0];
        Cursor range = upTo;
        Cursor after = Cursor.START;
        while (true) {
            Cursor from = after;
            Message.RecoverPage page = asker.ask(id -> request(id, key, upTo, from, PAGE, false, heldText));
            trips++;
            bytes += heldBytes.length + codec.encode(page).length;
            requireKey(page, key);
            if (from.isStart()) {
                total = page.toSend();
                absent = page.absent();
                range = new Cursor(page.upToStamp(), page.upToUuid());
            }
            if (!page.records().isEmpty() || !page.deleted().isEmpty()) {
                library.applyChanges(page.records(), page.deleted());
                fetched += page.records().size() + page.deleted().size();
                progress.at(fetched, Math.max(total, fetched));
            }
            Cursor last = new Cursor(page.lastStamp(), page.lastUuid());
            if (page.done()) {
                break;
            }
            if (last.compareTo(after) <= 0) {
                throw new IllegalStateException("the member's recovery answer did not move forward; stopped");
            }
            after = last;
        }
        long removed = 0;
        if (mode == Mode.REPAIR) {
            removed = library.dropVersions(key.owner(), key.type(), range, VersionSet.fromBytes(absent));
        }
        KeySummary after2 = library.summary(key.owner(), key.type(), null);
        return new Result(key, mode, before, fetched, removed, bytes, trips, Duration.between(started, clock.instant()), after2, range);
    }

    /**
     * The versions we tell the member we hold. Reclaiming, every version we knew of counts as held,
     * all up to our version counter except a range a restore lost: lacking one of those means we
     * deleted it (and may have pruned the delete), so the member's copy must not come back.
     */
    private VersionSet held(SyncKey key, Cursor upTo, Mode mode) {
        VersionSet held = library.heldVersions(key.owner(), key.type(), upTo);
        if (mode != Mode.RECLAIM) {
            return held;
        }
        long counter = library.summary(key.owner(), key.type(), null).maxVersion();
        io.tidemark.engine.store.sync.IssuedStore.Issued issued = guard.issued(key.type());
        if (issued.lostTo() == 0) {
            return held.withRange(1, counter);
        }
        return held.withRange(1, issued.lostFrom() - 1).withRange(issued.lostTo() + 1, counter);
    }

    private static Message.RecoverRequest request(long id, SyncKey key, Cursor upTo, Cursor after, int limit, boolean dryRun,
                                                  String held) {
        return new Message.RecoverRequest(id, key.owner().toString(), key.type().wireName(), upTo.stamp(), upTo.uuid().toString(),
                after.stamp(), after.uuid().toString(), limit, dryRun, held);
    }

    private static void requireKey(Message.RecoverPage page, SyncKey key) {
        if (!page.owner().equals(key.owner().toString()) || !page.resource().equals(key.type().wireName())) {
            throw new IllegalStateException("the member answered a recovery for another key; nothing of it was applied");
        }
    }

}
