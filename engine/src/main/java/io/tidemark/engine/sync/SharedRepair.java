package io.tidemark.engine.sync;

import io.tidemark.engine.model.KeySummary;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SharedItem;
import io.tidemark.engine.model.SharedVersion;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.protocol.MessageCodec;
import io.tidemark.engine.store.library.LibraryStore;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * Repairs a shared type whose state differs from a member's although each side has pulled all of
 * the other's log: a change that reached one of them only through a log since pruned, a library.db
 * restored from an older copy, a write a disk dropped. Shared state is last-writer-wins per uuid,
 * so nobody is the authority: each side fetches only the versions the other holds newer, and the
 * other does the same for its part, so the two meet at the same state and never chase each other.
 *
 * <p>How it narrows before moving data: the uuids are hashed into {@code 2^bits} buckets of about
 * {@value #PER_BUCKET} versions each; the member sends each bucket's count and digest (16 bytes a
 * bucket), we send the versions (41 bytes each, no data) we hold in the buckets that differ, and the
 * member answers with exactly the records we lack or hold older. Records transferred = the records
 * that differ; round trips = 1 + one per {@value #BATCH} versions of the differing buckets. Each
 * side reads the type once per request (buckets are hashes, not ranges of the index), which is cheap
 * next to moving the records, and a shared repair is rare: the log carries shared changes.
 */
final class SharedRepair {
    /** Versions per bucket aimed at: a differing bucket costs about this many 41-byte items. */
    static final int PER_BUCKET = 32;
    /** Versions of both sides' differing buckets per reconcile request (its items fit the codec's 1 MiB string). */
    static final int BATCH = 10_000;
    private static final int ITEM_BYTES = 41;

    /** Sends one request to the member and waits for its answer. */
    @FunctionalInterface
    interface Asker {
        Message.Response ask(LongFunction<? extends Message.Request> build, Class<? extends Message.Response> answer);

        default <R extends Message.Response> R ask(Class<R> answer, LongFunction<? extends Message.Request> build) {
            return answer.cast(ask(build, answer));
        }
    }

    /**
     * What a repair did.
     *
     * @param fetched        versions the member sent (what we lacked or held older)
     * @param applied        of those, how many changed a row here
     * @param memberLacks    versions we hold newer than the member (its own repair fetches them)
     * @param bucketsDiffering ranges whose count or digest differed
     */
    record Result(ResourceType type, KeySummary before, KeySummary theirs, long fetched, long applied, long memberLacks,
                  int bucketsDiffering, long bytes, int roundTrips, Duration took, KeySummary after) {
    }

    private final LibraryStore library;
    private final SharedLogSync log;
    private final Clock clock;
    private final MessageCodec codec = new MessageCodec();

    SharedRepair(LibraryStore library, SharedLogSync log, Clock clock) {
        this.library = library;
        this.log = log;
        this.clock = clock;
    }

    /** The bucket width for a type of {@code items} versions on the larger side. */
    static int bitsFor(long items) {
        int bits = 0;
        while (bits < Message.MAX_BUCKET_BITS && (items >> bits) > PER_BUCKET) {
            bits++;
        }
        return bits;
    }

    // ---- the side that repairs --------------------------------------------------------------------

    /** What a dry run found: how many versions the member would send, and about how many bytes. */
    record Plan(ResourceType type, KeySummary ours, KeySummary theirs, long toFetch, long bytes, long memberLacks) {
    }

    /** Asks the member, without moving anything, what {@link #repair} would fetch. */
    Plan plan(ResourceType type, KeySummary theirs, Asker asker) {
        long[] sums = new long[3];
        KeySummary ours = library.sharedSummary(type);
        walk(type, theirs, asker, true, page -> {
            sums[0] += page.toSend();
            sums[1] += page.bytesToSend();
            sums[2] += page.requesterNewer();
        });
        return new Plan(type, ours, theirs, sums[0], sums[1], sums[2]);
    }

    /** Fetches from the member every version of {@code type} it holds newer than we do (see the class comment). */
    Result repair(ResourceType type, KeySummary theirs, Asker asker) {
        Instant started = clock.instant();
        KeySummary before = library.sharedSummary(type);
        long[] sums = new long[3];
        Walk walk = walk(type, theirs, asker, false, page -> {
            List<SharedVersion> versions = new ArrayList<>(page.changes().size());
            for (Message.SharedChange change : page.changes()) {
                versions.add(SharedJson.version(change));
            }
            sums[1] += log.applyAndLog(versions);
            sums[0] += versions.size();
            sums[2] += page.requesterNewer();
        });
        return new Result(type, before, theirs, sums[0], sums[1], sums[2], walk.differing(), walk.bytes(), walk.trips(),
                Duration.between(started, clock.instant()), library.sharedSummary(type));
    }

    private record Walk(int differing, long bytes, int trips) {
    }

    /** Compares buckets with the member, then asks about the versions of the differing ones, handing each answer on. */
    private Walk walk(ResourceType type, KeySummary theirs, Asker asker, boolean dryRun,
                      java.util.function.Consumer<Message.SharedReconcilePage> answered) {
        KeySummary ours = library.sharedSummary(type);
        int bits = bitsFor(Math.max(ours.items(), theirs.items()));
        Message.SharedBuckets answer = asker.ask(Message.SharedBuckets.class,
                id -> new Message.SharedBucketsRequest(id, type.wireName(), bits));
        int trips = 1;
        long bytes = codec.encode(answer).length;
        if (answer.bits() != bits || !answer.resource().equals(type.wireName())) {
            throw new IllegalStateException("the member answered for other buckets than asked; nothing was changed");
        }
        long[] remote = decodeBuckets(answer.buckets(), bits);
        long[] local = library.sharedBuckets(type, bits);
        List<List<Integer>> batches = new ArrayList<>();
        List<Integer> batch = new ArrayList<>();
        long inBatch = 0;
        int differing = 0;
        for (int b = 0; b < 1 << bits; b++) {
            if (local[2 * b] == remote[2 * b] && local[2 * b + 1] == remote[2 * b + 1]) {
                continue;
            }
            differing++;
            long size = local[2 * b] + remote[2 * b];
            if (!batch.isEmpty() && inBatch + size > BATCH) {
                batches.add(batch);
                batch = new ArrayList<>();
                inBatch = 0;
            }
            batch.add(b);
            inBatch += size;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        for (List<Integer> buckets : batches) {
            String held = encodeItems(library.sharedItems(type, bits, buckets));
            Message.SharedReconcilePage page = asker.ask(Message.SharedReconcilePage.class,
                    id -> new Message.SharedReconcileRequest(id, type.wireName(), bits, buckets, held, dryRun));
            trips++;
            bytes += held.length() + codec.encode(page).length;
            if (!page.resource().equals(type.wireName())) {
                throw new IllegalStateException("the member answered about another type; nothing of the page was applied");
            }
            for (Message.SharedChange change : page.changes()) {
                SharedVersion v = SharedJson.version(change);
                if (v.type() != type || !buckets.contains(SharedItem.bucket(v.uuid(), bits))) {
                    throw new IllegalStateException("the member sent a record outside the buckets asked for; nothing of the page was applied");
                }
            }
            answered.accept(page);
        }
        return new Walk(differing, bytes, trips);
    }

    // ---- the side that answers --------------------------------------------------------------------

    Message.SharedBuckets serveBuckets(Message.SharedBucketsRequest request) {
        ResourceType type = sharedType(request.resource());
        long[] buckets = library.sharedBuckets(type, request.bits());
        ByteBuffer out = ByteBuffer.allocate(buckets.length * Long.BYTES);
        for (long v : buckets) {
            out.putLong(v);
        }
        return new Message.SharedBuckets(request.requestId(), request.resource(), request.bits(),
                Base64.getEncoder().encodeToString(out.array()));
    }

    /** What a reconcile answer says: the page, and whether the requester holds versions we lack. */
    record Served(Message.SharedReconcilePage page, long requesterNewer) {
    }

    Served serveReconcile(Message.SharedReconcileRequest request) {
        ResourceType type = sharedType(request.resource());
        Set<Integer> asked = new HashSet<>(request.buckets());
        List<SharedItem> theirs = decodeItems(request.held());
        Map<Key, SharedItem> theirsByKey = new HashMap<>();
        for (SharedItem item : theirs) {
            if (!asked.contains(SharedItem.bucket(item.uuid(), request.bits()))) {
                throw new IllegalArgumentException("a held version lies outside the buckets named");
            }
            theirsByKey.put(Key.of(item), item);
        }
        Map<Key, SharedItem> oursByKey = new HashMap<>();
        for (SharedItem item : library.sharedItems(type, request.bits(), request.buckets())) {
            oursByKey.put(Key.of(item), item);
        }
        List<SharedItem> send = new ArrayList<>();
        for (SharedItem ours : oursByKey.values()) {
            if (newer(ours, theirsByKey)) {
                send.add(ours);
            }
        }
        long newer = theirs.stream().filter(item -> newer(item, oursByKey)).count();
        List<Message.SharedChange> changes = library.sharedVersionsOf(type, send).stream().map(SharedJson::message).toList();
        if (request.dryRun()) {
            long bytes = codec.encode(new Message.SharedReconcilePage(request.requestId(), request.resource(), changes,
                    changes.size(), 0, newer)).length;
            return new Served(new Message.SharedReconcilePage(request.requestId(), request.resource(), List.of(), changes.size(),
                    bytes, newer), newer);
        }
        return new Served(new Message.SharedReconcilePage(request.requestId(), request.resource(), changes, changes.size(), 0,
                newer), newer);
    }

    /**
     * Whether {@code item} is a version the other side ({@code other}'s versions) lacks or holds
     * older, and would keep: a row its delete of the same or a newer HLC keeps out is not.
     */
    private static boolean newer(SharedItem item, Map<Key, SharedItem> other) {
        if (!item.beats(other.get(Key.of(item)))) {
            return false;
        }
        SharedItem delete = item.deleted() ? null : other.get(new Key(item.uuid(), true));
        return delete == null || delete.hlc() < item.hlc();
    }

    private static ResourceType sharedType(String resource) {
        ResourceType type = ResourceType.fromWireName(resource);
        if (type.deviceOwned()) {
            throw new IllegalArgumentException(type.plural() + " are recovered per owner, not reconciled as shared records");
        }
        return type;
    }

    /** A uuid's row and its delete are separate versions. */
    private record Key(UUID uuid, boolean deleted) {
        static Key of(SharedItem item) {
            return new Key(item.uuid(), item.deleted());
        }
    }

    // ---- encodings --------------------------------------------------------------------------------

    static long[] decodeBuckets(String text, int bits) {
        byte[] bytes = Base64.getDecoder().decode(text);
        if (bytes.length != (2 << bits) * Long.BYTES) {
            throw new IllegalStateException("the member's bucket list has " + bytes.length + " bytes, not "
                    + (2 << bits) * Long.BYTES + "; nothing was changed");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long[] out = new long[2 << bits];
        for (int i = 0; i < out.length; i++) {
            out[i] = in.getLong();
        }
        return out;
    }

    static String encodeItems(List<SharedItem> items) {
        ByteBuffer out = ByteBuffer.allocate(items.size() * ITEM_BYTES);
        for (SharedItem item : items) {
            out.putLong(item.uuid().getMostSignificantBits()).putLong(item.uuid().getLeastSignificantBits());
            out.putLong(item.hlc());
            out.putLong(item.origin().getMostSignificantBits()).putLong(item.origin().getLeastSignificantBits());
            out.put((byte) (item.deleted() ? 1 : 0));
        }
        return Base64.getEncoder().encodeToString(out.array());
    }

    static List<SharedItem> decodeItems(String text) {
        byte[] bytes = Base64.getDecoder().decode(text);
        if (bytes.length % ITEM_BYTES != 0) {
            throw new IllegalArgumentException("held versions come in " + ITEM_BYTES + " bytes each, got " + bytes.length);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<SharedItem> out = new ArrayList<>(bytes.length / ITEM_BYTES);
        while (in.hasRemaining()) {
            UUID uuid = new UUID(in.getLong(), in.getLong());
            long hlc = in.getLong();
            UUID origin = new UUID(in.getLong(), in.getLong());
            byte flag = in.get();
            if (flag != 0 && flag != 1) {
                throw new IllegalArgumentException("a held version's kind must be 0 or 1, got " + flag);
            }
            out.add(new SharedItem(uuid, hlc, origin, flag == 1));
        }
        return out;
    }
}
