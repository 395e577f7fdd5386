package io.tidemark.engine.store.sync;

import java.util.OptionalLong;

/**
 * What the member peers have acknowledged of this device's change log, together: the basis for
 * pruning it.
 *
 * @param members    peers with trust {@link Trust#MEMBER}
 * @param neverAcked members with no acknowledgement at all (new, or offline since they joined)
 * @param away       members that acknowledged once but have not been heard of within the retention
 *                   limit: they no longer hold the log back, and get a snapshot when they return
 * @param minimum    the smallest acknowledged seq among the members that count (neither never-acked
 *                   nor away); present only when there is at least one such member and no never-acked one
 */
public record AckFloor(int members, int neverAcked, int away, OptionalLong minimum) {

    public AckFloor {
        if (members < 0 || neverAcked < 0 || away < 0 || neverAcked + away > members) {
            throw new IllegalArgumentException("inconsistent counts: members=" + members + ", neverAcked=" + neverAcked
                    + ", away=" + away);
        }
        if (minimum.isPresent() != (neverAcked == 0 && members - away > 0)) {
            throw new IllegalArgumentException("minimum must be present exactly when every counted member acked");
        }
    }

    /**
     * True when a member has never acknowledged: nothing is known to have reached it, so no entry may
     * be pruned. (The reference system skipped such peers, and a new or long-offline peer missed changes.)
     */
    public boolean blocksPruning() {
        return neverAcked > 0;
    }

    /**
     * The highest seq every counted member holds: {@link Long#MAX_VALUE} when no member counts (no
     * one else needs the log), {@code -1} while a member has never acknowledged.
     */
    public long safeThrough() {
        if (blocksPruning()) {
            return -1;
        }
        return minimum.orElse(Long.MAX_VALUE);
    }
}
