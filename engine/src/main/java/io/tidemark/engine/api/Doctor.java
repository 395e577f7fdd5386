package io.tidemark.engine.api;

import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.model.Counted;
import io.tidemark.engine.store.library.LibraryChecks;
import io.tidemark.engine.store.library.LibraryChecks.Finding;
import io.tidemark.engine.store.sync.Watermark;
import java.util.ArrayList;
import java.util.List;

/** Runs every integrity check over a home's two stores and returns the findings in the order run. */
public final class Doctor {
    private Doctor() {
    }

    public static List<Finding> examine(Engine engine) {
        List<Finding> findings = new ArrayList<>(LibraryChecks.run(engine.library()));
        findings.add(LibraryChecks.integrity(engine.sync().database(), "sync.db"));
        findings.addAll(watermarks(engine));
        return findings;
    }

    /**
     * A watermark is a promise that everything up to it was applied: at epoch 0 or implausibly far in
     * the future it is corrupt. One some hours ahead is not: it holds an owner's stamps, and an owner
     * whose clock ran ahead stamped ahead.
     */
    static List<Finding> watermarks(Engine engine) {
        HybridLogicalClock clock = engine.library().clock();
        List<Finding> findings = new ArrayList<>();
        List<Watermark> all = engine.sync().watermarks().all();
        for (Watermark w : all) {
            HlcTimestamp at = w.cursor().hlc();
            String name = "watermark of " + w.type().plural() + " from "
                    + engine.library().database().read(c -> LibraryChecks.ownerName(c, w.owner()));
            if (at.physicalMillis() == 0) {
                findings.add(new Finding(name, false, "the watermark sits at epoch 0 (" + at + "); reset it with a full resync"));
            } else if (!clock.isPlausible(at)) {
                findings.add(new Finding(name, false, "the watermark " + at + " is more than "
                        + Counted.span(HybridLogicalClock.IMPLAUSIBLE_AHEAD.toMillis()) + " in the future; reset it with a full resync"));
            }
        }
        if (findings.isEmpty()) {
            findings.add(new Finding("watermarks", true, Counted.of(all.size(), "watermark", "watermarks") + ", none at epoch 0 or more than "
                    + Counted.span(HybridLogicalClock.IMPLAUSIBLE_AHEAD.toMillis()) + " in the future"));
        }
        return findings;
    }
}
