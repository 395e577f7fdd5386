package io.tidemark.engine.sync;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.KeySummary;
import io.tidemark.engine.protocol.Message;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Finds count gaps from one watermark exchange: keys where both sides stand at the same position
 * and still hold different versions. Pure: it reads our marks and the member's, nothing else.
 *
 * <p>Who repairs (so two devices never chase each other): the owner is the authority for its
 * records. A member at the owner's newest position whose summary differs repairs from the owner.
 * The owner never "repairs" its own records down to a member's, but when a member holds its
 * records further (or newer versions) than it does itself, its library.db went back in time, and
 * it reclaims them from that member (fetch only, nothing removed).
 */
final class GapDetector {
    private GapDetector() {
    }

    /**
     * One key to recover from the member: what each side holds, the member's position
     * ({@code upTo}), and whether it is the owner reclaiming its own records.
     */
    record Gap(SyncKey key, KeySummary ours, KeySummary theirs, Cursor upTo, boolean reclaim) {
    }

    /**
     * The gaps to repair on their own: the member is the key's owner and we stand at its newest
     * position, or past it. Past it means the owner went back (its library.db restored): nothing
     * newer will come to pull, so the summaries must say what differs, or we would wait forever.
     */
    static List<Gap> find(UUID self, UUID member, Marks ours, Map<SyncKey, Message.Mark> theirs, LostCheck lost) {
        return gaps(self, member, ours, theirs, lost, (key, at) -> {
            Cursor mine = ours.watermarks().get(key);
            return key.owner().equals(member) && mine != null && mine.compareTo(at) >= 0;
        });
    }

    /**
     * Every key whose summary differs from the member's, for a recovery asked by hand: from the owner,
     * or from any member up to that member's own watermark (it answers for no more).
     */
    static List<Gap> findAny(UUID self, UUID member, Marks ours, Map<SyncKey, Message.Mark> theirs, LostCheck lost) {
        return gaps(self, member, ours, theirs, lost, (key, at) -> true);
    }

    /** Reclaims of our own keys, and repairs of other owners' keys that {@code eligible} admits and whose summaries differ. */
    private static List<Gap> gaps(UUID self, UUID member, Marks ours, Map<SyncKey, Message.Mark> theirs, LostCheck lost,
                                  java.util.function.BiPredicate<SyncKey, Cursor> eligible) {
        List<Gap> out = new ArrayList<>();
        theirs.forEach((key, mark) -> {
            Cursor at = cursor(mark);
            KeySummary summary = summary(key, mark);
            if (key.owner().equals(self)) {
                reclaim(key, ours, summary, lost).ifPresent(out::add);
            } else if (eligible.test(key, at) && !ours.summary(key).sameAs(summary)) {
                out.add(new Gap(key, ours.summary(key), summary, range(key, member, at, ours), false));
            }
        });
        out.sort(ORDER);
        return out;
    }

    /** Whether the member's summary of our own type may hold versions a restore of our library.db lost (see RestoreGuard). */
    @FunctionalInterface
    interface LostCheck {
        LostCheck NONE = (type, theirs) -> false;

        boolean mayHoldLost(io.tidemark.engine.model.ResourceType type, KeySummary theirs);
    }

    /**
     * Whether a member's summary of our own {@code key} shows that our library.db went back: it holds
     * versions above our version counter (a commit the restore took and sync.db never heard of), or
     * may hold versions a detected restore lost. Positions are no evidence: a member's watermark past
     * the newest record we hold is what pruning our own deletes leaves, and reclaiming then would
     * bring deleted records back.
     */
    private static java.util.Optional<Gap> reclaim(SyncKey key, Marks ours, KeySummary theirs, LostCheck lost) {
        KeySummary mine = ours.summary(key);
        if (theirs.maxVersion() > mine.maxVersion() || (!mine.sameAs(theirs) && lost.mayHoldLost(key.type(), theirs))) {
            // All the member holds of ours, also past its watermark (pushed rows behind a hole we lost).
            return java.util.Optional.of(new Gap(key, mine, theirs, RECLAIM_ALL, true));
        }
        return java.util.Optional.empty();
    }

    /**
     * How far a repair compares. A member answers for no more than its own position; the owner
     * answers for all its records, up to our watermark where that is further: past the owner's
     * newest record we may still hold versions it deleted and pruned, and only a range that covers
     * them lets it name them as gone.
     */
    private static Cursor range(SyncKey key, UUID member, Cursor at, Marks ours) {
        Cursor mine = ours.watermarks().get(key);
        return key.owner().equals(member) && mine != null && mine.compareTo(at) > 0 ? mine : at;
    }

    private static final Cursor RECLAIM_ALL = new Cursor(Long.MAX_VALUE, new UUID(-1L, -1L));

    private static final Comparator<Gap> ORDER = Comparator.comparingInt((Gap g) -> g.key().type().ordinal())
            .thenComparing(g -> g.key().owner(), Cursor::compareIds);

    static KeySummary summary(SyncKey key, Message.Mark mark) {
        return new KeySummary(key.owner(), key.type(), mark.count(), mark.deleted(), mark.digest(), mark.maxVersion());
    }

    private static Cursor cursor(Message.Mark mark) {
        return new Cursor(mark.stamp(), UUID.fromString(mark.uuid()));
    }
}
