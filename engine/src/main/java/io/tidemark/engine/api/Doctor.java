package io.tidemark.engine.api;

import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.Counted;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.protocol.ClockSample;
import io.tidemark.engine.store.library.LibraryChecks;
import io.tidemark.engine.store.library.LibraryChecks.Finding;
import io.tidemark.engine.store.sync.MetricSample;
import io.tidemark.engine.store.sync.Peer;
import io.tidemark.engine.store.sync.Trust;
import io.tidemark.engine.store.sync.Watermark;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs every integrity check over a home's two stores and returns the findings in the order run,
 * then the clock's state: the saved clock against the system time (among the library checks), the
 * last jump of this device's clock on record, and each member's clock as last measured.
 */
public final class Doctor {
    private Doctor() {
    }

    public static List<Finding> examine(Engine engine) {
        List<Finding> findings = new ArrayList<>(LibraryChecks.run(engine.library()));
        findings.add(LibraryChecks.integrity(engine.sync().database(), "sync.db"));
        findings.addAll(watermarks(engine));
        findings.add(clockJumps(engine));
        findings.addAll(memberClocks(engine));
        return findings;
    }

    /**
     * The last jump of this device's wall clock on record, from the events the network recorded
     * (doctor runs in a process of its own, whose clock has seen none). A problem only while the
     * last word on it is that a member disputed it: this device's clock is then wrong.
     */
    static Finding clockJumps(Engine engine) {
        return engine.sync().events().latestOfKind("clock.jump_")
                .map(e -> new Finding("clock jumps", !e.event().kind().equals("clock.jump_disputed"),
                        "the last one on record, at " + e.event().at().truncatedTo(ChronoUnit.SECONDS) + ": " + e.event().message()))
                .orElse(new Finding("clock jumps", true, "no jump of this device's clock on record"));
    }

    /**
     * Each member's wall clock as last measured (once a minute while connected, kept a week): a
     * problem when it is further off than the drift bound, which is when sync says so too.
     */
    static List<Finding> memberClocks(Engine engine) {
        long bound = engine.library().clock().maxDrift().toMillis();
        List<Finding> findings = new ArrayList<>();
        for (Peer peer : engine.sync().peers().list(Trust.MEMBER)) {
            if (peer.deviceId().length != DeviceId.LENGTH) {
                continue;
            }
            DeviceId member = new DeviceId(peer.deviceId());
            Optional<MetricSample> offset = engine.sync().metrics().latest(MinuteMetrics.CLOCK_OFFSET_MS, "peer=" + member);
            if (offset.isEmpty()) {
                continue;
            }
            String name = engine.library().database().read(c -> LibraryChecks.ownerName(c, Ids.fromDigest(member.bytes())));
            long millis = (long) offset.get().value();
            boolean within = Math.abs(millis) <= bound;
            findings.add(new Finding("clock of " + name, within, ClockSample.inWords(name, millis) + ", measured "
                    + offset.get().at().truncatedTo(ChronoUnit.SECONDS)
                    + (within ? "" : "; set the time automatically (NTP) on whichever of the two shows the wrong time")));
        }
        if (findings.isEmpty()) {
            findings.add(new Finding("member clocks", true, "no member's clock measured yet (the daemon and the app measure them)"));
        }
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
