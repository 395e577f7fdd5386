package io.tidemark.engine.store.library;

import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SharedRecord;
import io.tidemark.engine.model.SyncOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One write transaction of this device. Its {@link #stamp()} was taken from the HLC after the write
 * lock was acquired, so every row it writes carries a stamp greater than any row already committed
 * and smaller than any row committed after it: stamp order is commit order, and a reader that saw
 * stamp S can never later find a new row at or below S.
 *
 * <p>Puts are buffered and written in JDBC batches (one native call per batch instead of one per
 * row); anything that reads or deletes inside the transaction flushes them first, so the
 * transaction always sees its own writes.
 */
public final class LocalTransaction {
    private static final int BATCH = 1_000;

    private final Connection connection;
    private final UUID device;
    private final long stamp;
    private final Map<ResourceType, List<OwnedRecord>> pendingOwned = new EnumMap<>(ResourceType.class);
    private final Map<ResourceType, List<SharedRecord>> pendingShared = new EnumMap<>(ResourceType.class);
    private int pending;

    LocalTransaction(Connection connection, UUID device, long stamp) {
        this.connection = connection;
        this.device = device;
        this.stamp = stamp;
    }

    /** The commit stamp shared by every row this transaction writes. */
    public long stamp() {
        return stamp;
    }

    public HlcTimestamp hlc() {
        return HlcTimestamp.fromPacked(stamp);
    }

    /** This device: the owner of every device-owned row written here. */
    public UUID device() {
        return device;
    }

    /** For reads inside the transaction; they see everything put so far. */
    public Connection connection() throws SQLException {
        flush();
        return connection;
    }

    /**
     * Writes a device-owned record with this transaction's stamp (whatever stamp the record carries).
     *
     * @throws IllegalArgumentException if the record belongs to another device: only owners write
     */
    public void put(OwnedRecord record) throws SQLException {
        if (!device.equals(record.owner())) {
            throw new IllegalArgumentException("Only the owner device writes its " + record.type().wireName()
                    + " records; " + record.uuid() + " belongs to " + record.owner());
        }
        pendingOwned.computeIfAbsent(record.type(), t -> new ArrayList<>()).add(record);
        if (++pending >= BATCH) {
            flush();
        }
    }

    /** Writes a shared record with this transaction's stamp as its HLC and this device as its origin. */
    public void putShared(SharedRecord record) throws SQLException {
        pendingShared.computeIfAbsent(record.type(), t -> new ArrayList<>()).add(record);
        if (++pending >= BATCH) {
            flush();
        }
    }

    /** Deletes a row and leaves a tombstone stamped with this transaction. */
    public void delete(ResourceType type, UUID uuid) throws SQLException {
        flush();
        if (type.deviceOwned()) {
            Tables.owned(type).delete(connection, uuid, device, stamp + 1);
        } else {
            Tables.shared(type).delete(connection, uuid, stamp + 1);
        }
        try (PreparedStatement ps = connection.prepareStatement(TombstoneSql.UPSERT)) {
            TombstoneSql.bind(ps, type, uuid, type.deviceOwned() ? device : null, stamp, type.deviceOwned() ? null : device);
            ps.executeUpdate();
        }
    }

    /** Writes everything buffered. Called before any read or delete, and before commit. */
    void flush() throws SQLException {
        if (pending == 0) {
            return;
        }
        for (ResourceType type : SyncOrder.all()) {
            List<OwnedRecord> owned = pendingOwned.remove(type);
            if (owned != null) {
                writeOwned(Tables.owned(type), owned);
            }
            List<SharedRecord> shared = pendingShared.remove(type);
            if (shared != null) {
                writeShared(Tables.shared(type), shared);
            }
        }
        pending = 0;
    }

    @SuppressWarnings("unchecked")
    private <R extends OwnedRecord> void writeOwned(OwnedTable<R> table, List<OwnedRecord> records) throws SQLException {
        table.write(connection, (List<R>) (List<?>) records, OwnedTable.Stamping.LOCAL_COMMIT, device, stamp);
    }

    @SuppressWarnings("unchecked")
    private <R extends SharedRecord> void writeShared(SharedTable<R> table, List<SharedRecord> records) throws SQLException {
        table.write(connection, (List<R>) (List<?>) records, stamp, device);
    }
}
