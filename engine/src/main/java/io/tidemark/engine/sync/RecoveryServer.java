package io.tidemark.engine.sync;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.KeySummary;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.Tombstone;
import io.tidemark.engine.model.VersionSet;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.protocol.MessageCodec;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.sync.SyncStore;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Answers a member's surgical recovery of one (owner, type): the records this device holds in the
 * asked range whose versions the member lacks, and, on the first page, the plan (how many records
 * will go, about how many bytes, and which of the member's versions this device does not hold).
 * As everywhere, another owner's records are served only up to our watermark.
 */
final class RecoveryServer {
    /** Records whose encoding is measured for a byte estimate. */
    private static final int SAMPLE = 200;

    private final LibraryStore library;
    private final SyncStore sync;
    private final UUID self;
    private final MessageCodec codec = new MessageCodec();

    private final RestoreGuard guard;

    RecoveryServer(LibraryStore library, SyncStore sync, UUID self, RestoreGuard guard) {
        this.guard = guard;
        this.library = library;
        this.sync = sync;
        this.self = self;
    }

    /** Answers {@code peer}'s recovery request (a reclaim when {@code peer} owns the records asked for). */
    Message.RecoverPage serve(io.tidemark.engine.identity.DeviceId peer, Message.RecoverRequest request) {
        ResourceType type = ResourceType.fromWireName(request.resource());
        if (!type.deviceOwned()) {
            throw new IllegalArgumentException(type.plural() + " are not recovered by version");
        }
        UUID owner = UUID.fromString(request.owner());
        VersionSet held = request.held().isEmpty() ? VersionSet.empty() : VersionSet.fromBytes(Base64.getDecoder().decode(request.held()));
        Cursor asked = new Cursor(request.upToStamp(), UUID.fromString(request.upToUuid()));
        Cursor upTo = asked;
        // Another owner's records only up to our watermark, lest the asker advance across a hole; but
        // the owner itself, reclaiming what it lost, moves no watermark and gets all we hold of it.
        boolean reclaim = owner.equals(io.tidemark.engine.model.Ids.fromDigest(peer.bytes()));
        if (!owner.equals(self) && !reclaim) {
            Cursor watermark = sync.watermarks().vouchedFor(owner, type);
            if (watermark.compareTo(upTo) < 0) {
                upTo = watermark;
            }
        }
        Cursor after = new Cursor(request.afterStamp(), UUID.fromString(request.afterUuid()));
        boolean first = after.isStart();
        long toSend = 0;
        long bytes = 0;
        byte[] absent = new byte[0];
        if (first) {
            VersionSet ours = library.heldVersions(owner, type, upTo);
            toSend = ours.minus(held).size();
            // Versions the member holds that we do not, below the highest we know of this key: deletes
            // it missed (their tombstones were pruned) or versions since replaced. Above it, they are
            // records we never had (we were restored from an older copy): those are not ours to remove.
            KeySummary summary = library.summary(owner, type, null);
            // Nor are versions a restore of our library.db lost: not known to be deleted, they are ours to get back.
            io.tidemark.engine.store.sync.IssuedStore.Issued issued = owner.equals(self) ? guard.issued(type)
                    : io.tidemark.engine.store.sync.IssuedStore.Issued.NONE;
            VersionSet extra = held.minus(ours);
            VersionSet.Builder known = VersionSet.builder();
            extra.forEach(v -> {
                if (v <= summary.maxVersion() && !issued.lost(v)) {
                    known.add(v);
                }
            });
            absent = known.build().toBytes();
            bytes = estimateBytes(owner, type, upTo, held, toSend);
        }
        if (request.dryRun() || request.limit() == 0) {
            return new Message.RecoverPage(request.requestId(), request.owner(), request.resource(), List.of(), List.of(),
                    after.stamp(), after.uuid(), false, upTo.stamp(), upTo.uuid(), toSend, bytes, absent);
        }
        LibraryStore.OwnedChanges changes = library.notHeld(owner, type, upTo, after, request.limit(), held);
        return new Message.RecoverPage(request.requestId(), request.owner(), request.resource(), changes.records(),
                changes.deleted(), changes.last().stamp(), changes.last().uuid(), changes.remaining() == 0, upTo.stamp(),
                upTo.uuid(), toSend, bytes, absent);
    }

    /** The encoded size of the first records that would go, scaled to all of them. */
    private long estimateBytes(UUID owner, ResourceType type, Cursor upTo, VersionSet held, long toSend) {
        if (toSend == 0) {
            return 0;
        }
        LibraryStore.OwnedChanges sample = library.notHeld(owner, type, upTo, Cursor.START, SAMPLE, held);
        int n = sample.size();
        if (n == 0) {
            return 0;
        }
        List<OwnedRecord> records = sample.records();
        List<Tombstone> deleted = sample.deleted();
        int size = codec.encode(new Message.PullPage(0, owner.toString(), type.wireName(), records, deleted, 0)).length;
        return Math.round((double) size / n * toSend);
    }
}
