package io.tidemark.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.store.library.LibraryChecks.Finding;
import java.nio.file.Path;
import java.sql.PreparedStatement;
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
