package io.tidemark.engine.store.sync;

import io.tidemark.engine.testing.MutableClock;
import static io.tidemark.engine.store.sync.SyncTestSupport.T0;
import static io.tidemark.engine.store.sync.SyncTestSupport.fingerprint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStoreTest {

    @TempDir
    Path dir;

    private SyncStore store;
    private EventStore events;

    @BeforeEach
    void open() {
        store = SyncTestSupport.create(dir, new MutableClock(T0));
        events = store.events();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Event event(long second) {
        return new Event(T0.plusSeconds(second), "peer.connected", null, "event " + second, null);
    }

    @Test
    void roundTripsExactly() {
        Event full = new Event(T0.plusMillis(5), "backfill.finished", fingerprint(3), "Backfill from laptop finished",
                "{\"records\":25000,\"type\":\"entry\",\"note\":\"\u00e9\"}");
        Event bare = new Event(T0, "sync.idle", null, "", null);
        long id1 = events.append(full);
        long id2 = events.append(bare);
        assertThat(id2).isGreaterThan(id1);
        assertThat(events.since(0)).containsExactly(new LoggedEvent(id1, full), new LoggedEvent(id2, bare));
        assertThat(events.lastId()).isEqualTo(id2);
    }

    @Test
    void theLogIsBoundedByCountAsWellAsByAgeAndIdsAreNeverReused() {
        List<Long> ids = LongStream.range(0, 25).map(i -> events.append(event(i))).boxed().toList();
        assertThat(events.keepNewest(10)).isEqualTo(15);
        assertThat(events.since(0)).extracting(LoggedEvent::id).containsExactlyElementsOf(ids.subList(15, 25));
        assertThat(events.keepNewest(10)).as("already within the bound").isZero();
        assertThat(events.keepNewest(0)).isEqualTo(10);
        assertThat(events.since(0)).isEmpty();
        assertThat(events.append(event(99))).isGreaterThan(ids.get(24));
    }

    @Test
    void recentAndSinceStreamInOrder() {
        List<Long> ids = LongStream.range(0, 10).map(i -> events.append(event(i))).boxed().toList();

        assertThat(events.recent(3)).extracting(LoggedEvent::id).containsExactlyElementsOf(ids.subList(7, 10));
        assertThat(events.recent(3)).extracting(LoggedEvent::event)
                .containsExactly(event(7), event(8), event(9));
        assertThat(events.recent(100)).hasSize(10);
        assertThat(events.since(ids.get(4), 2)).extracting(LoggedEvent::id).containsExactly(ids.get(5), ids.get(6));
        assertThat(events.since(ids.get(9))).isEmpty();
        assertThatThrownBy(() -> events.recent(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void latestOfKindFindsTheNewestEventWhoseKindStartsSo() {
        assertThat(events.latestOfKind("clock.jump_")).isEmpty();
        events.append(new Event(T0, "clock.jump_disputed", null, "first", null));
        long withdrawn = events.append(new Event(T0.plusSeconds(1), "clock.jump_withdrawn", null, "second", null));
        events.append(new Event(T0.plusSeconds(2), "clock.skew", null, "not a jump", null));
        events.append(new Event(T0.plusSeconds(3), "peer.clock.jump_", null, "prefix only at the start", null));
        assertThat(events.latestOfKind("clock.jump_")).hasValueSatisfying(e -> {
            assertThat(e.id()).isEqualTo(withdrawn);
            assertThat(e.event().message()).isEqualTo("second");
        });
        assertThat(events.latestOfKind("clock.jump_%")).as("no pattern characters").isEmpty();
    }

    @Test
    void pruneDeletesOlderEventsAndIdsAreNeverReused() {
        List<Long> ids = LongStream.range(0, 5).map(i -> events.append(event(i))).boxed().toList();
        assertThat(events.prune(T0.plusSeconds(2))).isEqualTo(2);
        assertThat(events.since(0)).extracting(LoggedEvent::id).containsExactlyElementsOf(ids.subList(2, 5));

        assertThat(events.prune(T0.plusSeconds(60))).isEqualTo(3);
        assertThat(events.since(0)).isEmpty();
        assertThat(events.lastId()).isEqualTo(ids.get(4));
        long next = events.append(event(99));
        assertThat(next).isGreaterThan(ids.get(4));
        assertThat(events.since(ids.get(4))).containsExactly(new LoggedEvent(next, event(99)));
    }

    @Test
    void invalidDetailsAreRefusedAndNothingIsStored() {
        assertThatThrownBy(() -> events.append(new Event(T0, "x", null, "m", "{not json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
        assertThat(events.since(0)).isEmpty();
    }
}
