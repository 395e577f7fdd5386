package io.tidemark.engine.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.Tombstone;
import io.tidemark.engine.store.library.LibraryChecks;
import io.tidemark.engine.store.library.LibraryStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tidemark remove}: what a path names leaves the library, with one tombstone per row, and nothing else does. */
class PathRemoverTest {

    @TempDir
    Path temp;
    private Path photos;
    private LibraryStore store;
    private UUID owner;

    /** photos/{a.txt, sub/{c.txt, deeper/d.txt}, music/m.txt}, indexed; music is also a location of its own. */
    @BeforeEach
    void setUp() throws IOException {
        photos = Files.createDirectory(temp.resolve("photos"));
        Files.createDirectories(photos.resolve("sub/deeper"));
        Files.createDirectories(photos.resolve("music"));
        for (String f : List.of("a.txt", "sub/c.txt", "sub/deeper/d.txt", "music/m.txt")) {
            Files.writeString(photos.resolve(f), f, StandardCharsets.UTF_8);
        }
        store = TestLibrary.create(temp);
        owner = TestLibrary.owner(store);
        new FolderIndexer(store).index(photos, IndexListener.NONE);
        new FolderIndexer(store).index(photos.resolve("music"), IndexListener.NONE);
        assertThat(store.count(owner, ResourceType.ENTRY)).as("8 in photos, 2 in music").isEqualTo(10);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private RemoveReport remove(Path path) {
        return new PathRemover(store).remove(path);
    }

    private LocationRecord location(Path root) throws IOException {
        String path = root.toRealPath().toString();
        return TestLibrary.locations(store).stream().filter(l -> l.path().equals(path)).findFirst().orElseThrow();
    }

    /** Entries of a location by path relative to it. */
    private Map<String, EntryRecord> entries(Path root) throws IOException {
        List<EntryRecord> entries = TestLibrary.entriesOf(store, location(root).uuid());
        Map<UUID, String> paths = TestLibrary.assertTree(entries);
        return entries.stream().collect(Collectors.toMap(e -> paths.get(e.uuid()), e -> e));
    }

    private void assertDoctorClean() {
        assertThat(LibraryChecks.run(store)).allSatisfy(f -> assertThat(f.ok()).as(f.check() + ": " + f.detail()).isTrue());
    }

    @Test
    void aFolderInsideALocationGoesWithEverythingBelowIt() throws IOException {
        Map<String, EntryRecord> before = entries(photos);
        List<UUID> doomed = List.of("sub", "sub/c.txt", "sub/deeper", "sub/deeper/d.txt").stream().map(p -> before.get(p).uuid()).toList();

        RemoveReport r = remove(photos.resolve("sub"));

        assertThat(r.wholeLocation()).isFalse();
        assertThat(r.relativePath()).isEqualTo("sub");
        assertThat(r.locationPath()).isEqualTo(photos.toRealPath().toString());
        assertThat(r.removed().counts()).isEqualTo(Map.of(ResourceType.ENTRY, 4));
        assertThat(TestLibrary.tombstones(store)).extracting(Tombstone::uuid).containsExactlyInAnyOrderElementsOf(doomed);
        assertThat(entries(photos).keySet()).containsExactlyInAnyOrder("", "a.txt", "music", "music/m.txt");
        assertThat(Files.exists(photos.resolve("sub/deeper/d.txt"))).as("files on disk stay").isTrue();
        assertDoctorClean();

        IndexReport again = new FolderIndexer(store).index(photos, IndexListener.NONE);
        assertThat(again.added()).as("still on disk: the next index run brings it back").isEqualTo(4);
    }

    @Test
    void aLocationRootTakesTheWholeLocationEvenInsideAnother() throws IOException {
        RemoveReport r = remove(photos.resolve("music"));

        assertThat(r.wholeLocation()).isTrue();
        assertThat(r.removed().counts()).isEqualTo(Map.of(ResourceType.LOCATION, 1, ResourceType.ENTRY, 2));
        assertThat(TestLibrary.locations(store)).extracting(LocationRecord::path).containsExactly(photos.toRealPath().toString());
        assertThat(entries(photos)).as("the enclosing location's own entries stay").hasSize(8);
        assertThat(TestLibrary.tombstones(store)).hasSize(3);
        assertDoctorClean();

        RemoveReport nowAnEntry = remove(photos.resolve("music"));
        assertThat(nowAnEntry.wholeLocation()).isFalse();
        assertThat(nowAnEntry.removed().counts()).isEqualTo(Map.of(ResourceType.ENTRY, 2));

        RemoveReport rest = remove(photos);
        assertThat(rest.removed().counts()).isEqualTo(Map.of(ResourceType.LOCATION, 1, ResourceType.ENTRY, 6));
        assertThat(store.count(owner, ResourceType.ENTRY)).isZero();
        assertThat(store.count(owner, ResourceType.LOCATION)).isZero();
        assertThat(TestLibrary.tombstones(store)).hasSize(3 + 2 + 7);
        assertDoctorClean();
    }

    @Test
    void aPathGoneFromDiskCanStillBeRemovedByItsRecordedPath() throws IOException {
        Files.delete(photos.resolve("sub/deeper/d.txt"));
        Files.delete(photos.resolve("sub/deeper"));

        RemoveReport r = remove(photos.toRealPath().resolve("sub/deeper"));

        assertThat(r.removed().counts()).isEqualTo(Map.of(ResourceType.ENTRY, 2));
        assertThat(entries(photos).keySet()).doesNotContain("sub/deeper", "sub/deeper/d.txt").contains("sub/c.txt");
    }

    @Test
    void aLinkIsRemovedItselfNotWhatItPointsTo() throws IOException {
        Path link = photos.resolve("to-sub");
        try {
            Files.createSymbolicLink(link, photos.resolve("sub"));
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "symbolic links are not available here");
        }
        new FolderIndexer(store).index(photos, IndexListener.NONE);
        assertThat(entries(photos)).containsKey("to-sub");

        RemoveReport r = remove(link);

        assertThat(r.relativePath()).isEqualTo("to-sub");
        assertThat(r.removed().counts()).isEqualTo(Map.of(ResourceType.ENTRY, 1));
        assertThat(entries(photos).keySet()).doesNotContain("to-sub").contains("sub", "sub/c.txt");
    }

    @Test
    void aPathOutsideEveryLocationOrNotIndexedIsRefusedAndNothingChanges() throws IOException {
        Files.writeString(photos.resolve("new.txt"), "new since the last index", StandardCharsets.UTF_8);

        assertThatIllegalArgumentException().isThrownBy(() -> remove(temp.resolve("elsewhere")))
                .withMessageContaining("is not an indexed location or inside one; nothing was removed");
        assertThatIllegalArgumentException().isThrownBy(() -> remove(photos.resolve("new.txt")))
                .withMessageContaining("is inside the location " + photos.toRealPath())
                .withMessageContaining("nothing was removed");
        assertThat(TestLibrary.tombstones(store)).isEmpty();
        assertThat(store.count(owner, ResourceType.ENTRY)).isEqualTo(10);
    }
}
