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
    private final KeySummaries.Delta delta = new KeySummaries.Delta();
    private final VersionCounter versions;
    private int pending;

    LocalTransaction(Connection connection, UUID device, long stamp) {
        this.connection = connection;
        this.device = device;
        this.stamp = stamp;
        this.versions = new VersionCounter(connection, device, delta);
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

    /**
     * Deletes one row, and nothing that references it, and leaves a tombstone stamped with this
     * transaction (also when this library does not hold the row). Use the cascading deletes below to
     * remove a row with its dependents. A put of a deleted uuid later in the same transaction is
     * dropped (the row and its tombstone would share one cursor); re-create it in a later transaction.
     *
     * @throws IllegalArgumentException if the row belongs to another device: only owners delete
     */
    public void delete(ResourceType type, UUID uuid) throws SQLException {
        flush();
        if (type.deviceOwned()) {
            OwnedTable<?> table = Tables.owned(type);
            if (!table.delete(connection, uuid, device, stamp + 1, delta)) {
                UUID owner = table.ownerOf(connection, uuid);
                if (owner == null) {
                    owner = TombstoneSql.ownerOf(connection, uuid); // a row another owner already deleted is still theirs
                }
                if (owner != null && !owner.equals(device)) {
                    // A tombstone under our name would not remove the row anywhere, yet would keep its
                    // owner's older versions of it out of every library it reaches.
                    throw new IllegalArgumentException("Only the owner device deletes its " + type.wireName()
                            + " records; " + uuid + " belongs to " + owner + ". Nothing was deleted.");
                }
            }
            TombstoneSql.keepOwned(connection, List.of(new io.tidemark.engine.model.Tombstone(type, uuid, device, stamp,
                    versions.next(type))), delta);
        } else {
            Tables.shared(type).delete(connection, uuid, stamp + 1, delta);
            TombstoneSql.keepShared(connection, List.of(io.tidemark.engine.model.SharedVersion.delete(type, uuid, stamp, device)),
                    delta);
        }
    }

    /**
     * Deletes this device's entry {@code uuid}; a directory with every entry below it. Each removed row
     * leaves one tombstone. An entry this library does not hold removes nothing.
     *
     * @throws IllegalArgumentException if the entry belongs to another device
     */
    public Removed deleteEntry(UUID uuid) throws SQLException {
        return cascade().entry(uuid);
    }

    /** Deletes this device's location {@code uuid} with its entries; see {@link #deleteEntry}. */
    public Removed deleteLocation(UUID uuid) throws SQLException {
        return cascade().location(uuid);
    }

    /** Deletes this device's volume {@code uuid} with its locations and their entries; see {@link #deleteEntry}. */
    public Removed deleteVolume(UUID uuid) throws SQLException {
        return cascade().volume(uuid);
    }

    /**
     * Deletes the tag {@code uuid} with its assignments; any device may. Each removed row leaves one
     * tombstone (owner null). A tag this library does not hold removes nothing.
     *
     * @throws IllegalStateException if the tag or an assignment of it is newer than this transaction
     *                               (written by a device whose clock is ahead): nothing is deleted
     */
    public Removed deleteTag(UUID uuid) throws SQLException {
        return cascade().tag(uuid);
    }

    /** Deletes the collection {@code uuid} with its items; see {@link #deleteTag}. */
    public Removed deleteCollection(UUID uuid) throws SQLException {
        return cascade().collection(uuid);
    }

    /** Deletes the tag assignment {@code uuid}; see {@link #deleteTag}. */
    public Removed deleteTagAssignment(UUID uuid) throws SQLException {
        return cascade().tagAssignment(uuid);
    }

    /** Deletes the collection item {@code uuid}; see {@link #deleteTag}. */
    public Removed deleteCollectionItem(UUID uuid) throws SQLException {
        return cascade().collectionItem(uuid);
    }

    private CascadeDelete cascade() throws SQLException {
        flush();
        return new CascadeDelete(connection, device, stamp, versions, delta);
    }

    /** Writes everything buffered and brings the summaries up to date. Called before any read or delete, and before commit. */
    void flush() throws SQLException {
        if (pending == 0) {
            delta.apply(connection);
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
        delta.apply(connection);
    }

    @SuppressWarnings("unchecked")
    private <R extends OwnedRecord> void writeOwned(OwnedTable<R> table, List<OwnedRecord> records) throws SQLException {
        table.commit(connection, (List<R>) (List<?>) records, stamp, versions, delta);
    }

    @SuppressWarnings("unchecked")
    private <R extends SharedRecord> void writeShared(SharedTable<R> table, List<SharedRecord> records) throws SQLException {
        table.write(connection, (List<R>) (List<?>) records, stamp, device, delta);
    }
}
