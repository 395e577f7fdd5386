package io.tidemark.engine.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.Tombstone;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.library.OwnedTable;
import io.tidemark.engine.store.library.Tables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** A library in a temp directory, and readers that go through the store's paging like sync does. */
final class TestLibrary {
    private TestLibrary() {
    }

    static LibraryStore create(Path dir) {
        UUID device = Ids.newId();
        return LibraryStore.create(dir.resolve("library.db"), "Test",
                new DeviceRecord(device, device, 0, "dev", "Linux", "0.1", null), HybridLogicalClock.system());
    }

    static UUID owner(LibraryStore store) {
        return store.identity().deviceId();
    }

    /** Every row of this device in a table, paged by (stamp, uuid) in small pages to exercise the cursor. */
    static <R extends OwnedRecord> List<R> all(LibraryStore store, OwnedTable<R> table) {
        List<R> rows = new ArrayList<>();
        Cursor after = Cursor.START;
        for (List<R> page; !(page = store.page(table, owner(store), after, 997)).isEmpty(); ) {
            rows.addAll(page);
            after = page.get(page.size() - 1).cursor();
        }
        return rows;
    }

    static List<EntryRecord> entries(LibraryStore store) {
        return all(store, Tables.ENTRIES);
    }

    static List<EntryRecord> entriesOf(LibraryStore store, UUID location) {
        return entries(store).stream().filter(e -> e.locationUuid().equals(location)).toList();
    }

    static List<LocationRecord> locations(LibraryStore store) {
        return all(store, Tables.LOCATIONS);
    }

    static List<Tombstone> tombstones(LibraryStore store) {
        return store.tombstones(owner(store), Cursor.START, 1_000_000);
    }

    static long sharedCount(LibraryStore store, ResourceType type) {
        long maintained = store.count(null, type);
        long scanned = store.read(c -> Tables.shared(type).countByQuery(c));
        assertThat(maintained).as("maintained count of %s", type).isEqualTo(scanned);
        return scanned;
    }

    /**
     * Asserts that the entries of one location form one tree: exactly one root (no parent), every other
     * entry's parent is a directory of the same location, and following parents always reaches the root.
     * Returns each entry's path relative to the location, root = "".
     */
    static Map<UUID, String> assertTree(List<EntryRecord> entries) {
        Map<UUID, EntryRecord> byId = entries.stream().collect(Collectors.toMap(EntryRecord::uuid, e -> e));
        List<EntryRecord> roots = entries.stream().filter(e -> e.parentUuid() == null).toList();
        assertThat(roots).as("roots").hasSize(1);
        EntryRecord root = roots.get(0);
        assertThat(root.kind()).isEqualTo(EntryKind.DIRECTORY);
        Map<UUID, String> paths = new HashMap<>();
        for (EntryRecord e : entries) {
            StringBuilder path = new StringBuilder();
            Set<UUID> visited = new HashSet<>();
            EntryRecord at = e;
            while (at.parentUuid() != null) {
                assertThat(visited.add(at.uuid())).as("parent links of %s have a cycle", e.name()).isTrue();
                path.insert(0, path.length() == 0 ? at.name() : at.name() + "/");
                EntryRecord parent = byId.get(at.parentUuid());
                assertThat(parent).as("parent of %s", at.name()).isNotNull();
                assertThat(parent.kind()).as("kind of the parent of %s", at.name()).isEqualTo(EntryKind.DIRECTORY);
                assertThat(parent.locationUuid()).isEqualTo(at.locationUuid());
                at = parent;
            }
            assertThat(at).isEqualTo(root);
            paths.put(e.uuid(), path.toString());
        }
        assertThat(new HashSet<>(paths.values())).as("paths are unique").hasSize(entries.size());
        return paths;
    }
}
