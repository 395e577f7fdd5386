package io.tidemark.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.sync.SyncStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules that keep gaps out, checked on one engine's stores without a network: what a device
 * serves of another owner, and what a realtime batch may do to a watermark.
 */
class SyncEngineRulesTest {
    @TempDir
    Path dir;

    private LibraryStore library;
    private SyncStore sync;
    private SyncEngine engine;
    private final List<String> events = new ArrayList<>();
    /** The member that owns the rows under test. */
    private DeviceId owner;
    private UUID ownerUuid;

    @BeforeEach
    void open() {
        UUID self = Ids.newId();
        library = LibraryStore.create(dir.resolve("library.db"), "Test", new DeviceRecord(self, self, 0, "self", "Linux", "t", null),
                HybridLogicalClock.system());
        sync = SyncStore.open(dir.resolve("sync.db"), library.identity().libraryId(), self, true);
        engine = new SyncEngine(library, sync, SyncEngine.Options.DEFAULT, new SyncMetrics(),
                (kind, peer, message) -> events.add(kind + ": " + message), Set.of(), paused -> { }, inlineInbox());
        byte[] id = new byte[DeviceId.LENGTH];
        new SecureRandom().nextBytes(id);
        owner = new DeviceId(id);
        ownerUuid = Ids.fromDigest(id);
    }

    /**
     * Production threads, except that members' notices are applied on the thread that receives them:
     * these rules are checked right after each notice (the same-thread variant, as JabRef's tests run
     * background tasks). The inbox's own order and bounds are MemberInboxTest's.
     */
    static SyncRuntime inlineInbox() {
        SyncRuntime threads = SyncRuntime.threads();
        return new SyncRuntime() {
            @Override
            public java.util.concurrent.Executor rounds() {
                return threads.rounds();
            }

            @Override
            public Timer timer() {
                return threads.timer();
            }

            @Override
            public java.util.concurrent.Executor readAhead() {
                return threads.readAhead();
            }

            @Override
            public java.util.concurrent.Executor inbox() {
                return Runnable::run;
            }

            @Override
            public java.time.Clock clock() {
                return threads.clock();
            }

            @Override
            public void close() {
                threads.close();
            }
        };
    }

    @AfterEach
    void close() {
        engine.close();
        sync.close();
        library.close();
    }

    private List<EntryRecord> entries(int n, long firstStamp) {
        List<EntryRecord> out = new ArrayList<>();
        UUID location = Ids.newId();
        for (int i = 0; i < n; i++) {
            out.add(new EntryRecord(Ids.newId(), ownerUuid, firstStamp + i, location, null, "f" + i, EntryKind.FILE, i, 0, null));
        }
        return out;
    }

    private Message.PullPage pull(DeviceId asker, UUID of, Cursor after) {
        return pull(asker, of, after, 10_000, true);
    }

    private Message.PullPage pull(DeviceId asker, UUID of, Cursor after, int limit, boolean countRemaining) {
        return (Message.PullPage) engine.serve(asker, new Message.PullRequest(1, of.toString(), "entry", after.stamp(),
                after.uuid().toString(), limit, countRemaining));
    }

    @Test
    void pagesReadAheadAreTheRowsInOrderAndStopAtOurWatermark() {
        List<EntryRecord> rows = entries(25, 1_000);
        library.applyOwned(rows);
        sync.watermarks().advance(ownerUuid, ResourceType.ENTRY, rows.get(24).cursor());
        DeviceId asker = new DeviceId(new byte[DeviceId.LENGTH]);

        Message.PullPage first = pull(asker, ownerUuid, Cursor.START, 10, true);
        // More of the owner's rows arrive by push, past our watermark, while the next page is read ahead.
        library.applyOwned(entries(5, 5_000));
        Message.PullPage second = pull(asker, ownerUuid, first.records().get(9).cursor(), 10, false);
        Message.PullPage third = pull(asker, ownerUuid, second.records().get(9).cursor(), 10, false);

        List<UUID> served = new ArrayList<>();
        for (Message.PullPage page : List.of(first, second, third)) {
            page.records().forEach(r -> served.add(r.uuid()));
        }
        assertThat(served).containsExactlyElementsOf(rows.stream().map(EntryRecord::uuid).toList());
    }

    @Test
    void anotherOwnersRowsAreServedOnlyUpToOurWatermark() {
        List<EntryRecord> rows = entries(100, 1_000);
        library.applyOwned(rows);
        // Rows 0..59 are contiguous; 60..99 arrived by push with a hole we cannot rule out.
        sync.watermarks().advance(ownerUuid, ResourceType.ENTRY, rows.get(59).cursor());
        DeviceId asker = new DeviceId(new byte[DeviceId.LENGTH]);

        Message.PullPage page = pull(asker, ownerUuid, Cursor.START);
        assertThat(page.records()).hasSize(60);
        assertThat(page.remaining()).isZero();
        assertThat(page.records().get(59).uuid()).isEqualTo(rows.get(59).uuid());
        assertThat(pull(asker, ownerUuid, rows.get(59).cursor()).records()).as("nothing past the watermark").isEmpty();
    }

    @Test
    void ourOwnRowsAreServedInFull() {
        UUID self = library.identity().deviceId();
        library.writeLocal(tx -> {
            for (int i = 0; i < 30; i++) {
                tx.put(new EntryRecord(Ids.newId(), self, 0, Ids.newId(), null, "mine" + i, EntryKind.FILE, i, 0, null));
            }
            return null;
        });
        assertThat(pull(owner, self, Cursor.START).records()).hasSize(30);
    }

    private Message.PushBatch push(UUID from, Cursor after, List<EntryRecord> rows) {
        return new Message.PushBatch(from.toString(), "entry", after.stamp(), after.uuid().toString(),
                List.copyOf(rows), List.of());
    }

    @Test
    void aPushThatFollowsTheWatermarkMovesIt() {
        List<EntryRecord> rows = entries(20, 5_000);
        engine.notice(owner, push(ownerUuid, Cursor.START, rows.subList(0, 10)));
        assertThat(sync.watermarks().get(ownerUuid, ResourceType.ENTRY)).contains(rows.get(9).cursor());
        engine.notice(owner, push(ownerUuid, rows.get(9).cursor(), rows.subList(10, 20)));
        assertThat(sync.watermarks().get(ownerUuid, ResourceType.ENTRY)).contains(rows.get(19).cursor());
        assertThat(library.count(ownerUuid, ResourceType.ENTRY)).isEqualTo(20);
    }

    @Test
    void aPushAfterAHoleIsAppliedButTheWatermarkWaits() {
        List<EntryRecord> rows = entries(20, 5_000);
        engine.notice(owner, push(ownerUuid, Cursor.START, rows.subList(0, 10)));
        // Batch 10..14 was lost; 15..19 follows 14, not our watermark at 9.
        engine.notice(owner, push(ownerUuid, rows.get(14).cursor(), rows.subList(15, 20)));
        assertThat(library.count(ownerUuid, ResourceType.ENTRY)).isEqualTo(15);
        assertThat(sync.watermarks().get(ownerUuid, ResourceType.ENTRY)).contains(rows.get(9).cursor());
    }

    /**
     * Rows pushed behind a hole before any pull leave us without a watermark for that key, yet we hold
     * them: the exchange still announces the key (at the start, with its summary), so an owner that
     * lost them to a restored library.db sees that we hold them and asks for them back.
     */
    @Test
    void recordsHeldWithoutAWatermarkAreStillAnnounced() {
        List<EntryRecord> rows = entries(8, 5_000);
        engine.notice(owner, push(ownerUuid, rows.get(2).cursor(), rows.subList(3, 8)));
        assertThat(sync.watermarks().get(ownerUuid, ResourceType.ENTRY)).isEmpty();

        SyncKey key = new SyncKey(ownerUuid, ResourceType.ENTRY);
        Marks marks = engine.ourMarks();
        assertThat(marks.held()).containsEntry(key, Cursor.START);
        assertThat(marks.all()).filteredOn(m -> m.owner().equals(ownerUuid.toString()) && m.resource().equals("entry"))
                .singleElement().satisfies(m -> {
                    assertThat(m.count()).isEqualTo(5);
                    assertThat(m.maxVersion()).isEqualTo(rows.get(7).version());
                    assertThat(m.digest()).isEqualTo(library.summary(ownerUuid, ResourceType.ENTRY, null).digest());
                });
    }

    /**
     * library.db goes back to an older copy while sync.db keeps its watermark: the watermark passes
     * records the library lacks. Passed on, the lie would spread to every member that pulls from us,
     * so the watermark is unverified: served and announced only from the start, until the owner's
     * summary matches ours at its newest position.
     */
    @Test
    void aWatermarkALibraryRestoreMadeALieIsNotPassedOnUntilTheOwnerConfirmsIt() throws Exception {
        List<EntryRecord> rows = new ArrayList<>();
        UUID location = Ids.newId();
        for (int i = 0; i < 10; i++) {
            rows.add(new EntryRecord(Ids.newId(), ownerUuid, 5_000 + i, location, null, "f" + i, EntryKind.FILE, i, 0, null, i + 1));
        }
        engine.notice(owner, push(ownerUuid, Cursor.START, rows.subList(0, 4)));
        engine.close();
        library.close();
        java.nio.file.Files.copy(dir.resolve("library.db"), dir.resolve("backup.db"));
        reopen();
        engine.notice(owner, push(ownerUuid, rows.get(3).cursor(), rows.subList(4, 10)));
        assertThat(sync.watermarks().vouchedFor(ownerUuid, ResourceType.ENTRY)).isEqualTo(rows.get(9).cursor());
        engine.close();
        library.close();
        java.nio.file.Files.copy(dir.resolve("backup.db"), dir.resolve("library.db"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        reopen();
        assertThat(library.count(ownerUuid, ResourceType.ENTRY)).isEqualTo(4);
        assertThat(sync.watermarks().get(ownerUuid, ResourceType.ENTRY)).contains(rows.get(9).cursor());
        assertThat(events).anySatisfy(e -> assertThat(e).startsWith("library.restored").contains("entries from device "));
        SyncKey key = new SyncKey(ownerUuid, ResourceType.ENTRY);
        assertThat(engine.ourMarks().held()).containsEntry(key, Cursor.START);
        DeviceId third = new DeviceId(new byte[DeviceId.LENGTH]);
        assertThat(pull(third, ownerUuid, Cursor.START).records()).isEmpty();

        // The records come back (as a recovery from the owner would bring them): once the owner's
        // summary matches ours at its newest position, the watermark is vouched for again.
        library.applyOwned(rows.subList(4, 10));
        engine.serve(owner, new Message.WatermarkRequest(2, List.of(markOf(ownerUuid, rows.get(9).cursor())),
                io.tidemark.engine.model.LogIncarnation.UNKNOWN, 0));
        assertThat(engine.ourMarks().held()).containsEntry(key, rows.get(9).cursor());
        assertThat(pull(third, ownerUuid, Cursor.START).records()).hasSize(10);
    }

    private Message.Mark markOf(UUID of, Cursor at) {
        io.tidemark.engine.model.KeySummary s = library.summary(of, ResourceType.ENTRY, null);
        return new Message.Mark(of.toString(), "entry", at.stamp(), at.uuid().toString(), s.rows(), s.deleted(), s.digest(),
                s.maxVersion());
    }

    private void reopen() {
        library = LibraryStore.open(dir.resolve("library.db"), HybridLogicalClock.system());
        engine = new SyncEngine(library, sync, SyncEngine.Options.DEFAULT, new SyncMetrics(),
                (kind, peer, message) -> events.add(kind + ": " + message), Set.of(), paused -> { }, inlineInbox());
    }

    @Test
    void onlyTheOwnerPushesItsRows() {
        List<EntryRecord> rows = entries(5, 5_000);
        DeviceId impostor = new DeviceId(new byte[DeviceId.LENGTH]);
        engine.notice(impostor, push(ownerUuid, Cursor.START, rows));
        assertThat(library.count(ownerUuid, ResourceType.ENTRY)).isZero();
        assertThat(sync.watermarks().get(ownerUuid, ResourceType.ENTRY)).isEmpty();
        assertThat(events).anySatisfy(e -> assertThat(e).startsWith("sync.push_refused").contains("only an owner"));
    }

    @Test
    void aPushOutOfOrderIsRefusedWhole() {
        List<EntryRecord> rows = new ArrayList<>(entries(5, 5_000));
        java.util.Collections.swap(rows, 1, 3);
        engine.notice(owner, push(ownerUuid, Cursor.START, rows));
        assertThat(library.count(ownerUuid, ResourceType.ENTRY)).isZero();
        assertThat(events).anySatisfy(e -> assertThat(e).startsWith("sync.push_refused").contains("out of order"));
    }

    @Test
    void nothingIsServedOrTakenFromAPausedMember() {
        engine.pause(owner);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pull(owner, ownerUuid, Cursor.START))
                .hasMessageContaining("paused");
        engine.notice(owner, push(ownerUuid, Cursor.START, entries(3, 9_000)));
        assertThat(library.count(ownerUuid, ResourceType.ENTRY)).isZero();
    }

    /** A connection whose outbox can be made full, and whose requests never get an answer. */
    static final class StuckChannel implements io.tidemark.engine.transport.PeerChannel {
        final DeviceId peer;
        volatile boolean full = true;
        final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        final List<Message.Notice> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

        StuckChannel(DeviceId peer) {
            this.peer = peer;
        }

        @Override
        public DeviceId peer() {
            return peer;
        }

        @Override
        public <R extends Message.Response> java.util.concurrent.CompletableFuture<R> request(
                java.util.function.LongFunction<? extends Message.Request> build, Class<R> type, java.time.Duration timeout) {
            return new java.util.concurrent.CompletableFuture<>();
        }

        @Override
        public boolean offer(Message.Notice notice) {
            if (full) {
                refused.incrementAndGet();
                return false;
            }
            sent.add(notice);
            return true;
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }

    @Test
    void aFullOutboxNeverBlocksTheWriterAndBecomesADataAvailableNotice() {
        StuckChannel slow = new StuckChannel(owner);
        engine.start();
        engine.connected(slow);
        UUID self = library.identity().deviceId();
        library.writeLocal(tx -> {
            for (int i = 0; i < 10; i++) {
                tx.put(new EntryRecord(Ids.newId(), self, 0, Ids.newId(), null, "x" + i, EntryKind.FILE, i, 0, null));
            }
            return null;
        });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> slow.refused.get() > 0);
        assertThat(slow.sent).isEmpty();
        slow.full = false;
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> slow.sent.stream().anyMatch(n -> n instanceof Message.DataAvailable));
    }
}
