package io.tidemark.engine.sync;

import io.tidemark.engine.protocol.Message;
import java.time.Instant;
import java.util.Map;

/**
 * One member's sync, as the snapshot shows it: state with reason and since when; the member's marks
 * per (owner, type) from the last exchange (its watermark and count of each); the progress of pulls
 * from it; and its shared-log marks per shared type.
 */
public record PeerSyncView(SessionState state, String reason, Instant since, Map<SyncKey, Message.Mark> peerMarks,
                           Map<SyncKey, KeyProgress> progress, Map<String, Message.Mark> sharedMarks, Instant lastExchange,
                           SharedPull sharedPull, Map<SyncKey, RecoveryView> recoveries) {
    public PeerSyncView {
        recoveries = Map.copyOf(recoveries);
        peerMarks = Map.copyOf(peerMarks);
        progress = Map.copyOf(progress);
        sharedMarks = Map.copyOf(sharedMarks);
    }

    /** The same view in another state, with its reason (the rest as the session last showed it). */
    public PeerSyncView as(SessionState newState, String newReason) {
        return new PeerSyncView(newState, newReason, since, peerMarks, progress, sharedMarks, lastExchange, sharedPull, recoveries);
    }
}
