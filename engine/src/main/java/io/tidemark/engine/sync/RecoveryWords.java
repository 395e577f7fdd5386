package io.tidemark.engine.sync;

import io.tidemark.engine.model.Counted;
import io.tidemark.engine.model.KeyDigest;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** The words a person reads about gaps and their repairs: the member's state while checking, and the audit events. */
final class RecoveryWords {
    private final DeviceNames names;

    RecoveryWords(DeviceNames names) {
        this.names = names;
    }

    /** "entries from alpha: 33,104 records missing" as far as the summaries tell. */
    String gap(GapDetector.Gap gap) {
        String whose = gap.key().type().plural() + " from " + names.owner(gap.key().owner());
        long diff = gap.theirs().items() - gap.ours().items();
        if (gap.reclaim()) {
            return "this device's " + gap.key().type().plural() + ": the member holds " + String.format(Locale.ROOT,
                    "%,d", Math.max(0, diff)) + " more than this device (its library was restored from an older copy?)";
        }
        if (diff > 0) {
            return whose + ": " + Counted.of(diff, "record", "records") + " missing";
        }
        if (diff < 0) {
            return whose + ": " + Counted.of(-diff, "record", "records") + " too many";
        }
        return whose + ": the same count, but different versions";
    }

    /** The audit of one recovery: what each side held, what moved, what it cost, where it ended. */
    String audit(PeerSession session, GapDetector.Gap gap, GapRecovery.Result r, boolean byHand, boolean matched) {
        Map<UUID, String> all = names.all();
        String member = all.getOrDefault(session.owner, session.peer.shortForm());
        String whose = gap.key().type().plural() + " from " + DeviceNames.owner(all, gap.key().owner());
        return String.format(Locale.ROOT,
                "%s recovery of %s with %s: found %,d here and %,d there (digests %s and %s); fetched %s, removed %s; %s in %s"
                        + " in %,d ms; now %,d here%s",
                byHand ? "Manual" : "Automatic", whose, member, gap.ours().items(), gap.theirs().items(),
                KeyDigest.hex(gap.ours().digest()), KeyDigest.hex(gap.theirs().digest()),
                Counted.of(r.fetched(), "record", "records"), Counted.of(r.removed(), "record", "records"),
                Counted.bytes(r.bytes()), Counted.of(r.roundTrips(), "round trip", "round trips"),
                r.took().toMillis(), r.after().items(), gap.reclaim() ? "" : matched ? ", the same as there" : ", still different: will look again");
    }

    /** "shared tags: 3 here and 5 on desk, with 0 deletes and 1 delete". */
    String sharedGap(PeerSession session, GapRepairs.SharedDifference d) {
        return String.format(Locale.ROOT, "shared %s: %,d here and %,d on %s, with %s and %s", d.type().plural(),
                d.here().rows(), d.there().rows(), names.of(session.peer),
                Counted.of(d.here().deleted(), "delete", "deletes"), Counted.of(d.there().deleted(), "delete", "deletes"));
    }

    /** The audit of one shared repair. */
    String sharedAudit(PeerSession session, SharedRepair.Result r, boolean byHand) {
        String member = names.of(session.peer);
        boolean same = r.after().sameAs(r.theirs());
        return String.format(Locale.ROOT,
                "%s repair of shared %s with %s: %,d here and %,d there (digests %s and %s), %s of ids differed;"
                        + " fetched %s (%,d changed here)%s; %s in %s in %,d ms; now %,d here%s",
                byHand ? "Manual" : "Automatic", r.type().plural(), member, r.before().items(), r.theirs().items(),
                KeyDigest.hex(r.before().digest()), KeyDigest.hex(r.theirs().digest()),
                Counted.of(r.bucketsDiffering(), "bucket", "buckets"),
                Counted.of(r.fetched(), "record", "records"), r.applied(),
                r.memberLacks() == 0 ? "" : "; " + member + " lacks " + Counted.of(r.memberLacks(),
                        "record", "records") + " this device holds newer, and fetches those itself",
                Counted.bytes(r.bytes()), Counted.of(r.roundTrips(), "round trip", "round trips"), r.took().toMillis(),
                r.after().items(), same ? ", the same as there" : r.memberLacks() > 0 ? "" : ", still different: will look again");
    }
}
