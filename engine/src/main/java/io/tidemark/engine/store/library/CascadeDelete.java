package io.tidemark.engine.store.library;

import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.ResourceType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One cascading delete inside a local transaction: a row and every row that references it, so that
 * nothing is left pointing at a missing row (doctor's reference check stays clean). Each removed row
 * leaves exactly one tombstone at the transaction's stamp, and record_count drops by exactly the rows
 * removed; the tombstones then travel to peers in (stamp, uuid) order with the rows of their type.
 *
 * <p>Device-owned rows are deleted only by their owner. A shared row is deleted only if it is not
 * newer than this transaction: a tombstone removes what is at or before its stamp, so deleting a newer
 * row here would remove it on this device only, and the devices would disagree.
 *
 * <p>Rows are removed {@value IdChunks#CHUNK} per statement. An entry subtree is found without an index
 * on {@code entry.parent_uuid} or {@code location_uuid} (deliberately absent, see {@link IndexQueries}):
 * one range scan of the owner's entries reads the location's (uuid, parent) links, and the subtree is
 * walked in memory, instead of one scan per directory or per level.
 */
final class CascadeDelete {
    private static final String ENTRY = "SELECT owner, location_uuid, kind FROM entry WHERE uuid = ?";
    private static final String ENTRY_LINKS_OF_LOCATION = "SELECT uuid, parent_uuid FROM entry WHERE "
            + OwnedTable.OWNER_FILTER + " AND location_uuid = ?";
    private static final String ENTRIES_OF_LOCATION = "SELECT uuid FROM entry WHERE " + OwnedTable.OWNER_FILTER
            + " AND location_uuid = ?";
    private static final String LOCATIONS_OF_VOLUME = "SELECT uuid FROM location WHERE " + OwnedTable.OWNER_FILTER
            + " AND volume_uuid = ?";

    /** The shared rows that reference a shared row, and the query that finds them (with their HLCs). */
    private record Dependents(ResourceType type, String sql) {
        static final Dependents NONE = new Dependents(null, null);
    }

    private static final Dependents ASSIGNMENTS_OF_TAG =
            new Dependents(ResourceType.TAG_ASSIGNMENT, "SELECT uuid, hlc FROM tag_assignment WHERE tag_uuid = ?");
    private static final Dependents ITEMS_OF_COLLECTION =
            new Dependents(ResourceType.COLLECTION_ITEM, "SELECT uuid, hlc FROM collection_item WHERE collection_uuid = ?");

    private final Connection c;
    private final UUID device;
    private final long stamp;
    private final VersionCounter versions;
    private final KeySummaries.Delta delta;
    private final Map<ResourceType, Integer> removed = new EnumMap<>(ResourceType.class);

    /**
     * A delete by {@code device} in the transaction stamped {@code stamp}, whose deletes take their
     * versions from {@code versions}; its buffered puts must be flushed.
     */
    CascadeDelete(Connection c, UUID device, long stamp, VersionCounter versions, KeySummaries.Delta delta) {
        this.c = c;
        this.device = device;
        this.stamp = stamp;
        this.versions = versions;
        this.delta = delta;
    }

    /** An entry; a directory with its whole subtree. */
    Removed entry(UUID uuid) throws SQLException {
        UUID owner;
        UUID location;
        EntryKind kind;
        try (PreparedStatement ps = c.prepareStatement(ENTRY)) {
            Sql.setId(ps, 1, uuid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Removed.NONE;
                }
                owner = Sql.getId(rs, 1);
                location = Sql.getId(rs, 2);
                kind = EntryKind.ofCode(rs.getInt(3));
            }
        }
        requireOwn(ResourceType.ENTRY, uuid, owner);
        removeOwned(ResourceType.ENTRY, kind == EntryKind.DIRECTORY ? subtree(location, uuid) : List.of(uuid));
        return result();
    }

    /** A location with its entries. */
    Removed location(UUID uuid) throws SQLException {
        if (!isOwn(ResourceType.LOCATION, uuid)) {
            return Removed.NONE;
        }
        removeLocations(List.of(uuid));
        return result();
    }

    /** A volume with its locations and their entries. */
    Removed volume(UUID uuid) throws SQLException {
        if (!isOwn(ResourceType.VOLUME, uuid)) {
            return Removed.NONE;
        }
        removeLocations(ids(LOCATIONS_OF_VOLUME, uuid));
        removeOwned(ResourceType.VOLUME, List.of(uuid));
        return result();
    }

    /** A tag with its assignments. */
    Removed tag(UUID uuid) throws SQLException {
        return shared(ResourceType.TAG, uuid, ASSIGNMENTS_OF_TAG);
    }

    /** A collection with its items. */
    Removed collection(UUID uuid) throws SQLException {
        return shared(ResourceType.COLLECTION, uuid, ITEMS_OF_COLLECTION);
    }

    Removed tagAssignment(UUID uuid) throws SQLException {
        return shared(ResourceType.TAG_ASSIGNMENT, uuid, Dependents.NONE);
    }

    Removed collectionItem(UUID uuid) throws SQLException {
        return shared(ResourceType.COLLECTION_ITEM, uuid, Dependents.NONE);
    }

    private Removed result() {
        return new Removed(removed);
    }

    /** Whether this library holds the row; refuses a row of another device. */
    private boolean isOwn(ResourceType type, UUID uuid) throws SQLException {
        UUID owner = Tables.owned(type).ownerOf(c, uuid);
        if (owner == null) {
            return false;
        }
        requireOwn(type, uuid, owner);
        return true;
    }

    private void requireOwn(ResourceType type, UUID uuid, UUID owner) {
        if (!device.equals(owner)) {
            throw new IllegalArgumentException("Only the owner device deletes its " + type.wireName() + " records; "
                    + uuid + " belongs to " + owner + ". Nothing was deleted.");
        }
    }

    private void removeLocations(List<UUID> locations) throws SQLException {
        for (UUID location : locations) {
            removeOwned(ResourceType.ENTRY, ids(ENTRIES_OF_LOCATION, location));
        }
        removeOwned(ResourceType.LOCATION, locations);
    }

    /** {@code root} and every entry below it, each once even if stored parent links form a cycle. */
    private List<UUID> subtree(UUID location, UUID root) throws SQLException {
        Map<UUID, List<UUID>> children = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(ENTRY_LINKS_OF_LOCATION)) {
            Sql.setId(ps, 1, device);
            Sql.setId(ps, 2, location);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] parent = rs.getBytes(2);
                    if (parent != null) {
                        children.computeIfAbsent(Ids.fromBytes(parent), p -> new ArrayList<>(4))
                                .add(Sql.getId(rs, 1));
                    }
                }
            }
        }
        List<UUID> found = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        Deque<UUID> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            UUID next = todo.pop();
            if (seen.add(next)) {
                found.add(next);
                todo.addAll(children.getOrDefault(next, List.of()));
            }
        }
        return found;
    }

    private List<UUID> ids(String sql, UUID key) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.setId(ps, 1, device);
            Sql.setId(ps, 2, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(Sql.getId(rs, 1));
                }
            }
        }
        return ids;
    }

    private void removeOwned(ResourceType type, List<UUID> uuids) throws SQLException {
        if (uuids.isEmpty()) {
            return;
        }
        int n = Tables.owned(type).deleteAll(c, device, uuids, delta);
        List<io.tidemark.engine.model.Tombstone> deletes = new ArrayList<>(uuids.size());
        for (UUID uuid : uuids) {
            deletes.add(new io.tidemark.engine.model.Tombstone(type, uuid, device, stamp, versions.next(type)));
        }
        TombstoneSql.keepOwned(c, deletes, delta);
        removed.merge(type, n, Integer::sum);
    }

    private Removed shared(ResourceType type, UUID uuid, Dependents dependents) throws SQLException {
        Long hlc = Tables.shared(type).hlcOf(c, uuid);
        if (hlc == null) {
            return Removed.NONE;
        }
        requireNotNewer(type, uuid, hlc);
        if (dependents.type() != null) {
            List<UUID> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(dependents.sql())) {
                Sql.setId(ps, 1, uuid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID id = Sql.getId(rs, 1);
                        requireNotNewer(dependents.type(), id, rs.getLong(2));
                        ids.add(id);
                    }
                }
            }
            removeShared(dependents.type(), ids);
        }
        removeShared(type, List.of(uuid));
        return result();
    }

    private void requireNotNewer(ResourceType type, UUID uuid, long hlc) {
        if (hlc > stamp) {
            throw new IllegalStateException("The " + type.wireName() + " " + uuid + " was changed at "
                    + HlcTimestamp.fromPacked(hlc) + ", after this change's time " + HlcTimestamp.fromPacked(stamp)
                    + " (another device's clock is ahead of this one). Nothing was deleted; try again in a moment.");
        }
    }

    private void removeShared(ResourceType type, List<UUID> uuids) throws SQLException {
        if (uuids.isEmpty()) {
            return;
        }
        int n = Tables.shared(type).deleteAll(c, uuids, stamp, delta);
        List<io.tidemark.engine.model.SharedVersion> deletes = new ArrayList<>(uuids.size());
        for (UUID uuid : uuids) {
            deletes.add(io.tidemark.engine.model.SharedVersion.delete(type, uuid, stamp, device));
        }
        TombstoneSql.keepShared(c, deletes, delta);
        removed.merge(type, n, Integer::sum);
    }
}
