package io.tidemark.engine.sync;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.sync.Peer;
import io.tidemark.engine.store.sync.SyncStore;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The names people know devices by, for every text the sync layer writes: from the device records,
 * else from the peers this device paired with (a library restored from an older copy may lack the
 * record of a device it knows).
 */
final class DeviceNames {
    private final LibraryStore library;
    private final SyncStore sync;

    DeviceNames(LibraryStore library, SyncStore sync) {
        this.library = library;
        this.sync = sync;
    }

    /** Device names by owner uuid. */
    Map<UUID, String> all() {
        Map<UUID, String> names = new HashMap<>();
        for (Peer p : sync.peers().list()) {
            if (p.deviceId().length == DeviceId.LENGTH && !p.name().isBlank()) {
                names.put(Ids.fromDigest(p.deviceId()), p.name());
            }
        }
        for (DeviceRecord d : library.devices()) {
            names.put(d.uuid(), d.name());
        }
        return names;
    }

    /** The member's device name; its short id only while nothing names it yet. */
    String of(DeviceId peer) {
        return all().getOrDefault(Ids.fromDigest(peer.bytes()), peer.shortForm());
    }

    /** The owner's device name; "device 1a2b3c4d" only while nothing names it yet. */
    String owner(UUID owner) {
        return owner(all(), owner);
    }

    static String owner(Map<UUID, String> names, UUID owner) {
        return names.getOrDefault(owner, "device " + owner.toString().substring(0, 8));
    }
}
