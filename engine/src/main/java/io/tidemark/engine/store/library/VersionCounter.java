package io.tidemark.engine.store.library;

import io.tidemark.engine.model.ResourceType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * Hands out this device's next versions inside one local write transaction: per type, one after
 * the highest version its summary has seen (which only grows, also when rows and deletes go), so no
 * two versions of this device's records of a type ever share a number. The write lock makes the
 * transaction the only one counting.
 */
final class VersionCounter {
    private final Connection connection;
    private final UUID device;
    private final KeySummaries.Delta delta;
    private final Map<ResourceType, long[]> last = new EnumMap<>(ResourceType.class);

    VersionCounter(Connection connection, UUID device, KeySummaries.Delta delta) {
        this.connection = connection;
        this.device = device;
        this.delta = delta;
    }

    long next(ResourceType type) {
        long[] counter = last.computeIfAbsent(type, t -> new long[] {start(t)});
        long version = ++counter[0];
        delta.seen(device, type, version);
        return version;
    }

    private long start(ResourceType type) {
        try {
            return KeySummaries.read(connection, device, type).maxVersion();
        } catch (SQLException e) {
            throw new io.tidemark.engine.store.StoreException("Could not read the version counter of " + type.plural()
                    + ": " + e.getMessage(), e);
        }
    }
}
