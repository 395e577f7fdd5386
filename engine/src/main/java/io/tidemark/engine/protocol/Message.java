package io.tidemark.engine.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.tidemark.engine.model.LogIncarnation;
import io.tidemark.engine.model.LogPosition;
import io.tidemark.engine.protocol.ProtocolException.Reason;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Everything two Tidemark devices say to each other, one message per frame.
 *
 * <p>Why sealed interfaces of records: the set of messages is closed per protocol version, so {@code switch}es over
 * a family are checked for exhaustiveness by the compiler, and records give immutable values with structural
 * equality that round-trip through JSON without hand-written mapping code.
 *
 * <p>On the wire each message is a JSON object whose {@code "type"} property holds a stable wire name (listed in
 * {@link JsonSubTypes} below, never a Java class name, so classes can be renamed freely). Unknown extra properties are
 * ignored, which lets a newer peer add fields; every field declared here is required and non-null, and compact
 * constructors reject values that no honest peer sends. Such rejections surface as
 * {@link Reason#MALFORMED_MESSAGE} from {@link MessageCodec#decode(byte[])}.
 *
 * <p>Families: {@link Handshake} (who are you, which library), {@link Control} (keepalive, errors), {@link Pairing}
 * (joining a library with an invite). Correlated exchanges use {@link Request} / {@link Response}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Message.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = Message.Refused.class, name = "refused"),
    @JsonSubTypes.Type(value = Message.Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = Message.Pong.class, name = "pong"),
    @JsonSubTypes.Type(value = Message.ErrorMessage.class, name = "error"),
    @JsonSubTypes.Type(value = Message.PairChallenge.class, name = "pair_challenge"),
    @JsonSubTypes.Type(value = Message.PairProof.class, name = "pair_proof"),
    @JsonSubTypes.Type(value = Message.PairAccepted.class, name = "pair_accepted"),
    @JsonSubTypes.Type(value = Message.PairRefused.class, name = "pair_refused"),
    @JsonSubTypes.Type(value = Message.PairRequest.class, name = "pair_request"),
    @JsonSubTypes.Type(value = Message.MemberList.class, name = "member_list"),
    @JsonSubTypes.Type(value = Message.PullRequest.class, name = "pull_request"),
    @JsonSubTypes.Type(value = Message.WatermarkRequest.class, name = "watermark_request"),
    @JsonSubTypes.Type(value = Message.WatermarkResponse.class, name = "watermark_response"),
    @JsonSubTypes.Type(value = Message.DataAvailable.class, name = "data_available"),
    @JsonSubTypes.Type(value = Message.SharedPullRequest.class, name = "shared_pull_request"),
    @JsonSubTypes.Type(value = Message.SharedPullPage.class, name = "shared_pull_page"),
    @JsonSubTypes.Type(value = Message.SharedAck.class, name = "shared_ack"),
    @JsonSubTypes.Type(value = Message.SharedPush.class, name = "shared_push"),
    @JsonSubTypes.Type(value = Message.RecoverRequest.class, name = "recover_request"),
    @JsonSubTypes.Type(value = Message.SharedBucketsRequest.class, name = "shared_buckets_request"),
    @JsonSubTypes.Type(value = Message.SharedBuckets.class, name = "shared_buckets"),
    @JsonSubTypes.Type(value = Message.SharedReconcileRequest.class, name = "shared_reconcile_request"),
    @JsonSubTypes.Type(value = Message.SharedReconcilePage.class, name = "shared_reconcile_page"),
})
public sealed interface Message {
    /** The protocol version this build speaks; both sides' {@link Hello}s must carry it. */
    int PROTOCOL_VERSION = 5;

    /** A message that expects a {@link Response} carrying the same {@link #requestId()}. */
    sealed interface Request extends Message permits Ping, PullRequest, WatermarkRequest, SharedPullRequest, RecoverRequest,
            SharedBucketsRequest, SharedReconcileRequest {
        long requestId();
    }

    /** An answer to a {@link Request}, matched by {@link #requestId()} in {@link RequestTracker}. */
    sealed interface Response extends Message permits Pong, ErrorMessage, PullPage, WatermarkResponse, SharedPullPage,
            RecoverPage, SharedBuckets, SharedReconcilePage {
        long requestId();
    }

    /**
     * Opening exchange: both sides send a {@link Hello} as their first message (symmetric, so there is no separate
     * ack), and a peer counts as connected only once it has received an acceptable Hello and has not been
     * {@link Refused}. A side that rejects the other's Hello sends {@link Refused} and closes.
     */
    sealed interface Handshake extends Message permits Hello, Refused {}

    /** Connection upkeep: keepalive with RTT/clock-offset measurement, and error reports. */
    sealed interface Control extends Message permits Ping, Pong, ErrorMessage {}

    /**
     * Joining a library: the inviter sends a fresh nonce ({@link PairChallenge}); the joiner answers with an HMAC,
     * keyed by the invite secret, over both certificate fingerprints and that nonce ({@link PairProof}); the inviter
     * answers {@link PairAccepted} or {@link PairRefused}. The secret itself never travels.
     */
    sealed interface Pairing extends Message permits PairRequest, PairChallenge, PairProof, PairAccepted, PairRefused {}

    /**
     * Who belongs to the library: after the handshake each side lists the members it knows, so a
     * device paired with one member becomes known to the others (as Syncthing's introducers do).
     */
    sealed interface Membership extends Message permits MemberList {}

    /**
     * Pulling device-owned records: one owner's rows of one type after a cursor {@code (stamp, uuid)},
     * in cursor order. The request names the owner, so any member holding its rows can serve them.
     */
    sealed interface Sync extends Message permits PullRequest, PullPage, WatermarkRequest, WatermarkResponse, Notice,
            SharedPullRequest, SharedPullPage, RecoverRequest, RecoverPage, SharedBucketsRequest, SharedBuckets,
            SharedReconcileRequest, SharedReconcilePage {}

    /** A sync message that expects no answer: its loss costs latency, never data (the next exchange finds the gap). */
    sealed interface Notice extends Sync permits DataAvailable, PushBatch, SharedAck, SharedPush {}

    /**
     * Up to {@code limit} of {@code owner}'s rows of type {@code resource} after {@code (afterStamp, afterUuid)}.
     * {@code countRemaining}: also count what is left after the page (a scan of the rest of the range, so a
     * puller asks on its first page and now and then, not on every page).
     */
    record PullRequest(long requestId, String owner, String resource, long afterStamp, String afterUuid, int limit,
                       boolean countRemaining) implements Sync, Request {
        public PullRequest {
            requireText(owner, "owner");
            requireText(resource, "resource");
            requireText(afterUuid, "afterUuid");
            if (limit < 1 || limit > 100_000) {
                throw new IllegalArgumentException("limit must be within 1..100000");
            }
        }
    }

    /**
     * The rows (records of that resource type, in cursor order) and deletes of one owner after the
     * requested cursor, and how many the server holds after the last of them, so the puller can show
     * done/total; {@code remaining} is -1 when not asked for. Sent in binary ({@link RecordFrames}),
     * not JSON: a backfill moves millions of records.
     */
    record PullPage(long requestId, String owner, String resource, List<io.tidemark.engine.model.OwnedRecord> records,
                    List<io.tidemark.engine.model.Tombstone> deleted, long remaining) implements Sync, Response {
        public PullPage {
            requireText(owner, "owner");
            requireText(resource, "resource");
            records = List.copyOf(Objects.requireNonNull(records, "records"));
            deleted = List.copyOf(Objects.requireNonNull(deleted, "deleted"));
            requireOwnedBy(owner, resource, records, deleted);
        }
    }

    /**
     * Every record and delete must be {@code owner}'s and of type {@code resource}: a page or batch
     * names them once, and the binary form writes them once.
     */
    private static void requireOwnedBy(String owner, String resource, List<io.tidemark.engine.model.OwnedRecord> records,
                                       List<io.tidemark.engine.model.Tombstone> deleted) {
        java.util.UUID ownerId = java.util.UUID.fromString(owner);
        io.tidemark.engine.model.ResourceType type = io.tidemark.engine.model.ResourceType.fromWireName(resource);
        for (io.tidemark.engine.model.OwnedRecord r : records) {
            if (r.type() != type || !ownerId.equals(r.owner())) {
                throw new IllegalArgumentException("a " + r.type().wireName() + " record of " + r.owner() + " in a message for "
                        + type.wireName() + " of " + owner);
            }
        }
        for (io.tidemark.engine.model.Tombstone t : deleted) {
            if (t.type() != type || !ownerId.equals(t.owner())) {
                throw new IllegalArgumentException("a delete of " + t.type().wireName() + " of " + t.owner() + " in a message for "
                        + type.wireName() + " of " + owner);
            }
        }
    }

    /**
     * How far a device holds one (owner, type): the cursor of the last record it holds contiguously
     * (its watermark; for its own records, its newest), and what it holds of that key: rows
     * ({@code count}), deletes, the digest over both and the highest version seen (see
     * {@link io.tidemark.engine.model.KeySummary}). Two devices at the same cursor must hold the same
     * summary; if not, the key has a gap. For shared types {@code owner} is {@link #SHARED_OWNER},
     * {@code stamp} the newest HLC, {@code uuid} unused, and only {@code count} is kept.
     */
    record Mark(String owner, String resource, long stamp, String uuid, long count, long deleted, long digest,
                long maxVersion) {
        /** The owner text of marks for shared types. */
        public static final String SHARED_OWNER = "shared";

        public Mark {
            requireText(owner, "owner");
            requireText(resource, "resource");
            requireText(uuid, "uuid");
            if (count < 0 || deleted < 0 || maxVersion < 0) {
                throw new IllegalArgumentException("counts and versions must not be negative");
            }
        }

        /** A mark that counts rows only: a shared type's. */
        public Mark(String owner, String resource, long stamp, String uuid, long count) {
            this(owner, resource, stamp, uuid, count, 0, 0, 0);
        }
    }

    /**
     * A surgical recovery of one (owner, type): the requester holds the versions in {@code held} (a
     * serialized {@link io.tidemark.engine.model.VersionSet}, base64) of the records up to
     * {@code (upToStamp, upToUuid)}; the responder answers with its records in that range whose
     * versions are not among them, {@code limit} at a time after {@code (afterStamp, afterUuid)}.
     * {@code dryRun}: count only, send nothing. A responder that is not the owner caps the range at
     * its own watermark.
     */
    record RecoverRequest(long requestId, String owner, String resource, long upToStamp, String upToUuid, long afterStamp,
                          String afterUuid, int limit, boolean dryRun, String held) implements Sync, Request {
        public RecoverRequest {
            requireText(owner, "owner");
            requireText(resource, "resource");
            requireText(upToUuid, "upToUuid");
            requireText(afterUuid, "afterUuid");
            Objects.requireNonNull(held, "held");
            if (limit < 0 || limit > 100_000) {
                throw new IllegalArgumentException("limit must be within 0..100000");
            }
        }
    }

    /**
     * One page of a recovery's answer: records and deletes the requester lacks or holds stale, in
     * cursor order, and where the responder's scan stopped ({@code last}; {@code done} when the range
     * is finished). The first page (asked after the start) also carries the whole plan: how many
     * records the responder will send ({@code toSend}, about {@code bytesToSend} bytes) and which of
     * the requester's versions it does not hold although it issued them or knew them
     * ({@code absent}, a serialized version set: deletes the requester missed), and the range it
     * answered for ({@code upTo}, capped at its watermark). Binary ({@link RecordFrames}).
     */
    record RecoverPage(long requestId, String owner, String resource, List<io.tidemark.engine.model.OwnedRecord> records,
                       List<io.tidemark.engine.model.Tombstone> deleted, long lastStamp, java.util.UUID lastUuid, boolean done,
                       long upToStamp, java.util.UUID upToUuid, long toSend, long bytesToSend, byte[] absent)
            implements Sync, Response {
        public RecoverPage {
            requireText(owner, "owner");
            requireText(resource, "resource");
            records = List.copyOf(Objects.requireNonNull(records, "records"));
            deleted = List.copyOf(Objects.requireNonNull(deleted, "deleted"));
            Objects.requireNonNull(lastUuid, "lastUuid");
            Objects.requireNonNull(upToUuid, "upToUuid");
            Objects.requireNonNull(absent, "absent");
            requireOwnedBy(owner, resource, records, deleted);
            if (toSend < 0 || bytesToSend < 0) {
                throw new IllegalArgumentException("counts must not be negative");
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RecoverPage p && requestId == p.requestId && owner.equals(p.owner) && resource.equals(p.resource)
                    && records.equals(p.records) && deleted.equals(p.deleted) && lastStamp == p.lastStamp
                    && lastUuid.equals(p.lastUuid) && done == p.done && upToStamp == p.upToStamp && upToUuid.equals(p.upToUuid)
                    && toSend == p.toSend && bytesToSend == p.bytesToSend && java.util.Arrays.equals(absent, p.absent);
        }

        @Override
        public int hashCode() {
            return Objects.hash(requestId, owner, resource, records, deleted, lastStamp, lastUuid, done) * 31
                    + java.util.Arrays.hashCode(absent);
        }

        @Override
        public String toString() {
            return "RecoverPage[" + resource + " of " + owner + ": " + records.size() + " records, " + deleted.size()
                    + " deletes, done=" + done + ", toSend=" + toSend + ", absent=" + absent.length + " bytes]";
        }
    }

    /**
     * Watermark exchange, asked on connect, after a {@link DataAvailable} and every minute: the
     * requester's marks and how far it has pulled the responder's shared log: through
     * {@code sharedSeq} of incarnation {@code sharedIncarnation} (unknown if it never pulled, or
     * only before incarnations existed).
     */
    record WatermarkRequest(long requestId, List<Mark> marks, LogIncarnation sharedIncarnation, long sharedSeq)
            implements Sync, Request {
        public WatermarkRequest {
            marks = List.copyOf(Objects.requireNonNull(marks, "marks"));
            Objects.requireNonNull(sharedIncarnation, "sharedIncarnation");
            requireSeq(sharedSeq, "sharedSeq");
        }

        /** How far the requester holds the responder's shared log. */
        public LogPosition sharedPulled() {
            return new LogPosition(sharedIncarnation, sharedSeq);
        }
    }

    /**
     * The answer: the requester's marks echoed ({@code yours}), the responder's ({@code mine}) and
     * the head of the responder's shared log with its incarnation, so each side sees both and
     * whoever is behind catches up (or, seeing another incarnation, reads the log again).
     */
    record WatermarkResponse(long requestId, List<Mark> yours, List<Mark> mine, LogIncarnation sharedIncarnation,
                             long sharedHeadSeq) implements Sync, Response {
        public WatermarkResponse {
            yours = List.copyOf(Objects.requireNonNull(yours, "yours"));
            mine = List.copyOf(Objects.requireNonNull(mine, "mine"));
            requireIncarnation(sharedIncarnation, "sharedIncarnation");
            requireSeq(sharedHeadSeq, "sharedHeadSeq");
        }

        /** The head of the responder's shared log. */
        public LogPosition sharedHead() {
            return new LogPosition(sharedIncarnation, sharedHeadSeq);
        }
    }

    /** "I have new data": sent after a bulk change or a dropped push; the receiver runs an exchange soon. */
    record DataAvailable(String reason) implements Notice {
        public DataAvailable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Realtime: the owner's newest rows and deletes of one type, right after they committed.
     * {@code afterStamp}/{@code afterUuid} is the cursor they directly follow: a receiver whose
     * watermark is exactly there may advance it; any other applies them and lets a pull close the hole.
     * Sent in binary ({@link RecordFrames}), like {@link PullPage}.
     */
    record PushBatch(String owner, String resource, long afterStamp, String afterUuid,
                     List<io.tidemark.engine.model.OwnedRecord> records, List<io.tidemark.engine.model.Tombstone> deleted)
            implements Notice {
        public PushBatch {
            requireText(owner, "owner");
            requireText(resource, "resource");
            requireText(afterUuid, "afterUuid");
            records = List.copyOf(Objects.requireNonNull(records, "records"));
            deleted = List.copyOf(Objects.requireNonNull(deleted, "deleted"));
            requireOwnedBy(owner, resource, records, deleted);
        }
    }

    /**
     * One change of a shared resource. {@code hlc} is the HLC text form (it parses back exactly);
     * {@code origin} the uuid of the device that made it; {@code operation} is {@code put} or
     * {@code delete}; {@code payload} the record (a null node for a delete).
     */
    record SharedChange(String hlc, String origin, String resource, String record, String operation,
                        com.fasterxml.jackson.databind.JsonNode payload) {
        public static final String PUT = "put";
        public static final String DELETE = "delete";

        public SharedChange {
            requireText(hlc, "hlc");
            io.tidemark.engine.clock.HlcTimestamp.parse(hlc);
            requireText(origin, "origin");
            requireText(resource, "resource");
            requireText(record, "record");
            requireText(operation, "operation");
            if (!operation.equals(PUT) && !operation.equals(DELETE)) {
                throw new IllegalArgumentException("operation must be put or delete, got " + operation);
            }
            Objects.requireNonNull(payload, "payload");
        }
    }

    /**
     * Up to {@code limit} entries of the responder's shared change log after its local sequence
     * {@code afterSeq} of incarnation {@code incarnation} (append order on the responder, so a
     * change relayed late with an old HLC is never skipped the way an HLC cursor would skip it).
     * The incarnation is unknown when the requester never pulled, or pulled only before
     * incarnations existed. {@code requester} is the asking device's uuid: its own changes are left
     * out. {@code snapshotFrom} continues a snapshot from the position a {@link SharedPullPage} gave
     * ({@code afterSeq} and {@code incarnation} are then that page's); empty otherwise.
     */
    record SharedPullRequest(long requestId, LogIncarnation incarnation, long afterSeq, int limit, String requester,
                             String snapshotFrom) implements Sync, Request {
        public SharedPullRequest {
            Objects.requireNonNull(incarnation, "incarnation");
            requireSeq(afterSeq, "afterSeq");
            if (limit < 1 || limit > 100_000) {
                throw new IllegalArgumentException("limit must be within 1..100000");
            }
            requireText(requester, "requester");
            Objects.requireNonNull(snapshotFrom, "snapshotFrom");
        }

        /** The position asked after. */
        public LogPosition after() {
            return new LogPosition(incarnation, afterSeq);
        }
    }

    /**
     * Shared changes after the asked position, and the position to continue after, in the log's
     * incarnation. {@code snapshot} true: the log cannot serve the asked position (pruned past it,
     * another incarnation, or beyond its head: it went back), so these are the current shared rows
     * and deletes instead, in pages: while {@code snapshotNext} is not empty, ask again from there;
     * after the last page continue pulling after {@code lastSeq} (the log head when the snapshot
     * began) as usual. {@code remaining}: changes (or snapshot rows) after this page.
     */
    record SharedPullPage(long requestId, LogIncarnation incarnation, List<SharedChange> changes, long lastSeq, long remaining,
                          boolean snapshot, String snapshotNext) implements Sync, Response {
        public SharedPullPage {
            requireIncarnation(incarnation, "incarnation");
            changes = List.copyOf(Objects.requireNonNull(changes, "changes"));
            Objects.requireNonNull(snapshotNext, "snapshotNext");
            if (lastSeq < 0 || remaining < 0) {
                throw new IllegalArgumentException("lastSeq and remaining must not be negative");
            }
            if (!snapshot && !snapshotNext.isEmpty()) {
                throw new IllegalArgumentException("only a snapshot page continues a snapshot");
            }
        }

        /** The position to continue after. */
        public LogPosition last() {
            return new LogPosition(incarnation, lastSeq);
        }
    }

    /**
     * Realtime: the sender's shared changes right after they reached its log, those after
     * {@code afterSeq} through {@code lastSeq} of its log's incarnation {@code incarnation}. A
     * receiver that pulled the sender's log exactly through that position applies them and moves
     * on; any other pulls instead.
     */
    record SharedPush(LogIncarnation incarnation, long afterSeq, List<SharedChange> changes, long lastSeq) implements Notice {
        public SharedPush {
            requireIncarnation(incarnation, "incarnation");
            changes = List.copyOf(Objects.requireNonNull(changes, "changes"));
            if (afterSeq < 0 || lastSeq < afterSeq) {
                throw new IllegalArgumentException("need 0 <= afterSeq <= lastSeq");
            }
        }

        public LogPosition after() {
            return new LogPosition(incarnation, afterSeq);
        }

        public LogPosition last() {
            return new LogPosition(incarnation, lastSeq);
        }
    }

    /**
     * The sender has applied the receiver's shared log through {@code seq} of its incarnation
     * {@code incarnation}: the receiver may prune below every member's ack (of that incarnation only).
     */
    record SharedAck(LogIncarnation incarnation, long seq) implements Notice {
        public SharedAck {
            requireIncarnation(incarnation, "incarnation");
            requireSeq(seq, "seq");
        }

        public SharedAck(LogPosition position) {
            this(position.incarnation(), position.seq());
        }

        public LogPosition position() {
            return new LogPosition(incarnation, seq);
        }
    }

    /**
     * Introduces a device: protocol version, library, device, its current hybrid-logical-clock value (so the peer can
     * warn about skew before any data moves) and optional features it supports.
     *
     * @param hlc the sender's current HLC in its canonical string form
     * @param capabilities feature names; unknown ones are ignored, so features can be added without a version bump
     */
    record Hello(int protocolVersion, String libraryId, String deviceId, String hlc, List<String> capabilities,
            String deviceName) implements Handshake {
        public Hello {
            requireText(libraryId, "libraryId");
            requireText(deviceId, "deviceId");
            requireText(hlc, "hlc");
            capabilities = List.copyOf(Objects.requireNonNull(capabilities, "capabilities"));
            Objects.requireNonNull(deviceName, "deviceName");
        }

        /**
         * Checks the other side's Hello against what this connection expects. The message names both
         * devices, never "this device": it is sent to the other side as the refusal's reason, where
         * "this device" would name the wrong one.
         *
         * @param localName this device's name, as the message calls it
         * @throws ProtocolException {@link Reason#UNSUPPORTED_VERSION} or {@link Reason#WRONG_LIBRARY}
         */
        public void requireCompatible(int supportedVersion, String expectedLibraryId, String localName) throws ProtocolException {
            if (protocolVersion != supportedVersion) {
                throw new ProtocolException(Reason.UNSUPPORTED_VERSION, sender() + " speaks protocol version " + protocolVersion
                        + " and " + localName + " speaks version " + supportedVersion + "; update Tidemark on the older one");
            }
            if (!libraryId.equals(expectedLibraryId)) {
                throw new ProtocolException(Reason.WRONG_LIBRARY, sender() + " offered library " + libraryId + ", but "
                        + localName + " expected library " + expectedLibraryId);
            }
        }

        /** The sending device as people know it: its name, and its id when it gave none. */
        private String sender() {
            return deviceName.isBlank() ? "device " + deviceId : deviceName;
        }
    }

    /**
     * The handshake was rejected; the sender closes the connection after sending it.
     *
     * @param reason human-readable explanation for the other side's log and UI
     * @param code machine-readable code, normally a {@link Reason#code()}
     */
    record Refused(String reason, String code) implements Handshake {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            requireText(code, "code");
        }

        /** The Refused to send for a locally detected protocol violation. */
        public static Refused of(ProtocolException e) {
            return new Refused(e.getMessage(), e.reason().code());
        }
    }

    /**
     * Keepalive probe; also the first half of an NTP-style clock measurement (see {@link ClockSample}).
     *
     * @param sentAtMillis sender's wall clock when sending (t0)
     */
    record Ping(long requestId, long sentAtMillis) implements Control, Request {}

    /**
     * Answer to a {@link Ping}.
     *
     * @param pingSentAtMillis the ping's {@code sentAtMillis}, echoed (t0)
     * @param receivedAtMillis responder's wall clock when the ping arrived (t1)
     * @param sentAtMillis responder's wall clock when sending this pong (t2)
     */
    record Pong(long requestId, long pingSentAtMillis, long receivedAtMillis, long sentAtMillis)
            implements Control, Response {}

    /**
     * Reports a failure, either answering a request ({@code requestId > 0}) or about the connection as a whole
     * ({@code requestId == 0}).
     *
     * @param code machine-readable code, normally a {@link Reason#code()}
     */
    record ErrorMessage(long requestId, String code, String message) implements Control, Response {
        public ErrorMessage {
            requireText(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Joiner to inviter, first message on a pairing connection: which invite it answers. The invite id
     * derives from the secret but does not reveal it.
     */
    record PairRequest(String inviteId) implements Pairing {
        public PairRequest {
            requireText(inviteId, "inviteId");
        }
    }

    /**
     * The members a device knows, each with what its device record says and where it was last reached.
     *
     * @param members the sender included
     */
    record MemberList(List<Member> members) implements Membership {
        public MemberList {
            members = List.copyOf(Objects.requireNonNull(members, "members"));
        }
    }

    /**
     * One member: its device id (SHA-256 of its certificate, grouped text), the uuid that owns its rows,
     * its device record's stamp (so the newest version wins), and addresses to dial it at.
     */
    record Member(String deviceId, String uuid, long stamp, String name, String os, String appVersion,
                  List<String> addresses) {
        public Member {
            requireText(deviceId, "deviceId");
            requireText(uuid, "uuid");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(os, "os");
            Objects.requireNonNull(appVersion, "appVersion");
            addresses = List.copyOf(Objects.requireNonNull(addresses, "addresses"));
        }
    }

    /** Inviter to joiner: prove you hold the secret of invite {@code inviteId}, bound to this fresh nonce. */
    record PairChallenge(String inviteId, String nonceBase64) implements Pairing {
        public PairChallenge {
            requireText(inviteId, "inviteId");
            requireBase64(nonceBase64, "nonceBase64");
        }
    }

    /**
     * Joiner to inviter: HMAC(invite secret, inviter fingerprint, joiner fingerprint, nonce), plus how the joining
     * device should be shown to the library's members.
     */
    record PairProof(String inviteId, String proofBase64, String deviceName, String os) implements Pairing {
        public PairProof {
            requireText(inviteId, "inviteId");
            requireBase64(proofBase64, "proofBase64");
            Objects.requireNonNull(deviceName, "deviceName");
            Objects.requireNonNull(os, "os");
        }
    }

    /** Inviter to joiner: the proof held; here is the library the joiner now belongs to. */
    record PairAccepted(String libraryId, String libraryName, List<MemberSummary> members) implements Pairing {
        public PairAccepted {
            requireText(libraryId, "libraryId");
            Objects.requireNonNull(libraryName, "libraryName");
            members = List.copyOf(Objects.requireNonNull(members, "members"));
        }
    }

    /** Inviter to joiner: pairing failed (unknown/expired invite, bad proof); the inviter closes afterwards. */
    record PairRefused(String reason) implements Pairing {
        public PairRefused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * One existing member of a library, as told to a newly paired device so it can recognise their certificates.
     *
     * @param certificateFingerprint hex SHA-256 of the member's device certificate
     */
    record MemberSummary(String deviceId, String deviceName, String certificateFingerprint) {
        public MemberSummary {
            requireText(deviceId, "deviceId");
            Objects.requireNonNull(deviceName, "deviceName");
            requireText(certificateFingerprint, "certificateFingerprint");
        }
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /** A log's own position names its incarnation: unknown is only for what a member remembers. */
    private static void requireIncarnation(LogIncarnation value, String name) {
        Objects.requireNonNull(value, name);
        if (!value.isKnown()) {
            throw new IllegalArgumentException(name + " must not be unknown (" + value + ")");
        }
    }

    private static void requireSeq(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }

    private static void requireBase64(String value, String name) {
        requireText(value, name);
        try {
            Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not valid base64", e);
        }
    }

    /** The most uuid bits a shared reconciliation splits a type by: 16,384 buckets, 256 KiB of them. */
    int MAX_BUCKET_BITS = 14;

    /**
     * Reconciling one shared type, first step: the responder's count and digest of each of
     * {@code 2^bits} uuid ranges (buckets) of {@code resource}, rows and deletes alike, so the
     * requester finds which ranges hold what differs.
     */
    record SharedBucketsRequest(long requestId, String resource, int bits) implements Sync, Request {
        public SharedBucketsRequest {
            requireText(resource, "resource");
            requireBits(bits);
        }
    }

    /**
     * The answer: {@code buckets} is base64 of 16 bytes per bucket in uuid order, its count then its
     * digest, each a big-endian 64-bit integer.
     */
    record SharedBuckets(long requestId, String resource, int bits, String buckets) implements Sync, Response {
        public SharedBuckets {
            requireText(resource, "resource");
            requireBits(bits);
            Objects.requireNonNull(buckets, "buckets");
        }
    }

    /**
     * Reconciling one shared type, second step: the versions (no data) the requester holds in
     * {@code buckets} (each of {@code 2^bits}), base64 of 41 bytes each: uuid, HLC, origin, and 1
     * for a delete or 0 for a row. The responder answers with every version it holds there that the
     * requester lacks or holds older; {@code dryRun}: it only counts them.
     */
    record SharedReconcileRequest(long requestId, String resource, int bits, List<Integer> buckets, String held, boolean dryRun)
            implements Sync, Request {
        public SharedReconcileRequest {
            requireText(resource, "resource");
            requireBits(bits);
            buckets = List.copyOf(Objects.requireNonNull(buckets, "buckets"));
            Objects.requireNonNull(held, "held");
            for (int b : buckets) {
                if (b < 0 || b >= 1 << bits) {
                    throw new IllegalArgumentException("bucket " + b + " is not one of 2^" + bits);
                }
            }
        }
    }

    /**
     * The versions the requester lacks or holds older, with their data (none for a dry run):
     * {@code toSend} of them, about {@code bytesToSend} bytes; and how many of the requester's
     * versions beat the responder's ({@code requesterNewer}: what the responder lacks).
     */
    record SharedReconcilePage(long requestId, String resource, List<SharedChange> changes, long toSend, long bytesToSend,
                               long requesterNewer) implements Sync, Response {
        public SharedReconcilePage {
            requireText(resource, "resource");
            changes = List.copyOf(Objects.requireNonNull(changes, "changes"));
            if (toSend < 0 || bytesToSend < 0 || requesterNewer < 0) {
                throw new IllegalArgumentException("counts must not be negative");
            }
        }
    }

    private static void requireBits(int bits) {
        if (bits < 0 || bits > MAX_BUCKET_BITS) {
            throw new IllegalArgumentException("bits must be within 0.." + MAX_BUCKET_BITS + ", got " + bits);
        }
    }
}
