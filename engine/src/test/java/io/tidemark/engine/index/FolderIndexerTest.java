package io.tidemark.engine.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidemark.engine.model.ContentIdentityRecord;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.Tombstone;
import io.tidemark.engine.model.VolumeRecord;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.library.Tables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderIndexerTest {

    /** Fixed times, so a change is always visible whatever the file system's time granularity. */
    private static final FileTime EARLIER = FileTime.fromMillis(1_600_000_000_000L);
    private static final FileTime LATER = FileTime.fromMillis(1_700_000_000_000L);
    private static final int BIG = 200 * 1024;

    /** The tree of {@link #createTree}: 4 directories (root included) and 5 files. */
    private static final Set<String> TREE = Set.of("", "a.txt", "b.txt", "empty.txt", "sub", "sub/c.bin", "sub/deeper",
            "sub/deeper/d.txt", "emptydir");

    @TempDir
    Path temp;
    private Path folder;
    private LibraryStore store;
    private UUID owner;

    @BeforeEach
    void setUp() throws IOException {
        folder = Files.createDirectory(temp.resolve("Pictures"));
        store = TestLibrary.create(temp);
        owner = TestLibrary.owner(store);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private void createTree() throws IOException {
        write("a.txt", "hello");
        write("b.txt", "hello");
        write("empty.txt", "");
        Files.createDirectories(folder.resolve("sub/deeper"));
        byte[] big = new byte[BIG];
        new Random(7).nextBytes(big);
        Files.write(folder.resolve("sub/c.bin"), big);
        write("sub/deeper/d.txt", "world");
        Files.createDirectory(folder.resolve("emptydir"));
    }

    private void write(String relative, String text) throws IOException {
        Files.writeString(folder.resolve(relative), text, StandardCharsets.UTF_8);
    }

    private IndexReport index() {
        return new FolderIndexer(store).index(folder, IndexListener.NONE);
    }

    private LocationRecord onlyLocation() {
        List<LocationRecord> locations = TestLibrary.locations(store);
        assertThat(locations).hasSize(1);
        return locations.get(0);
    }

    /** Entries of the one location by path relative to it, after checking that they form one tree. */
    private Map<String, EntryRecord> entriesByPath() {
        List<EntryRecord> entries = TestLibrary.entriesOf(store, onlyLocation().uuid());
        Map<UUID, String> paths = TestLibrary.assertTree(entries);
        return entries.stream().collect(Collectors.toMap(e -> paths.get(e.uuid()), Function.identity()));
    }

    /** Asserts that the recorded entries are exactly what is on disk, with kinds, sizes and times. */
    private Map<String, EntryRecord> assertMatchesDisk() throws IOException {
        Map<String, EntryRecord> recorded = entriesByPath();
        Map<String, Path> onDisk;
        try (Stream<Path> walk = Files.walk(folder)) {
            onDisk = walk.collect(Collectors.toMap(p -> folder.relativize(p).toString().replace('\\', '/'), p -> p));
        }
        assertThat(recorded.keySet()).isEqualTo(onDisk.keySet());
        for (Map.Entry<String, Path> e : onDisk.entrySet()) {
            Path p = e.getValue();
            EntryRecord entry = recorded.get(e.getKey());
            EntryKind kind = Files.isSymbolicLink(p) ? EntryKind.SYMLINK
                    : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? EntryKind.DIRECTORY : EntryKind.FILE;
            assertThat(entry.kind()).as("kind of %s", e.getKey()).isEqualTo(kind);
            assertThat(entry.size()).as("size of %s", e.getKey()).isEqualTo(kind == EntryKind.FILE ? Files.size(p) : 0);
            assertThat(entry.modifiedAtMillis()).as("time of %s", e.getKey())
                    .isEqualTo(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis());
            assertThat(entry.owner()).isEqualTo(owner);
        }
        return recorded;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Opens files normally, counting opens; paths whose file name is in {@code denied} fail like chmod 000 would. */
    private static final class TestReader implements ContentReader {
        final AtomicInteger opens = new AtomicInteger();
        final Set<String> denied;

        TestReader(String... denied) {
            this.denied = Set.of(denied);
        }

        @Override
        public java.nio.channels.SeekableByteChannel open(Path file) throws IOException {
            opens.incrementAndGet();
            if (denied.contains(file.getFileName().toString())) {
                throw new AccessDeniedException(file.toString());
            }
            return ContentReader.FILES.open(file);
        }
    }

    @Test
    void indexesEveryFileAndDirectoryAsATreeRootedAtTheLocation() throws IOException {
        createTree();

        IndexReport report = index();

        assertThat(report.added()).isEqualTo(9);
        assertThat(report.updated()).isZero();
        assertThat(report.deleted()).isZero();
        assertThat(report.unchanged()).isZero();
        assertThat(report.skipped()).isEmpty();
        assertThat(report.bytesHashed()).as("three small files whole, the big one sampled")
                .isEqualTo(5 + 5 + 5 + (2 + ContentHash.MIDDLE_SAMPLES) * ContentHash.SAMPLE_BLOCK);
        assertThat(store.count(owner, ResourceType.ENTRY)).isEqualTo(9);
        assertThat(store.count(owner, ResourceType.LOCATION)).isEqualTo(1);
        assertThat(store.count(owner, ResourceType.VOLUME)).isEqualTo(1);

        LocationRecord location = onlyLocation();
        assertThat(report.locationId()).isEqualTo(location.uuid());
        assertThat(location.path()).isEqualTo(folder.toRealPath().toString());
        assertThat(location.name()).isEqualTo("Pictures");
        VolumeRecord volume = TestLibrary.all(store, Tables.VOLUMES).get(0);
        assertThat(location.volumeUuid()).isEqualTo(volume.uuid());
        assertThat(folder.toRealPath().startsWith(Path.of(volume.mountPoint()))).isTrue();

        Map<String, EntryRecord> entries = assertMatchesDisk();
        assertThat(entries.keySet()).isEqualTo(TREE);
        assertThat(entries.get("").name()).isEqualTo("Pictures");
        assertThat(entries.get("").parentUuid()).isNull();
        assertThat(entries.get("sub/deeper/d.txt").parentUuid()).isEqualTo(entries.get("sub/deeper").uuid());
        entries.values().forEach(e -> assertThat(e.locationUuid()).isEqualTo(location.uuid()));
    }

    @Test
    void identicalFilesShareOneContentIdentityAndEmptyFilesAndDirectoriesHaveNone() throws IOException {
        createTree();

        index();

        Map<String, EntryRecord> entries = entriesByPath();
        UUID hello = entries.get("a.txt").contentUuid();
        assertThat(hello).isEqualTo(Ids.fromDigest(sha256("hello".getBytes(StandardCharsets.UTF_8))));
        assertThat(entries.get("b.txt").contentUuid()).isEqualTo(hello);
        assertThat(entries.get("empty.txt").contentUuid()).isNull();
        assertThat(entries.get("sub").contentUuid()).isNull();
        assertThat(entries.get("sub/c.bin").contentUuid()).isNotNull().isNotEqualTo(hello);
        assertThat(entries.get("sub/deeper/d.txt").contentUuid()).isNotIn(hello, entries.get("sub/c.bin").contentUuid());

        assertThat(TestLibrary.sharedCount(store, ResourceType.CONTENT_IDENTITY)).isEqualTo(3);
        List<ContentIdentityRecord> contents = store.read(c -> Tables.CONTENT_IDENTITIES.list(c, null, 100));
        Map<UUID, ContentIdentityRecord> byId = contents.stream()
                .collect(Collectors.toMap(ContentIdentityRecord::uuid, Function.identity()));
        assertThat(byId.get(hello).size()).isEqualTo(5);
        assertThat(byId.get(hello).hash()).isEqualTo(sha256("hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(byId.get(entries.get("sub/c.bin").contentUuid()).size()).isEqualTo(BIG);
    }

    @Test
    void reindexingAnUnchangedFolderWritesAndHashesNothing() throws IOException {
        createTree();
        index();
        List<EntryRecord> before = TestLibrary.entries(store);
        TestReader reader = new TestReader();

        IndexReport again = new FolderIndexer(store, reader).index(folder, IndexListener.NONE);

        assertThat(again.added()).isZero();
        assertThat(again.updated()).isZero();
        assertThat(again.deleted()).isZero();
        assertThat(again.unchanged()).isEqualTo(9);
        assertThat(again.bytesHashed()).isZero();
        assertThat(reader.opens).as("no file is read again when size and time are unchanged").hasValue(0);
        assertThat(again.locationId()).isEqualTo(onlyLocation().uuid());
        assertThat(TestLibrary.entries(store)).as("same rows, same stamps").containsExactlyElementsOf(before);
        assertThat(TestLibrary.tombstones(store)).isEmpty();
        assertThat(store.count(owner, ResourceType.LOCATION)).isEqualTo(1);
        assertThat(store.count(owner, ResourceType.VOLUME)).isEqualTo(1);
    }

    @Test
    void reindexingWritesOnlyNewAndChangedEntriesAndTombstonesDeletedOnes() throws IOException {
        createTree();
        index();
        Map<String, EntryRecord> before = entriesByPath();
        List<UUID> removed = Stream.of("b.txt", "sub", "sub/c.bin", "sub/deeper", "sub/deeper/d.txt")
                .map(p -> before.get(p).uuid()).toList();

        write("a.txt", "hello, changed");
        Files.setLastModifiedTime(folder.resolve("a.txt"), LATER);
        write("new.txt", "new");
        Files.delete(folder.resolve("b.txt"));
        deleteTree(folder.resolve("sub"));
        // Adding and removing children changed the root's time too; pin it so the expected counts are exact.
        Files.setLastModifiedTime(folder, LATER);

        IndexReport report = index();

        assertThat(report.added()).as("new.txt").isEqualTo(1);
        assertThat(report.updated()).as("a.txt and the root directory").isEqualTo(2);
        assertThat(report.deleted()).as("b.txt and sub with its three descendants").isEqualTo(5);
        assertThat(report.unchanged()).as("empty.txt and emptydir").isEqualTo(2);
        assertThat(store.count(owner, ResourceType.ENTRY)).isEqualTo(9 + 1 - 5);

        Map<String, EntryRecord> after = assertMatchesDisk();
        assertThat(after.keySet()).containsExactlyInAnyOrder("", "a.txt", "empty.txt", "emptydir", "new.txt");
        assertThat(after.get("a.txt").uuid()).as("an updated entry keeps its identity").isEqualTo(before.get("a.txt").uuid());
        assertThat(after.get("a.txt").contentUuid())
                .isEqualTo(Ids.fromDigest(sha256("hello, changed".getBytes(StandardCharsets.UTF_8))));
        assertThat(after.get("a.txt").stamp()).isGreaterThan(before.get("a.txt").stamp());
        assertThat(after.get("emptydir")).as("unchanged rows are not rewritten").isEqualTo(before.get("emptydir"));

        List<Tombstone> tombstones = TestLibrary.tombstones(store);
        assertThat(tombstones).extracting(Tombstone::uuid).containsExactlyInAnyOrderElementsOf(removed);
        assertThat(tombstones).allSatisfy(t -> {
            assertThat(t.type()).isEqualTo(ResourceType.ENTRY);
            assertThat(t.owner()).isEqualTo(owner);
        });
        assertThat(TestLibrary.entries(store)).extracting(EntryRecord::uuid).doesNotContainAnyElementsOf(removed);
        // One delete per vanished row, served with the entry rows, and nothing left pointing at a removed row.
        LibraryStore.OwnedChanges changes = store.changes(owner, ResourceType.ENTRY, io.tidemark.engine.model.Cursor.START, null, 100);
        assertThat(changes.deleted()).hasSize(5);
        assertThat(changes.records()).hasSize(5);
        assertThat(io.tidemark.engine.store.library.LibraryChecks.run(store))
                .allSatisfy(f -> assertThat(f.ok()).as(f.check() + ": " + f.detail()).isTrue());
    }

    @Test
    void aTouchedFileIsHashedAgainAndUpdatedWithTheSameContent() throws IOException {
        createTree();
        index();
        EntryRecord before = entriesByPath().get("a.txt");
        Files.setLastModifiedTime(folder.resolve("a.txt"), LATER);
        TestReader reader = new TestReader();

        IndexReport report = new FolderIndexer(store, reader).index(folder, IndexListener.NONE);

        assertThat(report.updated()).isEqualTo(1);
        assertThat(report.unchanged()).isEqualTo(8);
        assertThat(reader.opens).hasValue(1);
        EntryRecord after = entriesByPath().get("a.txt");
        assertThat(after.modifiedAtMillis()).isEqualTo(LATER.toMillis());
        assertThat(after.contentUuid()).isEqualTo(before.contentUuid());
        assertThat(TestLibrary.sharedCount(store, ResourceType.CONTENT_IDENTITY)).isEqualTo(3);
    }

    @Test
    void aFileReplacedByADirectoryKeepsItsEntryWithTheNewKind() throws IOException {
        createTree();
        FileTime rootTime = Files.getLastModifiedTime(folder);
        index();
        UUID id = entriesByPath().get("a.txt").uuid();
        Files.delete(folder.resolve("a.txt"));
        Files.createDirectory(folder.resolve("a.txt"));
        write("a.txt/inside.txt", "x");
        Files.setLastModifiedTime(folder, rootTime);

        IndexReport report = index();

        assertThat(report.updated()).isEqualTo(1);
        assertThat(report.added()).isEqualTo(1);
        assertThat(report.deleted()).isZero();
        Map<String, EntryRecord> after = assertMatchesDisk();
        assertThat(after.get("a.txt").uuid()).isEqualTo(id);
        assertThat(after.get("a.txt").kind()).isEqualTo(EntryKind.DIRECTORY);
        assertThat(after.get("a.txt").contentUuid()).isNull();
        assertThat(after.get("a.txt/inside.txt").parentUuid()).isEqualTo(id);
    }

    @Test
    void symlinksAreRecordedAsLinksAndNeverFollowedSoLoopsEnd() throws IOException {
        write("a.txt", "hello");
        Path dir = Files.createDirectory(folder.resolve("dir"));
        try {
            Files.createSymbolicLink(dir.resolve("loop"), Path.of(".."));
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "this file system cannot create symbolic links: " + e);
        }
        Files.createSymbolicLink(folder.resolve("link-to-a"), Path.of("a.txt"));
        Files.createSymbolicLink(folder.resolve("outside"), temp);

        IndexReport report = index();

        assertThat(report.added()).as("root, a.txt, dir, dir/loop, link-to-a, outside").isEqualTo(6);
        assertThat(report.skipped()).isEmpty();
        Map<String, EntryRecord> entries = assertMatchesDisk();
        for (String link : List.of("dir/loop", "link-to-a", "outside")) {
            EntryRecord e = entries.get(link);
            assertThat(e.kind()).as(link).isEqualTo(EntryKind.SYMLINK);
            assertThat(e.size()).as(link).isZero();
            assertThat(e.contentUuid()).as(link).isNull();
        }
        Set<UUID> links = Set.of(entries.get("dir/loop").uuid(), entries.get("outside").uuid());
        assertThat(entries.values()).noneMatch(e -> e.parentUuid() != null && links.contains(e.parentUuid()));
        assertThat(index().unchanged()).as("and a second run agrees").isEqualTo(6);
    }

    @Test
    void aFileThatCannotBeReadIsReportedAndRecordedWithoutContentAndTheRestIsIndexed() throws IOException {
        createTree();
        write("secret.txt", "top secret");
        TestReader denying = new TestReader("secret.txt");

        IndexReport report = new FolderIndexer(store, denying).index(folder, IndexListener.NONE);

        assertThat(report.added()).isEqualTo(10);
        assertThat(report.skipped()).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo(folder.toRealPath().resolve("secret.txt").toString());
            assertThat(s.reason()).contains("without content").contains("permission denied");
        });
        Map<String, EntryRecord> entries = assertMatchesDisk();
        assertThat(entries.get("secret.txt").contentUuid()).isNull();
        assertThat(entries.get("secret.txt").size()).isEqualTo(10);
        assertThat(entries.get("a.txt").contentUuid()).isNotNull();

        IndexReport stillDenied = new FolderIndexer(store, denying).index(folder, IndexListener.NONE);
        assertThat(stillDenied.unchanged()).isEqualTo(10);
        assertThat(stillDenied.skipped()).hasSize(1);

        IndexReport readable = index();
        assertThat(readable.updated()).as("the content is filled in once the file can be read").isEqualTo(1);
        assertThat(readable.skipped()).isEmpty();
        assertThat(entriesByPath().get("secret.txt").contentUuid())
                .isEqualTo(Ids.fromDigest(sha256("top secret".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void withoutPermissionsAFileIsRecordedWithoutContentAndADirectoryKeepsItsEarlierEntries() throws IOException {
        assumeTrue(folder.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        createTree();
        index();
        Path secret = folder.resolve("a.txt");
        Path locked = folder.resolve("sub");
        // A new time makes the indexer hash a.txt again; set it while the file can still be opened.
        Files.setLastModifiedTime(secret, LATER);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            // Root reads everything whatever the mode bits, so this only proves something for other users.
            assumeFalse(Files.isReadable(secret), "running with privileges that ignore file permissions");

            IndexReport report = index();

            assertThat(report.skipped()).extracting(SkippedPath::path).containsExactlyInAnyOrder(
                    folder.toRealPath().resolve("a.txt").toString(), folder.toRealPath().resolve("sub").toString());
            assertThat(report.deleted()).as("entries below an unlistable directory are kept").isZero();
            assertThat(report.updated()).as("a.txt: new time, no content").isEqualTo(1);
            assertThat(report.unchanged()).isEqualTo(8);
            Map<String, EntryRecord> entries = entriesByPath();
            assertThat(entries.keySet()).isEqualTo(TREE);
            assertThat(entries.get("a.txt").contentUuid()).isNull();
        } finally {
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aPipeIsSkippedWithoutBlockingTheScan() throws IOException, InterruptedException {
        write("a.txt", "hello");
        Path fifo = folder.resolve("pipe");
        int exit;
        try {
            exit = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor();
        } catch (IOException e) {
            exit = -1;
        }
        assumeTrue(exit == 0 && Files.exists(fifo), "mkfifo is available");

        IndexReport report = index();

        assertThat(report.added()).as("root and a.txt").isEqualTo(2);
        assertThat(report.skipped()).singleElement().satisfies(s -> {
            assertThat(s.path()).endsWith("pipe");
            assertThat(s.reason()).contains("not a regular file");
        });
        assertThat(entriesByPath().keySet()).containsExactlyInAnyOrder("", "a.txt");
    }

    @Test
    void aFileThatVanishesDuringTheScanIsReportedAndItsOldEntryDeleted() throws IOException {
        createTree();
        index();
        UUID b = entriesByPath().get("b.txt").uuid();
        write("a.txt", "hello again");
        Files.setLastModifiedTime(folder.resolve("a.txt"), LATER);
        FileTime rootTime = Files.getLastModifiedTime(folder);
        // a.txt is hashed after the root was listed and before b.txt is visited: delete b.txt in between.
        ContentReader deletingB = file -> {
            if (file.getFileName().toString().equals("a.txt")) {
                Files.delete(folder.resolve("b.txt"));
            }
            return ContentReader.FILES.open(file);
        };

        IndexReport report = new FolderIndexer(store, deletingB).index(folder, IndexListener.NONE);

        assertThat(report.skipped()).singleElement().satisfies(s -> {
            assertThat(s.path()).endsWith("b.txt");
            assertThat(s.reason()).contains("vanished");
        });
        assertThat(report.updated()).isEqualTo(1);
        assertThat(report.deleted()).isEqualTo(1);
        assertThat(report.unchanged()).isEqualTo(7);
        assertThat(TestLibrary.tombstones(store)).extracting(Tombstone::uuid).containsExactly(b);
        Files.setLastModifiedTime(folder, rootTime);
        assertThat(index().unchanged()).isEqualTo(8);
    }

    @Test
    void rowsOfALaterBatchHaveGreaterStampsAndParentsNeverCommitAfterTheirChildren() throws IOException {
        createTree();
        for (int i = 0; i < 20; i++) {
            write("sub/deeper/f" + i + ".txt", "file " + i);
        }

        IndexReport report = new FolderIndexer(store, ContentReader.FILES, 4, Duration.ofMillis(100))
                .index(folder, IndexListener.NONE);

        assertThat(report.added()).isEqualTo(29);
        Map<String, EntryRecord> entries = assertMatchesDisk();
        // Walk order: pre-order with children by name. A later batch must carry a greater stamp.
        List<String> walkOrder = new ArrayList<>(entries.keySet());
        walkOrder.sort(FolderIndexerTest::preOrder);
        long distinctStamps = entries.values().stream().mapToLong(EntryRecord::stamp).distinct().count();
        assertThat(distinctStamps).as("several batches").isGreaterThanOrEqualTo(5);
        for (int i = 1; i < walkOrder.size(); i++) {
            assertThat(entries.get(walkOrder.get(i)).stamp()).as(walkOrder.get(i))
                    .isGreaterThanOrEqualTo(entries.get(walkOrder.get(i - 1)).stamp());
        }
        Map<UUID, EntryRecord> byId = entries.values().stream()
                .collect(Collectors.toMap(EntryRecord::uuid, Function.identity()));
        entries.values().stream().filter(e -> e.parentUuid() != null)
                .forEach(e -> assertThat(byId.get(e.parentUuid()).stamp()).isLessThanOrEqualTo(e.stamp()));
        assertThat(onlyLocation().stamp()).isLessThanOrEqualTo(entries.get("").stamp());
    }

    /** Compares relative paths as a pre-order walk with children sorted by name visits them. */
    private static int preOrder(String a, String b) {
        String[] x = a.isEmpty() ? new String[0] : a.split("/");
        String[] y = b.isEmpty() ? new String[0] : b.split("/");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    @Test
    void progressCountsEntriesAndHashedBytesAndEndsWithTheTotal() throws IOException {
        createTree();
        List<IndexProgress> progress = new ArrayList<>();

        IndexReport report = new FolderIndexer(store, ContentReader.FILES, 10_000, Duration.ZERO)
                .index(folder, progress::add);

        assertThat(progress).hasSize(9 + 1);
        for (int i = 0; i < 9; i++) {
            assertThat(progress.get(i).entriesSeen()).isEqualTo(i + 1);
            assertThat(progress.get(i).entriesTotal()).as("unknown while walking").isEqualTo(-1);
            assertThat(progress.get(i).fraction()).isEqualTo(-1);
        }
        IndexProgress last = progress.get(9);
        assertThat(last.entriesSeen()).isEqualTo(9);
        assertThat(last.entriesTotal()).isEqualTo(9);
        assertThat(last.fraction()).isEqualTo(1.0);
        assertThat(last.bytesHashed()).isEqualTo(report.bytesHashed());
        assertThat(progress).extracting(IndexProgress::bytesHashed).isSorted();
    }

    @Test
    void aCancelledRunKeepsACommittedTreeDeletesNothingAndTheNextRunFinishes() throws IOException {
        createTree();
        index();
        Files.delete(folder.resolve("b.txt"));
        for (int i = 0; i < 30; i++) {
            write("more-" + i + ".txt", "more " + i);
        }
        AtomicInteger polls = new AtomicInteger();

        assertThatThrownBy(() -> new FolderIndexer(store, ContentReader.FILES, 5, Duration.ofMillis(100))
                .index(folder, IndexListener.NONE, () -> polls.incrementAndGet() > 12))
                .isInstanceOfSatisfying(IndexCancelledException.class, e -> {
                    assertThat(e.partial().deleted()).isZero();
                    // 11 paths visited in name order: root, a.txt, empty.txt, emptydir and seven more-*.txt.
                    assertThat(e.partial().added()).isEqualTo(7);
                    assertThat(e.partial().updated()).as("the root, whose time changed").isEqualTo(1);
                });
        assertThat(TestLibrary.tombstones(store)).as("nothing deleted by a cancelled run").isEmpty();
        TestLibrary.assertTree(TestLibrary.entries(store));
        assertThat(store.count(owner, ResourceType.ENTRY)).isEqualTo(9 + 7);

        IndexReport rest = index();
        assertThat(rest.added()).isEqualTo(30 - 7);
        assertThat(rest.deleted()).isEqualTo(1);
        assertMatchesDisk();
    }

    @Test
    void cancelBeforeTheStartStopsThatRunOnlyAndAnInterruptCancelsToo() throws IOException {
        createTree();
        FolderIndexer indexer = new FolderIndexer(store);

        indexer.cancel();
        assertThatThrownBy(() -> indexer.index(folder, IndexListener.NONE)).isInstanceOf(IndexCancelledException.class);
        assertThat(store.count(owner, ResourceType.ENTRY)).isZero();

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> indexer.index(folder, IndexListener.NONE))
                    .isInstanceOf(IndexCancelledException.class);
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt is left for the caller to see").isTrue();
        }

        assertThat(indexer.index(folder, IndexListener.NONE).added()).isEqualTo(9);
    }

    @Test
    void theSameFolderByAnotherPathIsTheSameLocationAndFoldersOnOneDiskShareTheVolume() throws IOException {
        createTree();
        index();
        Path other = Files.createDirectory(temp.resolve("Music"));
        Files.writeString(other.resolve("song.mp3"), "la la");

        IndexReport viaDots = new FolderIndexer(store).index(temp.resolve("Music/../Pictures/."), IndexListener.NONE);
        IndexReport music = new FolderIndexer(store).index(other, IndexListener.NONE);

        assertThat(viaDots.locationId()).isEqualTo(index().locationId());
        assertThat(viaDots.unchanged()).isEqualTo(9);
        assertThat(music.locationId()).isNotEqualTo(viaDots.locationId());
        assertThat(music.added()).isEqualTo(2);
        assertThat(store.count(owner, ResourceType.LOCATION)).isEqualTo(2);
        assertThat(store.count(owner, ResourceType.VOLUME)).isEqualTo(1);
        assertThat(store.count(owner, ResourceType.ENTRY)).isEqualTo(11);
        Map<UUID, Long> perLocation = new HashMap<>();
        TestLibrary.entries(store).forEach(e -> perLocation.merge(e.locationUuid(), 1L, Long::sum));
        assertThat(perLocation).containsEntry(viaDots.locationId(), 9L).containsEntry(music.locationId(), 2L);
    }

    @Test
    void refusesWhatIsNotAnExistingDirectory() throws IOException {
        write("a.txt", "hello");
        FolderIndexer indexer = new FolderIndexer(store);

        assertThatIllegalArgumentException().isThrownBy(() -> indexer.index(folder.resolve("missing"), IndexListener.NONE))
                .withMessageContaining("does not exist");
        assertThatIllegalArgumentException().isThrownBy(() -> indexer.index(folder.resolve("a.txt"), IndexListener.NONE))
                .withMessageContaining("not a directory");
        assertThat(store.count(owner, ResourceType.LOCATION)).isZero();
    }

    @Test
    void theMountPointIsAnAncestorOfTheFolder() throws IOException {
        Path real = folder.toRealPath();
        String mountPoint = FolderIndexer.mountPointOf(real, Files.getFileStore(real));
        assertThat(real.startsWith(Path.of(mountPoint))).isTrue();
        assertThat(Files.getFileStore(Path.of(mountPoint))).isEqualTo(Files.getFileStore(real));
        assertThat(FolderIndexer.describe(new AccessDeniedException("/x"))).isEqualTo("permission denied");
        assertThat(FolderIndexer.describe(new IOException("disk on fire"))).isEqualTo("disk on fire");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
