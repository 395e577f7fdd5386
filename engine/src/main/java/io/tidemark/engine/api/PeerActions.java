package io.tidemark.engine.api;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What a person can do about other devices: invite one, join a library, forget a member. */
public interface PeerActions {

    /** A one-time invite: the code to give to the other device, valid until {@code expiresAt}. */
    record Invitation(String code, Instant expiresAt, List<String> addresses) {
        public Invitation {
            addresses = List.copyOf(addresses);
        }
    }

    /** The library this device now belongs to, and the members it learnt. */
    record Joined(String libraryId, String libraryName, String inviterName, List<String> memberIds) {
        public Joined {
            memberIds = List.copyOf(memberIds);
        }
    }

    /** Makes a one-time invite code valid for 10 minutes. This device must be listening for the join. */
    Invitation invite();

    /**
     * Joins the library of the device that made {@code code}, dialling {@code address} (HOST:PORT) if
     * given, else the addresses in the code. Fails with a clear message for an expired, reused or
     * wrong code, or a home that already belongs to another library with data.
     */
    CompletableFuture<Joined> join(String code, String address);

    /** Removes a member on this device and closes its connections; it is refused from now on. */
    void forget(String deviceId);

    /** Runs a watermark exchange with the member now and catches up whatever is behind. */
    void catchUp(String deviceId);

    /**
     * Forgets this device's watermarks and checkpoints for the owners {@code deviceId} serves (only of
     * {@code type} if not null), then backfills them from it. Rows already held stay; applying is idempotent.
     */
    void resync(String deviceId, io.tidemark.engine.model.ResourceType type);

    /**
     * Surgical recovery with the member, of {@code owner}'s records only if given and of {@code type}
     * only if given: every (owner, type) whose counts or digests differ fetches exactly the records
     * that differ. {@code dryRun}: only ask what would move. Blocks until done (it is bounded by what
     * differs).
     */
    java.util.List<io.tidemark.engine.sync.SyncEngine.RecoveryOutcome> recover(String deviceId, java.util.UUID owner,
            io.tidemark.engine.model.ResourceType type, boolean dryRun);

    /** {@link #recover(String, java.util.UUID, io.tidemark.engine.model.ResourceType, boolean)} of every owner. */
    default java.util.List<io.tidemark.engine.sync.SyncEngine.RecoveryOutcome> recover(String deviceId,
            io.tidemark.engine.model.ResourceType type, boolean dryRun) {
        return recover(deviceId, null, type, dryRun);
    }

    /** Stops syncing with the member (no pulls, pushes or exchanges) until {@link #resume}; kept across restarts. */
    void pause(String deviceId);

    void resume(String deviceId);
}
