package io.tidemark.engine.sync;

import static io.tidemark.engine.sync.SyncCluster.count;
import static io.tidemark.engine.sync.SyncCluster.pair;
import static io.tidemark.engine.sync.SyncCluster.state;
import static io.tidemark.engine.sync.SyncCluster.writeEntries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidemark.engine.api.Doctor;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.EngineSnapshot.SyncState;
import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.store.library.LibraryChecks.Finding;
import io.tidemark.engine.store.sync.Event;
import io.tidemark.engine.store.sync.LoggedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12, "a device must never be cut off by its own past", on two real engines over TLS on
 * loopback. Each scenario sets the devices' wall clocks (an offset from real time, with the real
 * monotonic clock beside it, as in production), writes, restarts and waits for what must follow;
 * then every record written has arrived on the other device with exact counts, stamps only ever
 * increased, nobody was refused, doctor finds nothing wrong, and the clock events are exactly those
 * expected: once per change, however many pings measured it.
 */
class ClockTroubleTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    private static final String ALPHA = "alpha";
    private static final String BRAVO = "bravo";

    @RegisterExtension
    final SyncCluster cluster = new SyncCluster();

    /** What a scenario does, step by step. */
    private sealed interface Step permits SetClock, Write, Stop, Start, AwaitEvent, InSync, StampedWithin, MergedAhead {
    }

    /** Sets a device's wall clock {@code offset} from real time; a running device sees it jump. */
    private record SetClock(String device, long offset) implements Step {
    }

    /** The device writes {@code entries} new entries; its newest stamp must rise. */
    private record Write(String device, int entries) implements Step {
    }

    /** The device stops (its files stay). */
    private record Stop(String device) implements Step {
    }

    /** The device starts again from its files, on a new clock over its wall clock, as after a restart. */
    private record Start(String device) implements Step {
    }

    /**
     * Waits until the device has recorded {@code times} events of {@code kind} (with exactly
     * {@code message}, unless null) since the scenario began.
     */
    private record AwaitEvent(String device, String kind, String message, int times) implements Step {
    }

    /** Waits until each device holds every entry the other wrote, and both say ready. */
    private record InSync() implements Step {
    }

    /** The device's newest own stamp is at most {@code millis} ahead of real time: a held jump kept it there. */
    private record StampedWithin(String device, long millis) implements Step {
    }

    /** The device's clock runs at least {@code millis} ahead of its wall clock: it merged a member's stamps, not refused them. */
    private record MergedAhead(String device, long millis) implements Step {
    }

    private static Step clock(String device, long offset) {
        return new SetClock(device, offset);
    }

    private static Step write(String device, int entries) {
        return new Write(device, entries);
    }

    private static Step awaitEvent(String device, String kind, int times) {
        return new AwaitEvent(device, kind, null, times);
    }

    private static Step awaitEvent(String device, String kind, String message) {
        return new AwaitEvent(device, kind, message, 1);
    }

    private static final Step IN_SYNC = new InSync();
    private static final String GOES_ON = ". Sync goes on, but changes made on the one ahead look newer than they are. ";
    private static final String EITHER = "Set the time automatically (NTP) on whichever of the two shows the wrong time.";

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("ahead then corrected: stamps persisted an hour ahead, then the clock put right",
                        Map.of(), List.of(
                                IN_SYNC,
                                new Stop(BRAVO), new Stop(ALPHA),
                                clock(ALPHA, HOUR), new Start(ALPHA),      // alpha starts with its clock an hour ahead
                                write(ALPHA, 300),                          // and persists stamps an hour ahead
                                new Stop(ALPHA), clock(ALPHA, 0), new Start(ALPHA), new Start(BRAVO), // put right
                                write(ALPHA, 200), write(BRAVO, 100),
                                IN_SYNC,
                                new MergedAhead(BRAVO, 50 * MINUTE)),
                        Map.of()),
                // bravo says it twice: once before its restart and once after, as a new process starts afresh;
                // alpha, which stays up, once, across the reconnect.
                Arguments.of("jump back mid-sync, then a reconnect", Map.of(), List.of(
                        IN_SYNC,
                        write(ALPHA, 3_000),
                        clock(BRAVO, -HOUR),                                // while alpha's entries stream in
                        awaitEvent(ALPHA, "clock.skew", "bravo's clock is 1 h behind this device's" + GOES_ON + EITHER),
                        awaitEvent(BRAVO, "clock.skew", "alpha's clock is 1 h ahead of this device's" + GOES_ON + EITHER),
                        new Stop(BRAVO), new Start(BRAVO),                  // its next Hello comes from an hour ahead
                        write(BRAVO, 200), write(ALPHA, 100),
                        awaitEvent(BRAVO, "clock.skew", 2),
                        IN_SYNC),
                        Map.of(ALPHA, Map.of("clock.skew", 1), BRAVO, Map.of("clock.skew", 2))),
                Arguments.of("a member 2 min ahead: within the bound, merged and not said", Map.of(ALPHA, 2 * MINUTE), List.of(
                        write(ALPHA, 500), write(BRAVO, 300),
                        IN_SYNC,
                        new MergedAhead(BRAVO, MINUTE)),
                        Map.of()),
                Arguments.of("a member 2 h ahead: merged, said once on each side, and sync goes on", Map.of(ALPHA, 2 * HOUR), List.of(
                        write(ALPHA, 500), write(BRAVO, 300),
                        awaitEvent(ALPHA, "clock.skew", "bravo's clock is 2 h behind this device's" + GOES_ON + EITHER),
                        awaitEvent(BRAVO, "clock.skew", "alpha's clock is 2 h ahead of this device's" + GOES_ON + EITHER),
                        IN_SYNC,
                        new MergedAhead(BRAVO, 110 * MINUTE)),
                        Map.of(ALPHA, Map.of("clock.skew", 1), BRAVO, Map.of("clock.skew", 1))),
                Arguments.of("repeated jumps of a running device", Map.of(), List.of(
                        IN_SYNC,
                        write(ALPHA, 100),
                        clock(ALPHA, 3 * MINUTE), write(ALPHA, 100),         // within the bound: followed
                        clock(ALPHA, 0), write(ALPHA, 100),                 // back: stamps still rise
                        clock(ALPHA, 2 * HOUR),                             // beyond it: held, and bravo disputes it
                        awaitEvent(ALPHA, "clock.jump_disputed", 1),
                        write(ALPHA, 100),
                        new StampedWithin(ALPHA, 5 * MINUTE),
                        awaitEvent(ALPHA, "clock.skew", "bravo's clock is 2 h behind this device's" + GOES_ON
                                + "This device's clock is the one that jumped: set its time automatically (NTP)."),
                        awaitEvent(BRAVO, "clock.skew", 1),
                        clock(ALPHA, 0),                                    // put right: the jump is withdrawn
                        awaitEvent(ALPHA, "clock.jump_withdrawn", 1),
                        awaitEvent(ALPHA, "clock.agrees", 1), awaitEvent(BRAVO, "clock.agrees", 1),
                        write(ALPHA, 100), write(BRAVO, 50),
                        clock(ALPHA, 2 * HOUR),                             // and once more
                        awaitEvent(ALPHA, "clock.jump_disputed", 2),
                        write(ALPHA, 100),
                        new StampedWithin(ALPHA, 5 * MINUTE),
                        awaitEvent(BRAVO, "clock.skew", 2), awaitEvent(ALPHA, "clock.skew", 2),
                        clock(ALPHA, 0),
                        awaitEvent(ALPHA, "clock.jump_withdrawn", 2),
                        awaitEvent(ALPHA, "clock.agrees", 2), awaitEvent(BRAVO, "clock.agrees", 2),
                        write(ALPHA, 100),
                        IN_SYNC),
                        Map.of(ALPHA, Map.of("clock.jump_disputed", 2, "clock.jump_withdrawn", 2, "clock.skew", 2, "clock.agrees", 2),
                                BRAVO, Map.of("clock.skew", 2, "clock.agrees", 2))));
    }

    /** One device of a scenario: its wall clock's offset, the engine running now, and what it wrote. */
    private final class Device {
        final String name;
        final AtomicLong offset = new AtomicLong();
        Engine engine;
        boolean running = true;
        long written;
        Cursor newest;

        Device(String name, long offsetMillis) {
            this.name = name;
            offset.set(offsetMillis);
        }

        HybridLogicalClock newClock() {
            return new HybridLogicalClock(() -> System.currentTimeMillis() + offset.get(), () -> System.nanoTime() / 1_000_000,
                    HybridLogicalClock.DEFAULT_MAX_DRIFT);
        }

        List<Event> events() {
            return engine.sync().events().since(0).stream().map(LoggedEvent::event).toList();
        }

        Map<String, Integer> clockEvents() {
            return events().stream().filter(e -> e.kind().startsWith("clock."))
                    .collect(Collectors.toMap(Event::kind, e -> 1, Integer::sum, TreeMap::new));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void nothingIsLostAndNobodyIsRefused(String name, Map<String, Long> offsets, List<Step> steps,
                                         Map<String, Map<String, Integer>> expectedClockEvents) throws Exception {
        Map<String, Device> devices = new LinkedHashMap<>();
        for (String device : List.of(ALPHA, BRAVO)) {
            Device d = new Device(device, offsets.getOrDefault(device, 0L));
            d.engine = cluster.create(device, d.newClock());
            devices.put(device, d);
        }
        Device alpha = devices.get(ALPHA);
        Device bravo = devices.get(BRAVO);
        pair(alpha.engine, bravo.engine);

        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String where = name + ", step " + i + ": " + step;
            switch (step) {
                case SetClock(String device, long offset) -> devices.get(device).offset.set(offset);
                case Write(String device, int entries) -> {
                    Device d = devices.get(device);
                    writeEntries(d.engine, entries);
                    d.written += entries;
                    Cursor newest = d.engine.library().newest(d.engine.identity().deviceId(), ResourceType.ENTRY);
                    if (d.newest != null) {
                        assertThat(newest).as(where + ": stamps only rise").isGreaterThan(d.newest);
                    }
                    d.newest = newest;
                }
                case Stop(String device) -> {
                    cluster.close(devices.get(device).engine);
                    devices.get(device).running = false;
                }
                case Start(String device) -> {
                    Device d = devices.get(device);
                    d.engine = cluster.reopen(device, d.newClock());
                    d.running = true;
                    introduce(d, devices.values());
                }
                case AwaitEvent(String device, String kind, String message, int times) -> await(where).atMost(WAIT)
                        .until(() -> devices.get(device).events().stream().filter(e -> e.kind().equals(kind)
                                && (message == null || e.message().equals(message))).count() >= times);
                case InSync() -> awaitInSync(where, alpha, bravo);
                case StampedWithin(String device, long millis) -> {
                    Device d = devices.get(device);
                    long newest = io.tidemark.engine.clock.HlcTimestamp.fromPacked(d.newest.stamp()).physicalMillis();
                    assertThat(newest - System.currentTimeMillis()).as(where).isLessThanOrEqualTo(millis);
                }
                case MergedAhead(String device, long millis) -> {
                    Engine e = devices.get(device).engine;
                    assertThat(e.library().clock().last().physicalMillis() - e.library().clock().wallMillis()).as(where)
                            .isGreaterThanOrEqualTo(millis);
                }
            }
        }

        // A few more pings each way measure the same clocks again: nothing more may be said of them.
        awaitPings(alpha.engine, bravo.engine, 3);
        awaitPings(bravo.engine, alpha.engine, 3);
        for (Device d : devices.values()) {
            assertThat(d.events()).as(name + ": nobody refused, on " + d.name).noneMatch(e -> e.kind().equals("peer.refused"));
            assertThat(d.clockEvents()).as(name + ": clock events on " + d.name)
                    .isEqualTo(new TreeMap<>(expectedClockEvents.getOrDefault(d.name, Map.of())));
            // (writeEntries leaves its entries' location out on purpose: only what doctor says of time is asked here)
            List<Finding> problems = Doctor.examine(d.engine).stream().filter(f -> !f.ok()
                    && (f.check().startsWith("clock") || f.check().startsWith("watermark") || f.check().equals("member clocks"))).toList();
            assertThat(problems).as(name + ": doctor on " + d.name).isEmpty();
        }
        assertThat(count(bravo.engine, alpha.engine, ResourceType.ENTRY)).isEqualTo(alpha.written);
        assertThat(count(alpha.engine, bravo.engine, ResourceType.ENTRY)).isEqualTo(bravo.written);
    }

    /** A restarted device listens on a new port (discovery is off): it and every running member learn where the other is. */
    private static void introduce(Device started, java.util.Collection<Device> all) {
        for (Device other : all) {
            if (other == started || !other.running) {
                continue;
            }
            started.engine.addAddress(other.engine.deviceIdentity().deviceId().toString(), "127.0.0.1:" + other.engine.peerPort());
            other.engine.addAddress(started.engine.deviceIdentity().deviceId().toString(), "127.0.0.1:" + started.engine.peerPort());
        }
    }

    private static void awaitInSync(String where, Device alpha, Device bravo) {
        await(where).atMost(WAIT).until(() -> count(bravo.engine, alpha.engine, ResourceType.ENTRY) == alpha.written
                && count(alpha.engine, bravo.engine, ResourceType.ENTRY) == bravo.written
                && state(alpha.engine, bravo.engine) == SyncState.READY && state(bravo.engine, alpha.engine) == SyncState.READY);
        SyncCluster.assertCountsAgree(alpha.engine);
        SyncCluster.assertCountsAgree(bravo.engine);
    }

    /** Waits until {@code viewer} has heard {@code n} more pongs from {@code member} (each moves its last-seen time). */
    private static void awaitPings(Engine viewer, Engine member, int n) {
        Set<Instant> seen = new HashSet<>();
        Instant first = SyncCluster.peer(viewer, member).lastSeen();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            Instant now = SyncCluster.peer(viewer, member).lastSeen();
            if (now != null && !now.equals(first)) {
                seen.add(now);
            }
            return seen.size() >= n;
        });
    }
}
