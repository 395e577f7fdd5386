package io.tidemark.engine.index;

import io.tidemark.engine.index.SyntheticShapes.Category;
import io.tidemark.engine.index.SyntheticShapes.DirectoryNames;
import io.tidemark.engine.model.CollectionItemRecord;
import io.tidemark.engine.model.CollectionRecord;
import io.tidemark.engine.model.ContentIdentityRecord;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.SharedRecord;
import io.tidemark.engine.model.TagAssignmentRecord;
import io.tidemark.engine.model.TagRecord;
import io.tidemark.engine.model.VolumeRecord;
import io.tidemark.engine.store.library.IndexQueries;
import io.tidemark.engine.store.library.LibraryStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * {@code tidemark generate}: adds a synthetic data set to the library for tests, demos and benchmarks.
 *
 * <p><b>Exact counts.</b> A run adds exactly {@code --locations} new locations (sharing one new
 * synthetic volume) and exactly {@code --entries} entries, directories and each new location's root
 * included, all owned by this device. The entries are split evenly over the locations. Without
 * {@code --locations} they go into this device's existing locations (below their root entries, which
 * are created if missing), or into one new location if there is none.
 *
 * <p><b>Deterministic shapes, fresh identities.</b> The seed alone decides the trees: names, nesting,
 * sizes, times, which files share content, and which content is tagged or collected. Every uuid and
 * every synthetic content hash is fresh, so running twice leaves both data sets in the library. (When
 * entries go into an existing root, a name already used there gets a " (2)" suffix, as a file manager
 * would do; that is the one way existing data influences names.)
 *
 * <p><b>Realism.</b> Directories nest 1 to 6 levels below the root, with fan-out that varies and grows
 * with the entries left to place. Each directory has a theme (photos, documents, code, ...) deciding
 * most of its files' extensions, name patterns and log-normal sizes. Times spread over the twelve years
 * before 2025-01-01 and cluster by directory. About 8% of files duplicate the content of an earlier
 * file (same content identity and size), 2% are empty (no content identity); about 5% of content
 * identities get a tag (a fifth of those a second one) and 3% go into a collection.
 *
 * <p>Rows are written in batches of {@value #DEFAULT_BATCH_ROWS}, one {@link LibraryStore#writeLocal}
 * each, parents and content identities before the entries that refer to them. Memory stays flat: only
 * the pending batch, a small pool of content for duplicates and the names used in the directories on
 * the current path are held.
 */
public final class LibraryGenerator {
    static final int DEFAULT_BATCH_ROWS = 10_000;
    static final int MAX_DEPTH = 6;
    static final double DUPLICATE_RATE = 0.08;
    static final double EMPTY_RATE = 0.02;
    static final double TAG_RATE = 0.05;
    static final double SECOND_TAG_RATE = 0.2;
    static final double COLLECTION_RATE = 0.03;
    /** Duplicates copy one of the last this many contents: copies of recent files, as people make them. */
    private static final int DUPLICATE_POOL = 4096;
    private static final long VOLUME_BYTES = 4L << 40;
    private static final SecureRandom SEEDS = new SecureRandom();

    private final LibraryStore store;
    private final int batchRows;

    public LibraryGenerator(LibraryStore store) {
        this(store, DEFAULT_BATCH_ROWS);
    }

    LibraryGenerator(LibraryStore store, int batchRows) {
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be positive");
        }
        this.store = Objects.requireNonNull(store);
        this.batchRows = batchRows;
    }

    /** Adds one synthetic data set; see the class comment for what it holds. */
    public GenerateReport generate(GenerateOptions options) {
        return new Run(options).run();
    }

    /** Where one location's share of the entries goes. {@code root} is null when the run creates it. */
    private record Target(LocationRecord location, UUID root, long entries, Set<String> rootNames) {
    }

    private final class Run {
        private final long started = System.nanoTime();
        private final GenerateOptions options;
        private final Random rnd;
        /**
         * Fresh per run, never seeded by the user: uuids and synthetic hashes must differ between runs.
         * Seeded once from SecureRandom rather than drawing every id from it as {@link Ids#newId()}
         * does, which costs about a second per million ids.
         */
        private final SplittableRandom fresh = new SplittableRandom(SEEDS.nextLong());
        private final UUID owner = store.identity().deviceId();

        private final List<SharedRecord> pendingShared = new ArrayList<>();
        private final List<OwnedRecord> pendingOwned = new ArrayList<>();

        private final List<UUID> tagIds = new ArrayList<>();
        private final List<UUID> collectionIds = new ArrayList<>();
        private final UUID[] poolIds = new UUID[DUPLICATE_POOL];
        private final long[] poolSizes = new long[DUPLICATE_POOL];
        private final String[] poolExtensions = new String[DUPLICATE_POOL];
        private final Category[] poolCategories = new Category[DUPLICATE_POOL];
        private long contents;

        private int volumes;
        private int locations;
        private long directories;
        private long files;
        private long duplicates;
        private long bytes;
        private long tagAssignments;
        private long collectionItems;

        Run(GenerateOptions options) {
            this.options = options;
            this.rnd = new Random(options.seed());
        }

        GenerateReport run() {
            for (int i = 0; i < options.tags(); i++) {
                UUID id = newId();
                tagIds.add(id);
                queue(new TagRecord(id, 0, SyntheticShapes.tagName(i), SyntheticShapes.tagColor(i)));
            }
            for (int i = 0; i < options.collections(); i++) {
                UUID id = newId();
                collectionIds.add(id);
                queue(new CollectionRecord(id, 0, SyntheticShapes.collectionName(i)));
            }
            List<Target> targets = targets();
            for (Target target : targets) {
                fillLocation(target);
            }
            flush();
            return new GenerateReport(volumes, locations, directories + files, directories, files, duplicates, bytes,
                    contents, options.tags(), tagAssignments, options.collections(), collectionItems,
                    targets.stream().map(t -> t.location().uuid()).toList(), Duration.ofNanos(System.nanoTime() - started));
        }

        private List<Target> targets() {
            long entries = options.entries();
            if (options.locations() > 0) {
                return newLocations(options.locations(), entries);
            }
            if (entries == 0) {
                return List.of();
            }
            List<LocationRecord> existing = store.read(c -> IndexQueries.locations(c, owner));
            if (existing.isEmpty()) {
                return newLocations(1, entries);
            }
            List<Target> targets = new ArrayList<>();
            for (int i = 0; i < existing.size(); i++) {
                long share = share(entries, existing.size(), i);
                if (share == 0) {
                    continue;
                }
                LocationRecord location = existing.get(i);
                targets.add(store.read(c -> {
                    UUID root = IndexQueries.rootEntry(c, owner, location.uuid()).map(EntryRecord::uuid).orElse(null);
                    Set<String> names = root == null ? new HashSet<>()
                            : IndexQueries.childNames(c, owner, location.uuid(), root);
                    return new Target(location, root, share, names);
                }));
            }
            return targets;
        }

        private List<Target> newLocations(int count, long entries) {
            UUID volumeId = newId();
            String mountPoint = "/tidemark-synthetic/" + volumeId;
            queue(new VolumeRecord(volumeId, owner, 0, "Synthetic disk", mountPoint, "synthetic", VOLUME_BYTES));
            volumes++;
            List<Target> targets = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = SyntheticShapes.locationName(i);
                LocationRecord location = new LocationRecord(newId(), owner, 0, volumeId, mountPoint + "/" + name, name);
                queue(location);
                locations++;
                targets.add(new Target(location, null, share(entries, count, i), new HashSet<>()));
            }
            return targets;
        }

        /** Part {@code i} of {@code total} split into {@code parts} as evenly as possible; the parts sum to total. */
        private static long share(long total, int parts, int i) {
            return total / parts + (i < total % parts ? 1 : 0);
        }

        private void fillLocation(Target target) {
            UUID location = target.location().uuid();
            long centre = SyntheticShapes.rootCentre(rnd);
            long budget = target.entries();
            UUID root = target.root();
            if (root == null) {
                root = directory(location, null, target.location().name(), centre);
                budget--;
            }
            fill(location, root, 0, budget, centre, new DirectoryNames(target.rootNames()), Category.pick(rnd));
        }

        /**
         * Places exactly {@code budget} entries below {@code dir}: some files here, the rest split over
         * subdirectories (each costs one entry itself). Pre-order, so parents are queued before children.
         */
        private void fill(UUID location, UUID dir, int depth, long budget, long centre, DirectoryNames names,
                          Category theme) {
            if (budget == 0) {
                return;
            }
            long here = depth >= MAX_DEPTH ? budget : Math.min(budget, filesInDirectory());
            long rest = budget - here;
            int subdirectories = 0;
            long[] below = null;
            if (rest > 0) {
                // About rest^(1/levels left) subdirectories: trees fill the available depth instead of
                // piling everything into the deepest level, and small budgets still get some nesting.
                double target = Math.pow(rest, 1.0 / (MAX_DEPTH - depth + 1)) * (0.5 + rnd.nextDouble());
                subdirectories = (int) Math.max(1, Math.min(Math.min(rest, 500), Math.round(target)));
                below = split(rest - subdirectories, subdirectories);
            }
            for (long i = 0; i < here; i++) {
                file(location, dir, centre, names, theme);
            }
            for (int i = 0; i < subdirectories; i++) {
                Category subTheme = rnd.nextDouble() < 0.6 ? theme : Category.pick(rnd);
                long subCentre = SyntheticShapes.childCentre(centre, rnd);
                UUID sub = directory(location, dir, names.unique(SyntheticShapes.directoryName(rnd), ""), subCentre);
                fill(location, sub, depth + 1, below[i], subCentre, new DirectoryNames(), subTheme);
            }
        }

        /** Files directly in one directory: median 8, some directories hold none, a few hold dozens. */
        private long filesInDirectory() {
            if (rnd.nextDouble() < 0.15) {
                return 0;
            }
            return Math.round(Math.exp(Math.log(8) + 0.9 * rnd.nextGaussian()));
        }

        /** Splits {@code total} over {@code parts} by random (exponential) weights; the parts sum to total exactly. */
        private long[] split(long total, int parts) {
            double[] weights = new double[parts];
            double sum = 0;
            for (int i = 0; i < parts; i++) {
                weights[i] = -Math.log(1 - rnd.nextDouble()) + 1e-9;
                sum += weights[i];
            }
            long[] shares = new long[parts];
            long given = 0;
            for (int i = 0; i < parts; i++) {
                shares[i] = (long) Math.floor(total * weights[i] / sum);
                given += shares[i];
            }
            for (long left = total - given; left > 0; left--) {
                shares[rnd.nextInt(parts)]++;
            }
            return shares;
        }

        private UUID directory(UUID location, UUID parent, String name, long modified) {
            UUID id = newId();
            queue(new EntryRecord(id, owner, 0, location, parent, name, EntryKind.DIRECTORY, 0, modified, null));
            directories++;
            return id;
        }

        private void file(UUID location, UUID dir, long centre, DirectoryNames names, Category theme) {
            Category category = rnd.nextDouble() < 0.75 ? theme : Category.pick(rnd);
            long modified = SyntheticShapes.fileTime(centre, rnd);
            String extension;
            long size;
            UUID content;
            if (contents > 0 && rnd.nextDouble() < DUPLICATE_RATE) {
                int slot = rnd.nextInt((int) Math.min(contents, DUPLICATE_POOL));
                content = poolIds[slot];
                size = poolSizes[slot];
                extension = poolExtensions[slot];
                category = poolCategories[slot]; // a copy keeps its kind of name
                duplicates++;
            } else if (rnd.nextDouble() < EMPTY_RATE) {
                extension = category.extension(rnd);
                size = 0;
                content = null;
            } else {
                extension = category.extension(rnd);
                size = category.size(rnd);
                content = newContent(size, extension, category);
            }
            String name = names.unique(SyntheticShapes.fileBaseName(category, rnd), "." + extension);
            queue(new EntryRecord(newId(), owner, 0, location, dir, name, EntryKind.FILE, size, modified, content));
            files++;
            bytes += size;
        }

        /** A UUIDv7 like {@link Ids#newId()}: time-ordered, with 74 fresh random bits. */
        private UUID newId() {
            return Ids.uuidV7(System.currentTimeMillis(), fresh.nextLong(), fresh.nextLong());
        }

        private UUID newContent(long size, String extension, Category category) {
            byte[] hash = new byte[32];
            for (int i = 0; i < hash.length; i += 8) {
                long r = fresh.nextLong();
                for (int b = 0; b < 8; b++) {
                    hash[i + b] = (byte) (r >>> (8 * b));
                }
            }
            UUID id = Ids.fromDigest(hash);
            queue(new ContentIdentityRecord(id, 0, hash, size));
            int slot = (int) (contents % DUPLICATE_POOL);
            poolIds[slot] = id;
            poolSizes[slot] = size;
            poolExtensions[slot] = extension;
            poolCategories[slot] = category;
            contents++;
            if (!tagIds.isEmpty() && rnd.nextDouble() < TAG_RATE) {
                int first = skewedIndex(tagIds.size());
                tag(tagIds.get(first), id);
                if (tagIds.size() > 1 && rnd.nextDouble() < SECOND_TAG_RATE) {
                    int second = (first + 1 + rnd.nextInt(tagIds.size() - 1)) % tagIds.size();
                    tag(tagIds.get(second), id);
                }
            }
            if (!collectionIds.isEmpty() && rnd.nextDouble() < COLLECTION_RATE) {
                UUID collection = collectionIds.get(skewedIndex(collectionIds.size()));
                queue(new CollectionItemRecord(Ids.derived("collection_item", collection, id), 0, collection, id));
                collectionItems++;
            }
            return id;
        }

        private void tag(UUID tag, UUID content) {
            queue(new TagAssignmentRecord(Ids.derived("tag_assignment", tag, content), 0, tag, content));
            tagAssignments++;
        }

        /** Favours the first few: most people use a couple of tags a lot and the rest rarely. */
        private int skewedIndex(int size) {
            double r = rnd.nextDouble();
            return (int) (size * r * r);
        }

        private void queue(OwnedRecord record) {
            pendingOwned.add(record);
            flushIfFull();
        }

        private void queue(SharedRecord record) {
            pendingShared.add(record);
            flushIfFull();
        }

        private void flushIfFull() {
            if (pendingOwned.size() + pendingShared.size() >= batchRows) {
                flush();
            }
        }

        private void flush() {
            if (pendingOwned.isEmpty() && pendingShared.isEmpty()) {
                return;
            }
            store.writeLocal(tx -> {
                for (SharedRecord record : pendingShared) {
                    tx.putShared(record);
                }
                for (OwnedRecord record : pendingOwned) {
                    tx.put(record);
                }
                return null;
            });
            pendingShared.clear();
            pendingOwned.clear();
        }
    }
}
