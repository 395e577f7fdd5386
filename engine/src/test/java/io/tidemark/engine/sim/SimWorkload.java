package io.tidemark.engine.sim;

import io.tidemark.engine.model.CollectionItemRecord;
import io.tidemark.engine.model.CollectionRecord;
import io.tidemark.engine.model.ContentIdentityRecord;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.TagAssignmentRecord;
import io.tidemark.engine.model.TagRecord;
import io.tidemark.engine.model.VolumeRecord;
import io.tidemark.engine.store.library.LibraryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * What people do to a library, chosen by the seed: owners add, rename and delete entries (whole
 * folders at once, sometimes thousands of rows in one commit), add and drop locations; anyone tags,
 * untags, collects and renames. Ids come from the seed too, so a replay writes the same rows.
 */
final class SimWorkload {
    private final SimScheduler scheduler;
    private final List<UUID> tags = new ArrayList<>();
    private final List<UUID> collections = new ArrayList<>();
    private final List<UUID> contents = new ArrayList<>();
    private final int bulk;
    long written;

    SimWorkload(SimScheduler scheduler, int bulk) {
        this.scheduler = scheduler;
        this.bulk = bulk;
    }

    private UUID newId() {
        Random r = scheduler.random();
        return Ids.uuidV7(SimClock.EPOCH_MILLIS + scheduler.now(), r.nextLong(), r.nextLong());
    }

    /** One action on {@code d}'s library, as its owner or as any member for shared records. */
    void act(SimDevice d) {
        lastStamp = 0;
        Random r = scheduler.random();
        int pick = r.nextInt(100);
        LibraryStore library = d.library();
        UUID self = d.uuid();
        List<OwnedRecord> locations = own(library, self, ResourceType.LOCATION);
        if (locations.isEmpty() || pick < 8) {
            write(library, tx -> {
                UUID volume = newId();
                tx.put(new VolumeRecord(volume, self, 0, "disk " + r.nextInt(100), "/mnt/" + r.nextInt(100), "apfs", 1L << 40));
                tx.put(new LocationRecord(newId(), self, 0, volume, "/photos/" + r.nextInt(1000), "photos", 0));
                return null;
            });
            return;
        }
        if (pick < 40) {
            // New files, sometimes in new folders, sometimes a bulk import larger than a realtime batch.
            UUID location = locations.get(r.nextInt(locations.size())).uuid();
            int n = r.nextInt(10) < 1 ? bulk + r.nextInt(bulk) : 1 + r.nextInt(12);
            write(library, tx -> {
                UUID folder = null;
                for (int i = 0; i < n; i++) {
                    if (i % 7 == 0 && r.nextBoolean()) {
                        folder = newId();
                        tx.put(new EntryRecord(folder, self, 0, location, null, "dir" + i, EntryKind.DIRECTORY, 0, 0, null));
                        continue;
                    }
                    UUID content = null;
                    if (!contents.isEmpty() && r.nextInt(4) == 0) {
                        content = contents.get(r.nextInt(contents.size()));
                    }
                    tx.put(new EntryRecord(newId(), self, 0, location, folder, "f" + r.nextInt(1_000_000), EntryKind.FILE,
                            r.nextInt(1 << 20), SimClock.EPOCH_MILLIS, content));
                }
                return null;
            });
            written += n;
            return;
        }
        List<OwnedRecord> entries = own(library, self, ResourceType.ENTRY);
        if (pick < 55 && !entries.isEmpty()) {
            // Renames: new versions of existing rows (the stale-version case for a member that misses them).
            int n = 1 + r.nextInt(Math.min(entries.size(), 20));
            write(library, tx -> {
                for (int i = 0; i < n; i++) {
                    EntryRecord e = (EntryRecord) entries.get(r.nextInt(entries.size()));
                    tx.put(new EntryRecord(e.uuid(), self, 0, e.locationUuid(), e.parentUuid(), e.name() + "'", e.kind(),
                            e.size() + 1, e.modifiedAtMillis(), e.contentUuid()));
                }
                return null;
            });
            return;
        }
        if (pick < 68 && !entries.isEmpty()) {
            // Deletes: a file, or a folder with everything in it.
            int n = 1 + r.nextInt(Math.min(entries.size(), 5));
            write(library, tx -> {
                for (int i = 0; i < n; i++) {
                    tx.deleteEntry(entries.get(r.nextInt(entries.size())).uuid());
                }
                return null;
            });
            return;
        }
        if (pick < 71 && locations.size() > 1) {
            UUID location = locations.get(r.nextInt(locations.size())).uuid();
            write(library, tx -> tx.deleteLocation(location));
            return;
        }
        shared(d, r);
    }

    private void shared(SimDevice d, Random r) {
        LibraryStore library = d.library();
        int pick = r.nextInt(10);
        try {
            write(library, tx -> {
                switch (pick) {
                    case 0, 1 -> {
                        UUID tag = tags.isEmpty() || r.nextBoolean() ? newId() : tags.get(r.nextInt(tags.size()));
                        if (!tags.contains(tag)) {
                            tags.add(tag);
                        }
                        tx.putShared(new TagRecord(tag, 0, "tag" + r.nextInt(1000), "#" + r.nextInt(999)));
                    }
                    case 2 -> {
                        UUID content = newId();
                        contents.add(content);
                        byte[] hash = new byte[32];
                        r.nextBytes(hash);
                        tx.putShared(new ContentIdentityRecord(content, 0, hash, r.nextInt(1 << 20)));
                    }
                    case 3, 4 -> {
                        if (!tags.isEmpty() && !contents.isEmpty()) {
                            tx.putShared(new TagAssignmentRecord(newId(), 0, tags.get(r.nextInt(tags.size())),
                                    contents.get(r.nextInt(contents.size()))));
                        }
                    }
                    case 5 -> {
                        UUID c = newId();
                        collections.add(c);
                        tx.putShared(new CollectionRecord(c, 0, "album " + r.nextInt(100)));
                    }
                    case 6 -> {
                        if (!collections.isEmpty() && !contents.isEmpty()) {
                            tx.putShared(new CollectionItemRecord(newId(), 0, collections.get(r.nextInt(collections.size())),
                                    contents.get(r.nextInt(contents.size()))));
                        }
                    }
                    case 7 -> {
                        if (!tags.isEmpty()) {
                            tx.deleteTag(tags.get(r.nextInt(tags.size())));
                        }
                    }
                    case 8 -> {
                        if (!collections.isEmpty()) {
                            tx.deleteCollection(collections.get(r.nextInt(collections.size())));
                        }
                    }
                    default -> {
                        if (!tags.isEmpty()) {
                            tx.putShared(new TagRecord(tags.get(r.nextInt(tags.size())), 0, "renamed" + r.nextInt(1000), "#fff"));
                        }
                    }
                }
                return null;
            });
        } catch (IllegalStateException e) {
            // A delete refused because a newer version exists (written by a device whose clock is ahead): the user sees why.
        }
    }

    /** The stamp of the last commit an action made; 0 if it made none. */
    long lastStamp;

    private <T> void write(LibraryStore library, io.tidemark.engine.store.library.LibraryStore.LocalWork<T> work) {
        library.writeLocal(tx -> {
            T result = work.run(tx);
            lastStamp = tx.stamp();
            return result;
        });
    }

    private static List<OwnedRecord> own(LibraryStore library, UUID self, ResourceType type) {
        return new ArrayList<>(library.changes(self, type, Cursor.START, null, 100_000, false).records());
    }
}
