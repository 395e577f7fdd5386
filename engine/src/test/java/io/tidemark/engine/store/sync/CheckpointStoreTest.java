package io.tidemark.engine.store.sync;

import io.tidemark.engine.testing.MutableClock;
import static io.tidemark.engine.store.sync.SyncTestSupport.DEVICE;
import static io.tidemark.engine.store.sync.SyncTestSupport.LIBRARY;
import static io.tidemark.engine.store.sync.SyncTestSupport.OWNER_A;
import static io.tidemark.engine.store.sync.SyncTestSupport.OWNER_B;
import static io.tidemark.engine.store.sync.SyncTestSupport.T0;
import static io.tidemark.engine.store.sync.SyncTestSupport.fingerprint;
import static io.tidemark.engine.store.sync.SyncTestSupport.peerId;
import static io.tidemark.engine.store.sync.SyncTestSupport.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.ResourceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    private static final UUID R1 = uuid(0x0190_0000_0000_7000L, 0x8000_0000_0000_0001L);
    private static final UUID R2 = uuid(0x0190_0000_0000_7000L, 0x8000_0000_0000_0002L);

    private static Checkpoint sample(UUID owner, ResourceType type, byte[] peer, Cursor cursor, long done) {
        return new Checkpoint(owner, type, peer, cursor, done, 25_000, T0, T0.plusMillis(done));
    }

    @Test
    void roundTripsExactlyAndUpdatesInPlace() {
        try (SyncStore store = SyncTestSupport.create(dir, clock)) {
            CheckpointStore checkpoints = store.checkpoints();
            byte[] peer = fingerprint(7);
            Checkpoint first = Checkpoint.start(OWNER_A, ResourceType.ENTRY, peer, Cursor.START, 25_000, T0);
            checkpoints.save(first);
            assertThat(checkpoints.get(OWNER_A, ResourceType.ENTRY, peer)).contains(first);

            Checkpoint moved = first.progress(new Cursor(12_345, R2), 10_000, T0.plusSeconds(3));
            checkpoints.save(moved);
            assertThat(checkpoints.get(OWNER_A, ResourceType.ENTRY, peer)).contains(moved);
            assertThat(moved.startedAt()).isEqualTo(T0);
            assertThat(moved.updatedAt()).isEqualTo(T0.plusSeconds(3));
            assertThat(checkpoints.list()).containsExactly(moved);

            assertThat(checkpoints.get(OWNER_A, ResourceType.LOCATION, peer)).isEmpty();
            assertThat(checkpoints.get(OWNER_A, ResourceType.ENTRY, peerId(1))).isEmpty();
        }
    }

    @Test
    void latestIsTheFurthestFromAnySource() {
        try (SyncStore store = SyncTestSupport.create(dir, clock)) {
            CheckpointStore checkpoints = store.checkpoints();
            Checkpoint fromA = sample(OWNER_A, ResourceType.ENTRY, peerId(1), new Cursor(500, R1), 500);
            Checkpoint fromBFurther = sample(OWNER_A, ResourceType.ENTRY, peerId(2), new Cursor(500, R2), 10);
            Checkpoint fromCOlder = sample(OWNER_A, ResourceType.ENTRY, peerId(3), new Cursor(100, R2), 900);
            Checkpoint otherType = sample(OWNER_A, ResourceType.VOLUME, peerId(1), new Cursor(9_000, R2), 1);
            Checkpoint otherOwner = sample(OWNER_B, ResourceType.ENTRY, peerId(1), new Cursor(9_000, R2), 1);
            for (Checkpoint c : new Checkpoint[] {fromA, fromBFurther, fromCOlder, otherType, otherOwner}) {
                checkpoints.save(c);
            }
            assertThat(checkpoints.latest(OWNER_A, ResourceType.ENTRY)).contains(fromBFurther);
            assertThat(checkpoints.latest(OWNER_A, ResourceType.LOCATION)).isEmpty();
            assertThat(checkpoints.list()).containsExactly(fromA, fromBFurther, fromCOlder, otherType, otherOwner);
        }
    }

    @Test
    void deleteRemovesOnlyTheGivenKeys() {
        try (SyncStore store = SyncTestSupport.create(dir, clock)) {
            CheckpointStore checkpoints = store.checkpoints();
            Checkpoint a1 = sample(OWNER_A, ResourceType.ENTRY, peerId(1), new Cursor(1, R1), 1);
            Checkpoint a2 = sample(OWNER_A, ResourceType.ENTRY, peerId(2), new Cursor(2, R1), 2);
            Checkpoint aTag = sample(OWNER_A, ResourceType.TAG, peerId(1), new Cursor(3, R1), 3);
            Checkpoint b1 = sample(OWNER_B, ResourceType.ENTRY, peerId(1), new Cursor(4, R1), 4);
            checkpoints.save(a1);
            checkpoints.save(a2);
            checkpoints.save(aTag);
            checkpoints.save(b1);

            assertThat(checkpoints.delete(OWNER_A, ResourceType.ENTRY, peerId(1))).isTrue();
            assertThat(checkpoints.delete(OWNER_A, ResourceType.ENTRY, peerId(1))).isFalse();
            assertThat(checkpoints.list()).containsExactly(a2, aTag, b1);
            assertThat(checkpoints.deleteAll(OWNER_A, ResourceType.ENTRY)).isEqualTo(1);
            assertThat(checkpoints.list()).containsExactly(aTag, b1);
            assertThat(checkpoints.deleteOwner(OWNER_A)).isEqualTo(1);
            assertThat(checkpoints.list()).containsExactly(b1);
        }
    }

    @Test
    void survivesCloseAndReopen() {
        Checkpoint saved = sample(OWNER_A, ResourceType.LOCATION, fingerprint(1), new Cursor(777, R2), 777);
        try (SyncStore store = SyncTestSupport.create(dir, clock)) {
            store.checkpoints().save(saved);
        }
        try (SyncStore store = SyncStore.open(dir.resolve(SyncSchema.FILE_NAME), LIBRARY, DEVICE, false, clock)) {
            assertThat(store.checkpoints().get(OWNER_A, ResourceType.LOCATION, fingerprint(1))).contains(saved);
            assertThat(store.checkpoints().latest(OWNER_A, ResourceType.LOCATION)).contains(saved);
        }
    }

    /**
     * A harder crash: the process dies with the file open, leaving the write-ahead log un-checkpointed.
     * Copying the files while the store is still open captures exactly what such a crash leaves on disk.
     */
    @Test
    void survivesACrashWithTheFileStillOpen() throws IOException {
        Checkpoint saved = sample(OWNER_B, ResourceType.ENTRY, peerId(9), new Cursor(31_337, R1), 4_242);
        Path crashed = Files.createDirectory(dir.resolve("crashed"));
        try (SyncStore store = SyncTestSupport.create(dir, clock)) {
            store.checkpoints().save(saved);
            for (String name : new String[] {SyncSchema.FILE_NAME, SyncSchema.FILE_NAME + "-wal"}) {
                Path source = dir.resolve(name);
                if (Files.exists(source)) {
                    Files.copy(source, crashed.resolve(name));
                }
            }
        }
        try (SyncStore store = SyncStore.open(crashed.resolve(SyncSchema.FILE_NAME), LIBRARY, DEVICE, false, clock)) {
            assertThat(store.checkpoints().list()).containsExactly(saved);
        }
    }
}
