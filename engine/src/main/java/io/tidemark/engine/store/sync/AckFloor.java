package io.tidemark.engine.store.sync;

import java.util.OptionalLong;

/**
 * What the member peers have acknowledged, together: the basis for pruning the change log.
 *
 * @param members    peers with trust {@link Trust#MEMBER}
 * @param neverAcked members with no acknowledgement at all (new, or offline since they joined)
 * @param minimum    the smallest acknowledged HLC among members; present only when there is at
 *                   least one member and every member has acknowledged something
 */
public record AckFloor(int members, int neverAcked, OptionalLong minimum) {

    public AckFloor {
        if (members < 0 || neverAcked < 0 || neverAcked > members) {
            throw new IllegalArgumentException("inconsistent counts: members=" + members + ", neverAcked=" + neverAcked);
        }
        if (minimum.isPresent() != (members > 0 && neverAcked == 0)) {
            throw new IllegalArgumentException("minimum must be present exactly when every one of >0 members acked");
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
     * The highest HLC every member holds: {@link Long#MAX_VALUE} when there are no members (no one
     * else needs the log), {@code -1} while a member has never acknowledged.
     */
    public long safeThrough() {
        if (blocksPruning()) {
            return -1;
        }
        return members == 0 ? Long.MAX_VALUE : minimum.getAsLong();
    }
}
