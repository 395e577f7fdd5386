package io.tidemark.engine.index;

import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.store.library.IndexQueries;
import io.tidemark.engine.store.library.LibraryStore;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Takes what a path names out of the library: the location whose root it is (with its entries), or
 * the entry at that path inside one of this device's locations (a directory with everything below
 * it). Files on disk are not touched, and the path need not exist any more. Everything goes in one
 * local transaction, leaving one tombstone per removed row, so every member removes the same rows.
 * A path still on disk comes back with the next index run of its location.
 *
 * <p>Locations are recorded at their real path ({@link FolderIndexer}). A path is matched as given
 * (made absolute) and with symbolic links resolved in its parent folders, but not in its last name: a
 * link inside a location is an entry of its own, and removing it must not remove what it points to.
 * Only a location's root is also matched fully resolved, so a link to a location's folder names that
 * location. A location's root wins over an entry of an enclosing location at the same path, and of
 * nested locations the innermost holds the entry.
 */
public final class PathRemover {
    private final LibraryStore store;

    public PathRemover(LibraryStore store) {
        this.store = Objects.requireNonNull(store);
    }

    /**
     * Removes the location at {@code path}, or the entry at {@code path} inside a location.
     *
     * @throws IllegalArgumentException if the path is neither; nothing is removed
     */
    public RemoveReport remove(Path path) {
        Path given = path.toAbsolutePath().normalize();
        List<Path> asEntry = new ArrayList<>(candidates(given));
        Set<Path> asLocation = new LinkedHashSet<>(asEntry);
        try {
            asLocation.add(given.toRealPath());
        } catch (IOException e) {
            // gone or unreadable: it can still name a location by the path it was recorded at
        }
        UUID owner = store.identity().deviceId();
        return store.writeLocal(tx -> {
            Connection c = tx.connection();
            List<LocationRecord> locations = IndexQueries.locations(c, owner);
            for (Path p : asLocation) {
                for (LocationRecord location : locations) {
                    if (location.path().equals(p.toString())) {
                        return new RemoveReport(p.toString(), location.path(), "", tx.deleteLocation(location.uuid()));
                    }
                }
            }
            LocationRecord missedIn = null;
            for (Path p : asEntry) {
                LocationRecord location = innermost(locations, p);
                if (location == null) {
                    continue;
                }
                Path relative = Path.of(location.path()).relativize(p);
                Optional<EntryRecord> at = IndexQueries.rootEntry(c, owner, location.uuid());
                for (Path name : relative) {
                    if (at.isEmpty()) {
                        break;
                    }
                    at = IndexQueries.child(c, owner, location.uuid(), at.get().uuid(), name.toString());
                }
                if (at.isPresent()) {
                    return new RemoveReport(p.toString(), location.path(), relative.toString(), tx.deleteEntry(at.get().uuid()));
                }
                missedIn = location;
            }
            if (missedIn != null) {
                throw new IllegalArgumentException(path + " is inside the location " + missedIn.path()
                        + " but is not in the library (it may be new since the location was last indexed);"
                        + " nothing was removed.");
            }
            throw new IllegalArgumentException(path + " is not an indexed location or inside one; nothing was removed.");
        });
    }

    /** The path as given, then with links resolved in its parent folders (if they still exist). */
    private static Set<Path> candidates(Path given) {
        Set<Path> paths = new LinkedHashSet<>();
        paths.add(given);
        Path parent = given.getParent();
        if (parent != null && given.getFileName() != null) {
            try {
                paths.add(parent.toRealPath().resolve(given.getFileName()));
            } catch (IOException e) {
                // the parent is gone too: the path as given is all there is
            }
        }
        return paths;
    }

    /** The location with the longest root that contains {@code path}, or null. */
    private static LocationRecord innermost(List<LocationRecord> locations, Path path) {
        LocationRecord best = null;
        int depth = -1;
        for (LocationRecord location : locations) {
            Path root = Path.of(location.path());
            if (path.startsWith(root) && root.getNameCount() > depth) {
                best = location;
                depth = root.getNameCount();
            }
        }
        return best;
    }
}
