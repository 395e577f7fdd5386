package io.tidemark.engine.store.sync;

import io.tidemark.engine.testing.MutableClock;
import static io.tidemark.engine.store.sync.SyncTestSupport.OWNER_A;
import static io.tidemark.engine.store.sync.SyncTestSupport.OWNER_B;
import static io.tidemark.engine.store.sync.SyncTestSupport.T0;
import static io.tidemark.engine.store.sync.SyncTestSupport.peerId;
import static io.tidemark.engine.store.sync.SyncTestSupport.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.ResourceType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatermarkStoreTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private SyncStore store;
    private WatermarkStore watermarks;

    @BeforeEach
    void open() {
        store = SyncTestSupport.create(dir, clock);
        watermarks = store.watermarks();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static final UUID LOW = uuid(0x0190_0000_0000_7000L, 0x8000_0000_0000_0001L);
    private static final UUID HIGH = uuid(0x0190_0000_0000_7000L, 0x8000_0000_0000_0002L);
    /** Negative as a signed long, so java.util.UUID would order it first; SQLite and Cursor order it last. */
    private static final UUID TOP_BIT = uuid(0x8190_0000_0000_7000L, 0x8000_0000_0000_0000L);

    @Test
    void roundTripsExactly() {
        assertThat(watermarks.get(OWNER_A, ResourceType.ENTRY)).isEmpty();
        assertThat(watermarks.all()).isEmpty();

        assertThat(watermarks.advance(OWNER_A, ResourceType.ENTRY, new Cursor(1_000, LOW))).isTrue();
        clock.advance(Duration.ofMillis(1_234));
        assertThat(watermarks.advance(OWNER_B, ResourceType.LOCATION, new Cursor(7, HIGH))).isTrue();

        assertThat(watermarks.get(OWNER_A, ResourceType.ENTRY)).contains(new Cursor(1_000, LOW));
        assertThat(watermarks.get(OWNER_A, ResourceType.LOCATION)).isEmpty();
        assertThat(watermarks.all()).containsExactly(
                new Watermark(OWNER_A, ResourceType.ENTRY, new Cursor(1_000, LOW), T0),
                new Watermark(OWNER_B, ResourceType.LOCATION, new Cursor(7, HIGH), T0.plusMillis(1_234)));
        assertThat(watermarks.forOwner(OWNER_B)).containsExactly(
                new Watermark(OWNER_B, ResourceType.LOCATION, new Cursor(7, HIGH), T0.plusMillis(1_234)));
    }

    @Test
    void typesAreIndependent() {
        // The reference bug: entries finished (far ahead), locations interrupted (behind). Each keeps its own position.
        watermarks.advance(OWNER_A, ResourceType.ENTRY, new Cursor(30_000, LOW));
        watermarks.advance(OWNER_A, ResourceType.LOCATION, new Cursor(10, LOW));
        assertThat(watermarks.get(OWNER_A, ResourceType.LOCATION)).contains(new Cursor(10, LOW));
        assertThat(watermarks.get(OWNER_A, ResourceType.ENTRY)).contains(new Cursor(30_000, LOW));
    }

    @Test
    void movesForwardIncludingSameStampLargerUuid() {
        watermarks.advance(OWNER_A, ResourceType.TAG, new Cursor(100, LOW));
        assertThat(watermarks.advance(OWNER_A, ResourceType.TAG, new Cursor(100, HIGH))).isTrue();
        assertThat(watermarks.get(OWNER_A, ResourceType.TAG)).contains(new Cursor(100, HIGH));
        assertThat(watermarks.advance(OWNER_A, ResourceType.TAG, new Cursor(100, TOP_BIT))).isTrue();
        assertThat(watermarks.get(OWNER_A, ResourceType.TAG)).contains(new Cursor(100, TOP_BIT));
        assertThat(watermarks.advance(OWNER_A, ResourceType.TAG, new Cursor(101, LOW))).isTrue();
        assertThat(watermarks.get(OWNER_A, ResourceType.TAG)).contains(new Cursor(101, LOW));
    }

    @Test
    void neverMovesBackwards() {
        watermarks.advance(OWNER_A, ResourceType.ENTRY, new Cursor(100, TOP_BIT));
        clock.advance(Duration.ofSeconds(5));

        assertThatThrownBy(() -> watermarks.advance(OWNER_A, ResourceType.ENTRY, new Cursor(99, TOP_BIT)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("backwards");
        assertThatThrownBy(() -> watermarks.advance(OWNER_A, ResourceType.ENTRY, new Cursor(100, HIGH)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> watermarks.advance(OWNER_A, ResourceType.ENTRY, Cursor.START))
                .isInstanceOf(IllegalStateException.class);

        assertThat(watermarks.all()).containsExactly(
                new Watermark(OWNER_A, ResourceType.ENTRY, new Cursor(100, TOP_BIT), T0));
    }

    @Test
    void advancingToTheSamePositionIsANoOp() {
        watermarks.advance(OWNER_A, ResourceType.ENTRY, new Cursor(100, LOW));
        clock.advance(Duration.ofSeconds(5));
        assertThat(watermarks.advance(OWNER_A, ResourceType.ENTRY, new Cursor(100, LOW))).isFalse();
        assertThat(watermarks.all().get(0).updatedAt()).isEqualTo(T0);
        assertThat(watermarks.advance(OWNER_A, ResourceType.VOLUME, Cursor.START)).isFalse();
        assertThat(watermarks.get(OWNER_A, ResourceType.VOLUME)).isEmpty();
    }

    @Test
    void resetAllowsAFullResyncAndDropsThatPairsCheckpoints() {
        byte[] peer = peerId(1);
        watermarks.advance(OWNER_A, ResourceType.ENTRY, new Cursor(500, LOW));
        watermarks.advance(OWNER_A, ResourceType.LOCATION, new Cursor(50, LOW));
        store.checkpoints().save(Checkpoint.start(OWNER_A, ResourceType.ENTRY, peer, new Cursor(400, LOW), 9, T0));
        store.checkpoints().save(Checkpoint.start(OWNER_A, ResourceType.LOCATION, peer, new Cursor(40, LOW), 9, T0));

        assertThat(watermarks.reset(OWNER_A, ResourceType.ENTRY)).isTrue();
        assertThat(watermarks.reset(OWNER_A, ResourceType.ENTRY)).isFalse();

        assertThat(watermarks.get(OWNER_A, ResourceType.ENTRY)).isEmpty();
        assertThat(store.checkpoints().latest(OWNER_A, ResourceType.ENTRY)).isEmpty();
        assertThat(watermarks.get(OWNER_A, ResourceType.LOCATION)).contains(new Cursor(50, LOW));
        assertThat(store.checkpoints().latest(OWNER_A, ResourceType.LOCATION)).isPresent();
        // After a reset it may start again from the beginning.
        assertThat(watermarks.advance(OWNER_A, ResourceType.ENTRY, new Cursor(1, LOW))).isTrue();
    }

    @Test
    void resetOwnerForgetsEveryTypeOfThatOwnerOnly() {
        watermarks.advance(OWNER_A, ResourceType.ENTRY, new Cursor(5, LOW));
        watermarks.advance(OWNER_A, ResourceType.VOLUME, new Cursor(6, LOW));
        watermarks.advance(OWNER_B, ResourceType.ENTRY, new Cursor(7, LOW));
        store.checkpoints().save(Checkpoint.start(OWNER_A, ResourceType.VOLUME, peerId(2), Cursor.START, 3, T0));

        assertThat(watermarks.resetOwner(OWNER_A)).isEqualTo(2);

        assertThat(watermarks.all()).extracting(Watermark::owner).containsExactly(OWNER_B);
        assertThat(store.checkpoints().list()).isEmpty();
    }

    @Test
    void worksInsideACallersTransactionAtomicallyWithACheckpoint() {
        byte[] peer = peerId(3);
        Cursor to = new Cursor(900, HIGH);
        store.database().write(c -> {
            watermarks.advance(c, OWNER_A, ResourceType.ENTRY, to);
            store.checkpoints().save(c, Checkpoint.start(OWNER_A, ResourceType.ENTRY, peer, to, 10, T0));
            assertThat(watermarks.get(c, OWNER_A, ResourceType.ENTRY)).contains(to);
            return null;
        });
        assertThat(watermarks.get(OWNER_A, ResourceType.ENTRY)).contains(to);

        // A refused move rolls back everything else written in the same transaction.
        Checkpoint later = Checkpoint.start(OWNER_A, ResourceType.ENTRY, peer, new Cursor(950, LOW), 10, T0);
        assertThatThrownBy(() -> store.database().write(c -> {
            store.checkpoints().save(c, later);
            watermarks.advance(c, OWNER_A, ResourceType.ENTRY, new Cursor(10, LOW));
            return null;
        })).isInstanceOf(IllegalStateException.class);
        assertThat(store.checkpoints().get(OWNER_A, ResourceType.ENTRY, peer)).get()
                .extracting(Checkpoint::cursor).isEqualTo(to);
        assertThat(watermarks.get(OWNER_A, ResourceType.ENTRY)).contains(to);
    }
}
