package io.tidemark.engine.index;

import io.tidemark.engine.model.ContentIdentityRecord;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.VolumeRecord;
import io.tidemark.engine.store.library.IndexQueries;
import io.tidemark.engine.store.library.LibraryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Adds a folder to the library as a location and indexes it: its volume, the location, and one entry
 * per file, directory and symbolic link below it, linked to their parents, with sizes, modification
 * times and (for non-empty files) a content identity from {@link ContentHash}.
 *
 * <p><b>Walk.</b> Depth-first, pre-order, children in name order, never following symbolic links:
 * a link is recorded as a {@link EntryKind#SYMLINK} entry (size 0, no content), so link loops cannot
 * happen. A directory that is the same directory as one of its ancestors (a bind-mount loop) is
 * skipped. Rows are committed in batches of {@value #DEFAULT_BATCH_ROWS}, one {@link
 * LibraryStore#writeLocal} each, so a huge folder never holds one giant transaction; since the walk is
 * pre-order, a parent is always committed in the same batch as its children or an earlier one, and a
 * reader (or a peer syncing by stamp) never sees a child before its parent.
 *
 * <p><b>Problems with single paths</b> are reported as {@link SkippedPath}s and never fail the scan:
 * <ul>
 *   <li>attributes unreadable: not recorded; a row from an earlier run is kept as it was (it is not
 *       known to be gone), with everything below it;</li>
 *   <li>directory that cannot be listed: recorded, and rows from earlier runs below it are kept;</li>
 *   <li>file that cannot be read for hashing: <em>recorded without content</em> ({@code contentUuid}
 *       null), because its name, size and time are known and the tree should show it; the next run
 *       tries to hash it again;</li>
 *   <li>vanished during the scan, or a device, pipe or socket: not recorded (an earlier row is deleted);</li>
 *   <li>directory loop: not recorded.</li>
 * </ul>
 *
 * <p><b>Re-indexing</b> loads the location's entries and matches them by (parent, name). A file is
 * hashed again only when its kind, size or time changed (or it has no content yet); only new and
 * changed rows are written, and rows whose path is gone are deleted, which leaves tombstones. Directory
 * and symlink sizes are recorded as 0: what a file system reports for them is block usage, which
 * differs between file systems and means nothing to a user.
 *
 * <p><b>Cancellation</b> by {@link #cancel()}, by the {@code cancelled} supplier, or by interrupting the
 * indexing thread ends the run with an {@link IndexCancelledException}; see there for what is kept.
 *
 * <p>Run one index of a location at a time; an indexer may run several locations one after another.
 */
public final class FolderIndexer {
    static final int DEFAULT_BATCH_ROWS = 10_000;
    static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofMillis(100);

    private final LibraryStore store;
    private final ContentReader reader;
    private final int batchRows;
    private final long progressIntervalNanos;
    private volatile boolean cancelRequested;

    public FolderIndexer(LibraryStore store) {
        this(store, ContentReader.FILES);
    }

    /** With another way to open files for hashing (tests use it to make a file unreadable). */
    public FolderIndexer(LibraryStore store, ContentReader reader) {
        this(store, reader, DEFAULT_BATCH_ROWS, DEFAULT_PROGRESS_INTERVAL);
    }

    /** Small batches and intervals let tests see several commits and every progress report. */
    FolderIndexer(LibraryStore store, ContentReader reader, int batchRows, Duration progressInterval) {
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be positive");
        }
        this.store = Objects.requireNonNull(store);
        this.reader = Objects.requireNonNull(reader);
        this.batchRows = batchRows;
        this.progressIntervalNanos = progressInterval.toNanos();
    }

    /**
     * Stops the run in progress at the next path. If no run is in progress, the next one stops before
     * it starts: a cancel that races with the start of a run still cancels it.
     */
    public void cancel() {
        cancelRequested = true;
    }

    /** Indexes {@code folder}; see {@link #index(Path, IndexListener, BooleanSupplier)}. */
    public IndexReport index(Path folder, IndexListener listener) {
        return index(folder, listener, () -> false);
    }

    /**
     * Adds {@code folder} as a location (or finds the location already at its real path) and brings its
     * entries up to date.
     *
     * @param listener  progress, at most every 100 ms and once at the end, on this thread
     * @param cancelled polled before each path; true stops the run
     * @throws IllegalArgumentException if {@code folder} does not exist or is not a directory
     * @throws UncheckedIOException     if the folder itself cannot be read
     * @throws IndexCancelledException  if the run was cancelled
     */
    public IndexReport index(Path folder, IndexListener listener, BooleanSupplier cancelled) {
        Objects.requireNonNull(listener);
        Objects.requireNonNull(cancelled);
        try {
            return new Run(realDirectory(folder), listener, cancelled).run();
        } finally {
            cancelRequested = false;
        }
    }

    private static Path realDirectory(Path folder) {
        Path real;
        try {
            real = folder.toRealPath();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Cannot index " + folder + ": it does not exist.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot index " + folder + ": " + describe(e), e);
        }
        if (!Files.isDirectory(real)) {
            throw new IllegalArgumentException("Cannot index " + folder + ": it is not a directory.");
        }
        return real;
    }

    /**
     * The mount point of the file store holding {@code path}. The JDK's Unix file stores print as
     * "mount point (device)"; elsewhere (Windows prints "label (C:)") we walk up while the parent is on
     * the same store.
     */
    static String mountPointOf(Path path, FileStore store) {
        String text = store.toString();
        String suffix = " (" + store.name() + ")";
        if (text.endsWith(suffix)) {
            try {
                Path candidate = path.getFileSystem().getPath(text.substring(0, text.length() - suffix.length()));
                if (candidate.isAbsolute() && path.startsWith(candidate)) {
                    return candidate.toString();
                }
            } catch (InvalidPathException e) {
                // not a path: fall back to walking up
            }
        }
        Path p = path;
        while (p.getParent() != null) {
            try {
                if (!Files.getFileStore(p.getParent()).equals(store)) {
                    break;
                }
            } catch (IOException e) {
                break;
            }
            p = p.getParent();
        }
        return p.toString();
    }

    /** A short reason a person can act on; the path is reported separately. */
    static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof FileSystemLoopException) {
            return "file system loop";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileSystemException fse) {
            // Its message is mostly the path, which the report already has.
            return fse.getReason() != null ? fse.getReason() : e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private record ChildKey(UUID parent, String name) {
    }

    /** A directory on the path from the location root, to recognise a directory that contains itself. */
    private record Ancestor(Object fileKey, Path path, Ancestor parent) {
    }

    /** A path still to visit, and the uuid of its parent entry (null for the location root). */
    private record Pending(Path path, UUID parentUuid, Ancestor ancestors) {
    }

    /** Thrown inside a run when cancellation is noticed; turned into IndexCancelledException at the top. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }

    /** The state of one index run. */
    private final class Run {
        private final long started = System.nanoTime();
        private final Path root;
        private final IndexListener listener;
        private final BooleanSupplier cancelled;
        private final UUID owner = store.identity().deviceId();
        private final ContentHash hasher = new ContentHash();

        private final Map<UUID, EntryRecord> existingById = new HashMap<>();
        private final Map<ChildKey, EntryRecord> existingByChild = new HashMap<>();
        private EntryRecord existingRoot;
        /** Earlier rows matched to a path on disk this run (or kept because their path could not be read). */
        private final Set<UUID> matched = new HashSet<>();
        /** Directories whose listing failed: earlier rows below them are kept, not deleted. */
        private final Set<UUID> unlisted = new HashSet<>();
        private final Set<UUID> contentsQueued = new HashSet<>();
        private final List<SkippedPath> skipped = new ArrayList<>();

        private final List<OwnedRecord> pendingOwned = new ArrayList<>();
        private final List<ContentIdentityRecord> pendingContents = new ArrayList<>();
        private final List<UUID> pendingDeletes = new ArrayList<>();

        private LocationRecord location;
        private long added;
        private long updated;
        private long deleted;
        private long unchanged;
        private long bytesHashed;
        private long seen;
        private long lastProgress;

        Run(Path root, IndexListener listener, BooleanSupplier cancelled) {
            this.root = root;
            this.listener = listener;
            this.cancelled = cancelled;
            this.lastProgress = started;
        }

        IndexReport run() {
            try {
                prepareLocation();
                walk();
                checkCancelled();
                deleteVanished();
                flush();
            } catch (Cancelled e) {
                flush();
                throw new IndexCancelledException(report());
            }
            listener.onProgress(new IndexProgress(seen, seen, bytesHashed, root.toString()));
            return report();
        }

        private IndexReport report() {
            // location is null only when the run was cancelled before it looked the location up.
            return new IndexReport(location == null ? null : location.uuid(), root.toString(), added, updated, deleted,
                    unchanged, bytesHashed, skipped, Duration.ofNanos(System.nanoTime() - started));
        }

        private void checkCancelled() {
            if (cancelRequested || Thread.currentThread().isInterrupted() || cancelled.getAsBoolean()) {
                throw new Cancelled();
            }
        }

        /** Finds or creates the volume and the location, and loads the location's entries from earlier runs. */
        private void prepareLocation() {
            checkCancelled();
            String path = root.toString();
            String name = root.getFileName() == null ? path : root.getFileName().toString();
            FileStore fileStore;
            try {
                fileStore = Files.getFileStore(root);
            } catch (IOException e) {
                fileStore = null; // the location is still worth indexing without knowing its volume
            }
            FileStore fs = fileStore;
            String mountPoint = fs == null ? null : mountPointOf(root, fs);
            store.read(c -> {
                Optional<VolumeRecord> volume = mountPoint == null ? Optional.empty()
                        : IndexQueries.volumeByMountPoint(c, owner, mountPoint);
                UUID volumeId = volume.map(VolumeRecord::uuid).orElse(null);
                if (fs != null) {
                    VolumeRecord current = currentVolume(fs, mountPoint, volume.orElse(null));
                    volumeId = current.uuid();
                    if (volume.isEmpty() || !sameVolume(volume.get(), current)) {
                        pendingOwned.add(current);
                    }
                }
                Optional<LocationRecord> existing = IndexQueries.locationByPath(c, owner, path);
                if (existing.isPresent()) {
                    location = existing.get();
                    if (volumeId != null && !volumeId.equals(location.volumeUuid())) {
                        location = new LocationRecord(location.uuid(), owner, 0, volumeId, path, location.name());
                        pendingOwned.add(location);
                    }
                    IndexQueries.forEachEntry(c, owner, location.uuid(), this::remember);
                } else {
                    location = new LocationRecord(Ids.newId(), owner, 0, volumeId, path, name);
                    pendingOwned.add(location);
                }
                return null;
            });
        }

        private VolumeRecord currentVolume(FileStore fs, String mountPoint, VolumeRecord existing) {
            long total;
            try {
                total = fs.getTotalSpace();
            } catch (IOException e) {
                total = existing == null ? 0 : existing.totalBytes();
            }
            String name = fs.name() == null || fs.name().isBlank() ? mountPoint : fs.name();
            UUID uuid = existing == null ? Ids.newId() : existing.uuid();
            return new VolumeRecord(uuid, owner, 0, name, mountPoint, fs.type(), total);
        }

        private static boolean sameVolume(VolumeRecord a, VolumeRecord b) {
            return a.name().equals(b.name()) && a.mountPoint().equals(b.mountPoint())
                    && Objects.equals(a.fsType(), b.fsType()) && a.totalBytes() == b.totalBytes();
        }

        private void remember(EntryRecord e) {
            existingById.put(e.uuid(), e);
            if (e.parentUuid() == null) {
                // Only one root can match; any other is stale and gets deleted. Keep the oldest.
                if (existingRoot == null || e.stamp() < existingRoot.stamp()) {
                    existingRoot = e;
                }
            } else {
                existingByChild.put(new ChildKey(e.parentUuid(), e.name()), e);
            }
        }

        private void walk() {
            Deque<Pending> stack = new ArrayDeque<>();
            stack.push(new Pending(root, null, null));
            while (!stack.isEmpty()) {
                checkCancelled();
                visit(stack.pop(), stack);
            }
        }

        private void visit(Pending item, Deque<Pending> stack) {
            seen++;
            Path path = item.path();
            boolean isRoot = item.parentUuid() == null;
            String name = isRoot ? location.name() : path.getFileName().toString();
            EntryRecord old = isRoot ? existingRoot : existingByChild.get(new ChildKey(item.parentUuid(), name));
            if (old != null && !matched.add(old.uuid())) {
                old = null; // two names on disk that read as the same string: the second one is new
            }
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                forget(old);
                skip(path, "vanished during the scan");
                return;
            } catch (IOException e) {
                if (old != null) {
                    keep(old);
                }
                skip(path, "cannot read its attributes: " + describe(e)
                        + (old != null ? "; the previous record was kept" : ""));
                return;
            }
            EntryKind kind;
            if (attrs.isSymbolicLink()) {
                kind = EntryKind.SYMLINK;
            } else if (attrs.isDirectory()) {
                kind = EntryKind.DIRECTORY;
            } else if (attrs.isRegularFile()) {
                kind = EntryKind.FILE;
            } else {
                forget(old);
                skip(path, "not a regular file, directory or symbolic link (a device, pipe or socket)");
                return;
            }
            Ancestor self = null;
            if (kind == EntryKind.DIRECTORY) {
                Object key = attrs.fileKey();
                for (Ancestor a = item.ancestors(); a != null && key != null; a = a.parent()) {
                    if (key.equals(a.fileKey())) {
                        forget(old);
                        skip(path, "file system loop: the same directory as " + a.path());
                        return;
                    }
                }
                self = new Ancestor(key, path, item.ancestors());
            }

            long size = kind == EntryKind.FILE ? attrs.size() : 0;
            long modified = attrs.lastModifiedTime().toMillis();
            boolean sameMetadata = old != null && old.kind() == kind && old.size() == size
                    && old.modifiedAtMillis() == modified;
            UUID content = null;
            if (kind == EntryKind.FILE && size > 0) {
                content = sameMetadata && old.contentUuid() != null ? old.contentUuid() : hash(path, size);
            }
            UUID uuid = old != null ? old.uuid() : Ids.newId();
            EntryRecord entry = new EntryRecord(uuid, owner, 0, location.uuid(), item.parentUuid(), name, kind, size,
                    modified, content);
            if (old == null) {
                added++;
                queue(entry);
            } else if (sameData(old, entry)) {
                unchanged++;
            } else {
                updated++;
                queue(entry);
            }
            if (kind == EntryKind.DIRECTORY) {
                pushChildren(path, uuid, self, stack);
            }
            progress(path);
        }

        /** An earlier row whose path is gone after all: leave it for {@link #deleteVanished}. */
        private void forget(EntryRecord old) {
            if (old != null) {
                matched.remove(old.uuid());
            }
        }

        /** An earlier row whose path could not be examined: it stays as it was, with everything below it. */
        private void keep(EntryRecord old) {
            unchanged++;
            if (old.kind() == EntryKind.DIRECTORY) {
                unlisted.add(old.uuid());
            }
        }

        private static boolean sameData(EntryRecord a, EntryRecord b) {
            return a.kind() == b.kind() && a.size() == b.size() && a.modifiedAtMillis() == b.modifiedAtMillis()
                    && a.name().equals(b.name()) && Objects.equals(a.parentUuid(), b.parentUuid())
                    && a.locationUuid().equals(b.locationUuid()) && Objects.equals(a.contentUuid(), b.contentUuid());
        }

        private void pushChildren(Path dir, UUID dirUuid, Ancestor self, Deque<Pending> stack) {
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                for (Path child : stream) {
                    children.add(child);
                }
            } catch (IOException | DirectoryIteratorException e) {
                IOException cause = e instanceof DirectoryIteratorException die ? die.getCause() : (IOException) e;
                unlisted.add(dirUuid);
                skip(dir, "cannot list the directory: " + describe(cause)
                        + "; entries recorded below it before were kept");
            }
            // Name order makes runs over the same tree repeatable; pushed in reverse so they pop in order.
            children.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
            for (Path child : children) {
                stack.push(new Pending(child, dirUuid, self));
            }
        }

        /** The file's content identity, or null (reported as skipped) if it cannot be read. */
        private UUID hash(Path path, long size) {
            ContentHash.Digest digest;
            try (SeekableByteChannel channel = reader.open(path)) {
                digest = hasher.hash(channel, size);
            } catch (ClosedByInterruptException e) {
                throw new Cancelled();
            } catch (IOException | UncheckedIOException e) {
                IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
                checkCancelled(); // an interrupt can surface as some other IOException from the channel
                skip(path, "recorded without content: cannot read it to compute the content hash: " + describe(cause));
                return null;
            }
            bytesHashed += digest.bytesRead();
            UUID id = digest.contentId();
            if (contentsQueued.add(id)) {
                pendingContents.add(new ContentIdentityRecord(id, 0, digest.hash(), digest.size()));
                flushIfFull();
            }
            return id;
        }

        private void skip(Path path, String reason) {
            skipped.add(new SkippedPath(path.toString(), reason));
        }

        private void progress(Path path) {
            long now = System.nanoTime();
            if (now - lastProgress >= progressIntervalNanos) {
                lastProgress = now;
                listener.onProgress(new IndexProgress(seen, -1, bytesHashed, path.toString()));
            }
        }

        /**
         * Deletes the earlier rows not found on disk, leaving tombstones, except those below a directory
         * that could not be listed this time. Content identities are shared and stay.
         */
        private void deleteVanished() {
            for (EntryRecord e : existingById.values()) {
                if (matched.contains(e.uuid())) {
                    continue;
                }
                if (belowUnlisted(e)) {
                    unchanged++;
                } else {
                    deleted++;
                    pendingDeletes.add(e.uuid());
                    flushIfFull();
                }
            }
        }

        private boolean belowUnlisted(EntryRecord e) {
            // Bounded by the number of rows, in case stored parent links form a cycle.
            EntryRecord at = e;
            for (int steps = 0; at != null && at.parentUuid() != null && steps <= existingById.size(); steps++) {
                if (unlisted.contains(at.parentUuid())) {
                    return true;
                }
                at = existingById.get(at.parentUuid());
            }
            return false;
        }

        private void queue(OwnedRecord record) {
            pendingOwned.add(record);
            flushIfFull();
        }

        private void flushIfFull() {
            if (pendingOwned.size() + pendingContents.size() + pendingDeletes.size() >= batchRows) {
                flush();
            }
        }

        /** Commits the pending rows in one transaction, content identities before the entries that use them. */
        private void flush() {
            if (pendingOwned.isEmpty() && pendingContents.isEmpty() && pendingDeletes.isEmpty()) {
                return;
            }
            store.writeLocal(tx -> {
                // Look all up before putting any: a read inside the transaction writes out what was put.
                Connection c = tx.connection();
                List<ContentIdentityRecord> missing = new ArrayList<>();
                for (ContentIdentityRecord content : pendingContents) {
                    // Another file, run or device may have written it; rewriting would only churn its HLC.
                    if (!IndexQueries.contentIdentityExists(c, content.uuid())) {
                        missing.add(content);
                    }
                }
                for (ContentIdentityRecord content : missing) {
                    tx.putShared(content);
                }
                for (OwnedRecord record : pendingOwned) {
                    tx.put(record);
                }
                for (UUID uuid : pendingDeletes) {
                    tx.delete(ResourceType.ENTRY, uuid);
                }
                return null;
            });
            pendingOwned.clear();
            pendingContents.clear();
            pendingDeletes.clear();
        }
    }
}
