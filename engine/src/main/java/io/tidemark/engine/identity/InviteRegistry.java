package io.tidemark.engine.identity;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The inviter's record of outstanding invite codes. In memory only: an invite lives for minutes
 * and should die with the process that printed it.
 *
 * <p>{@link #issue} creates a code with a fresh random secret; {@link #redeem} checks a joiner's
 * {@link PairingProof} and consumes the invite on success, so each code admits exactly one
 * device. A wrong proof does not consume the invite: the 256-bit secret cannot be guessed, and
 * burning the code would let anyone who learnt the (non-secret) invite id cancel it.
 *
 * <p>Once consumed, an invite's secret is wiped and only a marker remains, so a second attempt is
 * told "already used" rather than "unknown". Expired and used invites are kept for
 * {@link #RETENTION} after their expiry so that late attempts get a precise reason, then purged on
 * the next call. All methods are thread-safe; time comes from the injected {@link Clock}.
 */
public final class InviteRegistry {

    /** Validity of a code unless the caller asks otherwise. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofMinutes(10);
    /** Longest validity accepted: an invite code is a bearer credential. */
    public static final Duration MAX_VALIDITY = Duration.ofHours(24);
    /** How long an expired or used invite is remembered to give a precise refusal. */
    public static final Duration RETENTION = Duration.ofHours(1);

    private final Clock clock;
    private final SecureRandom random;
    private final Map<InviteId, Entry> invites = new HashMap<>();

    /** State of one invite; {@code secret} is null once used. */
    private static final class Entry {
        final UUID libraryId;
        final DeviceId inviter;
        final Instant expiresAt;
        byte[] secret;

        Entry(InviteCode code) {
            this.libraryId = code.libraryId();
            this.inviter = code.inviter();
            this.expiresAt = code.expiresAt();
            this.secret = code.secret();
        }
    }

    /** A registry reading time from {@code clock} and secrets from a new {@link SecureRandom}. */
    public InviteRegistry(Clock clock) {
        this(clock, new SecureRandom());
    }

    /** A registry with an explicit random source (tests can make secrets reproducible). */
    public InviteRegistry(Clock clock, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Issues a code valid for {@link #DEFAULT_VALIDITY}. */
    public InviteCode issue(UUID libraryId, DeviceId inviter, List<String> addresses) {
        return issue(libraryId, inviter, addresses, DEFAULT_VALIDITY);
    }

    /**
     * Issues a code valid for {@code validity} from now.
     *
     * @throws IllegalArgumentException if validity is not positive or exceeds {@link #MAX_VALIDITY},
     *     or an address is not HOST:PORT
     */
    public InviteCode issue(UUID libraryId, DeviceId inviter, List<String> addresses, Duration validity) {
        Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("invite validity must be positive and at most " + MAX_VALIDITY
                    + ", got " + validity);
        }
        byte[] secret = new byte[InviteCode.SECRET_LENGTH];
        random.nextBytes(secret);
        Instant now = clock.instant();
        InviteCode code = new InviteCode(libraryId, inviter, addresses, secret, now.plus(validity));
        Arrays.fill(secret, (byte) 0);
        synchronized (invites) {
            purge(now);
            invites.put(code.inviteId(), new Entry(code));
        }
        return code;
    }

    /**
     * Checks a joiner's answer to the invite named {@code inviteId} and consumes the invite if the
     * proof is right.
     *
     * @param inviteId the invite the joiner says it answers
     * @param joiner the joiner's device id, taken from its TLS client certificate
     * @param nonce the nonce this inviter sent in this session ({@link PairingProof#newNonce()})
     * @param proof the joiner's {@link PairingProof}
     */
    public Redemption redeem(InviteId inviteId, DeviceId joiner, byte[] nonce, byte[] proof) {
        Objects.requireNonNull(inviteId, "inviteId");
        Objects.requireNonNull(joiner, "joiner");
        Objects.requireNonNull(nonce, "nonce");
        Instant now = clock.instant();
        synchronized (invites) {
            purge(now);
            Entry entry = invites.get(inviteId);
            if (entry == null) {
                return new Redemption.Refused(Redemption.Reason.UNKNOWN,
                        "this invite code is not known to the inviting device: it is wrong, was never issued"
                                + " there, or expired long ago. Ask for a new code with 'tidemark invite'");
            }
            if (entry.secret == null) {
                return new Redemption.Refused(Redemption.Reason.ALREADY_USED,
                        "this invite code was already used by another device; each code works once."
                                + " Ask for a new code with 'tidemark invite'");
            }
            if (!now.isBefore(entry.expiresAt)) {
                return new Redemption.Refused(Redemption.Reason.EXPIRED,
                        "this invite code expired at " + entry.expiresAt + ". Ask for a new code with 'tidemark invite'");
            }
            if (nonce.length != PairingProof.NONCE_LENGTH
                    || !PairingProof.verify(entry.secret, entry.inviter, joiner, nonce, proof)) {
                return new Redemption.Refused(Redemption.Reason.BAD_PROOF,
                        "the pairing proof did not match this invite code: check that the code was copied"
                                + " exactly and that you are connected to the right device");
            }
            Arrays.fill(entry.secret, (byte) 0);
            entry.secret = null;
            return new Redemption.Accepted(entry.libraryId, entry.inviter, joiner);
        }
    }

    /** Number of invites that can still be redeemed now. */
    public int pendingCount() {
        Instant now = clock.instant();
        synchronized (invites) {
            purge(now);
            return (int) invites.values().stream()
                    .filter(e -> e.secret != null && now.isBefore(e.expiresAt))
                    .count();
        }
    }

    /** Number of invites remembered at all, including expired and used ones still retained. */
    int retainedCount() {
        synchronized (invites) {
            purge(clock.instant());
            return invites.size();
        }
    }

    private void purge(Instant now) {
        invites.values().removeIf(entry -> {
            boolean gone = !now.isBefore(entry.expiresAt.plus(RETENTION));
            if (gone && entry.secret != null) {
                Arrays.fill(entry.secret, (byte) 0);
            }
            return gone;
        });
    }
}
