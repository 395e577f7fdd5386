package io.tidemark.engine.store.library;

import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.VolumeRecord;
import java.nio.file.Path;
import java.util.UUID;

/** Builders shared by the store tests. */
final class TestLibraries {
    private TestLibraries() {
    }

    static LibraryStore create(Path dir) {
        return create(dir, HybridLogicalClock.system());
    }

    static LibraryStore create(Path dir, HybridLogicalClock clock) {
        UUID device = Ids.newId();
        return LibraryStore.create(dir.resolve("library.db"), "Test library",
                new DeviceRecord(device, device, 0, "test device", "Linux", "test", null), clock);
    }

    static DeviceRecord device(UUID owner, long stamp) {
        return new DeviceRecord(owner, owner, stamp, "device " + owner.toString().substring(0, 4), "Linux", "test", null);
    }

    static VolumeRecord volume(UUID owner, long stamp) {
        return new VolumeRecord(Ids.newId(), owner, stamp, "disk", "/", "ext4", 1_000_000);
    }

    static LocationRecord location(UUID owner, long stamp) {
        return new LocationRecord(Ids.newId(), owner, stamp, null, "/data/" + Ids.newId(), "data");
    }

    static EntryRecord entry(UUID owner, long stamp, UUID location) {
        return new EntryRecord(Ids.newId(), owner, stamp, location, null, "f" + Ids.newId(), EntryKind.FILE, 42, 1_700_000_000_000L, null);
    }
}
