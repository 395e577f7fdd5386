package io.tidemark.engine.identity;

import java.util.Objects;
import java.util.UUID;

/**
 * The outcome of {@link InviteRegistry#redeem}: either the joiner is accepted into a library, or
 * it is refused for one specific {@link Reason}. A sealed type rather than exceptions, because a
 * refusal is an expected answer the pairing protocol sends back to the joiner, not a failure of
 * the inviter.
 */
public sealed interface Redemption permits Redemption.Accepted, Redemption.Refused {

    /** Why an invite could not be redeemed. */
    enum Reason {
        /** No invite with that id was issued here (or it expired long ago): a wrong code. */
        UNKNOWN,
        /** The invite existed but its validity ran out. */
        EXPIRED,
        /** The invite was already redeemed by a device; codes work once. */
        ALREADY_USED,
        /** The proof did not match: the joiner does not hold the secret, or the session differs. */
        BAD_PROOF
    }

    /**
     * The proof matched and the invite is now consumed.
     *
     * @param libraryId the library the joiner may now join
     * @param inviter the inviting device
     * @param joiner the device that proved knowledge of the secret
     */
    record Accepted(UUID libraryId, DeviceId inviter, DeviceId joiner) implements Redemption {
        public Accepted {
            Objects.requireNonNull(libraryId, "libraryId");
            Objects.requireNonNull(inviter, "inviter");
            Objects.requireNonNull(joiner, "joiner");
        }
    }

    /**
     * The invite was not redeemed.
     *
     * @param reason the machine-readable reason
     * @param message a sentence suitable for showing to the person running {@code tidemark join}
     */
    record Refused(Reason reason, String message) implements Redemption {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
