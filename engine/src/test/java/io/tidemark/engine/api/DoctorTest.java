package io.tidemark.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.store.library.LibraryChecks.Finding;
import io.tidemark.engine.store.sync.Event;
import io.tidemark.engine.store.sync.Peer;
import io.tidemark.engine.store.sync.Trust;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** doctor says plainly what is wrong, and only what is wrong. */
class DoctorTest {

    @TempDir
    Path dir;

    private static List<String> problems(List<Finding> findings) {
        return findings.stream().filter(f -> !f.ok()).map(f -> f.check() + ": " + f.detail()).toList();
    }

    @Test
    void aHealthyLibraryHasNoProblems() {
        try (Engine engine = Engine.init(new Home(dir), "laptop", "lib")) {
            List<Finding> findings = Doctor.examine(engine);
            assertThat(problems(findings)).isEmpty();
            // In plain words: device names, nouns that agree with their numbers.
            assertThat(findings).extracting(f -> f.check() + ": " + f.detail()).contains(
                    "counts of devices from laptop: 1 device: count, query and paging agree",
                    "counts of shared content identities: 0 content identities and 0 deletes: count, digest and query agree",
                    "watermarks: 0 watermarks, none at epoch 0 or more than 365 days in the future");
        }
    }

    /**
     * The clock's state: the saved clock against the system time, the last jump of this device's
     * clock on record, and each member's clock as last measured; a problem only where something is
     * to be put right.
     */
    @Test
    void showsTheClockStateAndFlagsOnlyWhatIsToBePutRight() throws Exception {
        try (Engine engine = Engine.init(new Home(dir), "laptop", "lib")) {
            assertThat(Doctor.examine(engine)).extracting(f -> f.check() + ": " + f.detail()).contains(
                    "clock jumps: no jump of this device's clock on record",
                    "member clocks: no member's clock measured yet (the daemon and the app measure them)");

            DeviceId desk = member(engine, 1, "desk");
            DeviceId nas = member(engine, 2, "nas");
            Instant earlier = Instant.parse("2026-03-01T10:00:00Z");
            Instant later = earlier.plusSeconds(60);
            engine.sync().metrics().record(MinuteMetrics.CLOCK_OFFSET_MS, "peer=" + desk, earlier, 7_380_000);
            engine.sync().metrics().record(MinuteMetrics.CLOCK_OFFSET_MS, "peer=" + desk, later, 2_000);
            engine.sync().metrics().record(MinuteMetrics.CLOCK_OFFSET_MS, "peer=" + nas, later, -7_380_000);
            engine.sync().events().append(new Event(earlier, "clock.jump_disputed", null, "This device's clock jumped 1 h ahead ...", null));
            engine.sync().events().append(new Event(later, "clock.jump_withdrawn", null, "This device's clock came back ...", null));

            List<Finding> findings = Doctor.examine(engine);
            assertThat(findings).extracting(f -> f.check() + ": " + f.detail()).contains(
                    "clock jumps: the last one on record, at 2026-03-01T10:01:00Z: This device's clock came back ...",
                    "clock of desk: desk's clock is 2 s ahead of this device's, measured 2026-03-01T10:01:00Z");
            assertThat(problems(findings)).containsExactly("clock of nas: nas's clock is 2 h 3 min behind this device's, measured"
                    + " 2026-03-01T10:01:00Z; set the time automatically (NTP) on whichever of the two shows the wrong time");

            engine.sync().events().append(new Event(later.plusSeconds(5), "clock.jump_disputed", null, "This device's clock jumped"
                    + " 2 h ahead, and desk's clock agrees with the time before the jump ...", null));
            assertThat(problems(Doctor.examine(engine))).containsExactly(
                    "clock jumps: the last one on record, at 2026-03-01T10:01:05Z: This device's clock jumped 2 h ahead, and desk's"
                            + " clock agrees with the time before the jump ...",
                    "clock of nas: nas's clock is 2 h 3 min behind this device's, measured 2026-03-01T10:01:00Z; set the time"
                            + " automatically (NTP) on whichever of the two shows the wrong time");
        }
    }

    /** A member named {@code name}, as pairing and its device record make it. */
    private static DeviceId member(Engine engine, int n, String name) {
        byte[] bytes = new byte[DeviceId.LENGTH];
        java.util.Arrays.fill(bytes, (byte) n);
        DeviceId id = new DeviceId(bytes);
        UUID uuid = Ids.fromDigest(bytes);
        engine.sync().peers().upsert(new Peer(bytes, name, List.of(), Trust.MEMBER, null));
        engine.library().applyOwned(List.of(new DeviceRecord(uuid, uuid, 1, name, "Linux", "test", bytes)));
        return id;
    }

    @Test
    void findsOrphansDriftedCountsAndBadWatermarks() throws Exception {
        try (Engine engine = Engine.init(new Home(dir), "laptop", "lib")) {
            UUID self = engine.identity().deviceId();
            // An entry whose location this library does not hold.
            engine.library().writeLocal(tx -> {
                tx.put(new EntryRecord(Ids.newId(), self, 0, Ids.newId(), null, "lost.txt", EntryKind.FILE, 1, 1, null));
                return null;
            });
            // A maintained count that no longer matches the rows.
            engine.library().database().write(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE record_count SET n = n + 5 WHERE type = 'entry'")) {
                    return ps.executeUpdate();
                }
            });
            UUID peer = Ids.newId();
            engine.sync().watermarks().advance(peer, ResourceType.LOCATION, new Cursor(new HlcTimestamp(0, 7).packed(), Ids.newId()));
            // An owner whose clock ran hours ahead stamped ahead: its watermark is no fault.
            long inTwoHours = System.currentTimeMillis() + 7_200_000L;
            engine.sync().watermarks().advance(peer, ResourceType.VOLUME, new Cursor(new HlcTimestamp(inTwoHours, 0).packed(),
                    Ids.newId()));
            long inTwoYears = System.currentTimeMillis() + 2 * 365 * 86_400_000L;
            engine.sync().watermarks().advance(peer, ResourceType.ENTRY, new Cursor(new HlcTimestamp(inTwoYears, 0).packed(), Ids.newId()));

            List<String> problems = problems(Doctor.examine(engine));

            assertThat(problems).hasSize(4);
            String peerName = "device " + peer.toString().substring(0, 8);
            assertThat(problems).anySatisfy(p -> assertThat(p).contains("references").contains("1 entry refers to a missing location"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("counts of entries from laptop:")
                    .contains("maintained count 6, count query 1, paging 1"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("watermark of locations from " + peerName + ":").contains("epoch 0"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("watermark of entries from " + peerName + ":").contains("in the future"));
        }
    }
}
