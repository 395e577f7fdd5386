package io.tidemark.app.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SyncOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

/** Rows from snapshots, without a JavaFX toolkit. */
class OverviewViewModelTest {
    private static final UUID SELF = UUID.fromString("0192f3a4-7b2c-7d4e-8a1b-2c3d4e5f6a7b");
    private static final UUID LIBRARY = UUID.fromString("0192f3a4-0000-7000-8000-00000000abcd");
    private static final UUID ZED = UUID.fromString("0192f3a4-1111-7000-8000-000000000001");
    private static final UUID ALPHA = UUID.fromString("0192f3a4-2222-7000-8000-000000000002");

    private static EngineSnapshot snapshot(List<EngineSnapshot.Count> counts) {
        return new EngineSnapshot(new EngineSnapshot.Device(SELF, "Mid"), new EngineSnapshot.Library(LIBRARY, "Home"),
                counts, List.of(), List.of(), Instant.now());
    }

    private static final List<EngineSnapshot.Count> COUNTS = List.of(
            new EngineSnapshot.Count(SELF, "Mid", ResourceType.DEVICE, 1),
            new EngineSnapshot.Count(ZED, "zed", ResourceType.DEVICE, 1),
            new EngineSnapshot.Count(ALPHA, "Alpha", ResourceType.DEVICE, 1),
            new EngineSnapshot.Count(ZED, "zed", ResourceType.ENTRY, 7),
            new EngineSnapshot.Count(SELF, "Mid", ResourceType.ENTRY, 250),
            new EngineSnapshot.Count(SELF, "Mid", ResourceType.LOCATION, 3),
            new EngineSnapshot.Count(null, null, ResourceType.TAG, 5));

    @Test
    void rowsFollowSyncOrderThenOwnerNameWithZerosForThisDeviceOnly() {
        List<CountRow> rows = OverviewViewModel.rowsOf(snapshot(COUNTS));

        List<ResourceType> typeOrder = rows.stream().map(CountRow::type).distinct().toList();
        assertThat(typeOrder).containsExactlyElementsOf(SyncOrder.all());
        assertThat(rows).filteredOn(r -> r.type() == ResourceType.DEVICE)
                .extracting(CountRow::ownerName, CountRow::count, CountRow::thisDevice)
                .containsExactly(
                        tuple("Alpha", 1L, false),
                        tuple("Mid", 1L, true),
                        tuple("zed", 1L, false));
        assertThat(rows).filteredOn(r -> r.type() == ResourceType.ENTRY)
                .extracting(CountRow::ownerName, CountRow::count)
                .containsExactly(tuple("Mid", 250L), tuple("zed", 7L));
        // This device has no volume: it shows 0; other devices without volumes show no row.
        assertThat(rows).filteredOn(r -> r.type() == ResourceType.VOLUME)
                .containsExactly(new CountRow(ResourceType.VOLUME, SELF, "Mid", 0, true));
        // Shared types: one row each, owner null, 0 when empty.
        assertThat(rows).filteredOn(r -> r.type() == ResourceType.TAG)
                .containsExactly(new CountRow(ResourceType.TAG, null, null, 5, false));
        assertThat(rows).filteredOn(r -> r.type() == ResourceType.COLLECTION)
                .containsExactly(new CountRow(ResourceType.COLLECTION, null, null, 0, false));
        long sharedTypes = SyncOrder.shared().size();
        assertThat(rows).hasSize((int) (sharedTypes + 3 + 2 + 1 + 1));
    }

    @Test
    void anEmptySnapshotStillListsEveryTypeForThisDevice() {
        List<CountRow> rows = OverviewViewModel.rowsOf(snapshot(List.of()));
        assertThat(rows).hasSize(ResourceType.values().length);
        assertThat(rows).allMatch(r -> r.count() == 0);
        assertThat(rows).filteredOn(r -> r.type().deviceOwned()).allMatch(r -> r.owner().equals(SELF) && r.thisDevice());
    }

    @Test
    void updateFillsTheHeaderAndSkipsSnapshotsThatChangeNothing() {
        OverviewViewModel model = new OverviewViewModel();
        AtomicInteger listChanges = new AtomicInteger();
        model.rows().addListener((ListChangeListener<CountRow>) c -> listChanges.incrementAndGet());

        EngineSnapshot first = snapshot(COUNTS);
        assertThat(model.update(first)).isTrue();
        assertThat(model.deviceNameProperty().get()).isEqualTo("Mid");
        assertThat(model.deviceIdProperty().get()).isEqualTo("0192 f3a4 7b2c 7d4e 8a1b 2c3d 4e5f 6a7b");
        assertThat(model.libraryNameProperty().get()).isEqualTo("Home");
        assertThat(model.libraryIdProperty().get()).isEqualTo("0192 f3a4 0000 7000 8000 0000 0000 abcd");
        assertThat(model.rows()).isEqualTo(OverviewViewModel.rowsOf(first));
        assertThat(listChanges).hasValue(1);

        assertThat(model.update(first)).isFalse();
        // A newer snapshot with the same content (the engine republishes periodically) redraws nothing.
        assertThat(model.update(snapshot(COUNTS))).isFalse();
        assertThat(listChanges).hasValue(1);

        List<EngineSnapshot.Count> more = new ArrayList<>(COUNTS);
        more.set(4, new EngineSnapshot.Count(SELF, "Mid", ResourceType.ENTRY, 251));
        assertThat(model.update(snapshot(more))).isTrue();
        assertThat(listChanges).hasValue(2);
        assertThat(model.rows()).contains(new CountRow(ResourceType.ENTRY, SELF, "Mid", 251, true));
    }

    @Test
    void nothingIsLoadedUntilTheFirstSnapshot() {
        OverviewViewModel model = new OverviewViewModel();
        assertThat(model.loadedProperty().get()).isFalse();

        model.update(null);
        assertThat(model.loadedProperty().get()).as("no snapshot yet: the engine is still opening").isFalse();

        model.update(snapshot(COUNTS));
        assertThat(model.loadedProperty().get()).isTrue();
    }
}
