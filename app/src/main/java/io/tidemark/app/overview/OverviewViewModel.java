package io.tidemark.app.overview;

import io.tidemark.app.common.Properties;

import io.tidemark.app.common.Formats;
import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SyncOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the overview shows: this device, its library and the record counts, built from engine
 * snapshots. Holds no reference to the engine and no JavaFX scene classes, so it is tested without a
 * toolkit. Call {@link #update} on the FX thread: views are bound to its properties.
 */
public final class OverviewViewModel {
    private static final Comparator<CountRow> BY_OWNER = Comparator
            .comparing((CountRow r) -> r.ownerName() == null ? "" : r.ownerName(), String.CASE_INSENSITIVE_ORDER)
            .thenComparing(r -> r.owner() == null ? "" : r.owner().toString());

    private final ReadOnlyStringWrapper deviceName = new ReadOnlyStringWrapper(this, "deviceName", "");
    private final ReadOnlyStringWrapper deviceId = new ReadOnlyStringWrapper(this, "deviceId", "");
    private final ReadOnlyStringWrapper libraryName = new ReadOnlyStringWrapper(this, "libraryName", "");
    private final ReadOnlyStringWrapper libraryId = new ReadOnlyStringWrapper(this, "libraryId", "");
    private final ObservableList<CountRow> rows = FXCollections.observableArrayList();
    private final ObservableList<CountRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded", false);
    private EngineSnapshot last;

    /**
     * Shows {@code snapshot}. Does nothing for the snapshot already shown, and touches a property or
     * the rows only where their value changed, so a steady library causes no redraws.
     *
     * @return whether anything visible changed
     */
    public boolean update(EngineSnapshot snapshot) {
        if (snapshot == null || snapshot == last) {
            return false;
        }
        last = snapshot;
        boolean changed = Properties.setIfChanged(loaded, true);
        changed |= Properties.setIfChanged(deviceName, snapshot.device().name());
        changed |= Properties.setIfChanged(deviceId, Formats.deviceId(snapshot.device()));
        changed |= Properties.setIfChanged(libraryName, snapshot.library().name());
        changed |= Properties.setIfChanged(libraryId, Formats.groupedId(snapshot.library().id()));
        List<CountRow> fresh = rowsOf(snapshot);
        if (!fresh.equals(rows)) {
            rows.setAll(fresh);
            changed = true;
        }
        return changed;
    }

    /**
     * The table rows for a snapshot: types in {@link SyncOrder}, then owners by name. A shared type
     * has one row (owner null); a device-owned type has a row per owner holding rows of it, and
     * always one for this device, with 0 when it holds none.
     */
    public static List<CountRow> rowsOf(EngineSnapshot snapshot) {
        UUID self = snapshot.device().id();
        String selfName = snapshot.device().name();
        List<CountRow> out = new ArrayList<>();
        for (ResourceType type : SyncOrder.all()) {
            if (!type.deviceOwned()) {
                out.add(new CountRow(type, null, null, snapshot.count(null, type), false));
                continue;
            }
            Map<UUID, CountRow> byOwner = new LinkedHashMap<>();
            for (EngineSnapshot.Count c : snapshot.counts()) {
                if (c.type() != type || c.owner() == null) {
                    continue;
                }
                CountRow previous = byOwner.get(c.owner());
                long total = c.count() + (previous == null ? 0 : previous.count());
                String name = Objects.equals(c.owner(), self) ? selfName : c.ownerName();
                byOwner.put(c.owner(), new CountRow(type, c.owner(), name == null ? c.owner().toString() : name,
                        total, c.owner().equals(self)));
            }
            byOwner.putIfAbsent(self, new CountRow(type, self, selfName, 0, true));
            byOwner.values().stream().sorted(BY_OWNER).forEach(out::add);
        }
        return out;
    }

    public ReadOnlyStringProperty deviceNameProperty() {
        return deviceName.getReadOnlyProperty();
    }

    /** This device's id in blocks of four hex digits. */
    public ReadOnlyStringProperty deviceIdProperty() {
        return deviceId.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty libraryNameProperty() {
        return libraryName.getReadOnlyProperty();
    }

    /** The library's id in blocks of four hex digits. */
    public ReadOnlyStringProperty libraryIdProperty() {
        return libraryId.getReadOnlyProperty();
    }

    /**
     * Whether a snapshot has been shown. Until then the engine is still opening the library (the app
     * shows its window first), so an empty table means "not known yet", not "no records".
     */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** The counts table's rows, read-only. */
    public ObservableList<CountRow> rows() {
        return readOnlyRows;
    }
}
