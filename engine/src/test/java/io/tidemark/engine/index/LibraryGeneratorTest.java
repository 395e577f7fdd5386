package io.tidemark.engine.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.tidemark.engine.model.ContentIdentityRecord;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.library.Tables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LibraryGeneratorTest {

    @TempDir
    Path temp;
    private LibraryStore store;
    private UUID owner;

    @BeforeEach
    void setUp() {
        store = TestLibrary.create(temp);
        owner = TestLibrary.owner(store);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private GenerateReport generate(int locations, long entries, long seed) {
        return new LibraryGenerator(store).generate(new GenerateOptions(locations, entries, 4, 3, seed));
    }

    private List<ContentIdentityRecord> contentIdentities() {
        List<ContentIdentityRecord> all = new ArrayList<>();
        while (true) {
            UUID after = afterOf(all);
            List<ContentIdentityRecord> page = store.read(c -> Tables.CONTENT_IDENTITIES.list(c, after, 5_000));
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
        }
    }

    private static UUID afterOf(List<ContentIdentityRecord> rows) {
        return rows.isEmpty() ? null : rows.get(rows.size() - 1).uuid();
    }

    /** Checks everything the library holds against the generator's own counts (one run, or the sum of runs). */
    private void assertConsistent(long entries, long files, long contents, long tagAssignments, long collectionItems) {
        List<EntryRecord> all = TestLibrary.entries(store);
        assertThat(all).hasSize((int) entries);
        assertThat(store.count(owner, ResourceType.ENTRY)).isEqualTo(entries);
        assertThat(all.stream().filter(e -> e.kind() == EntryKind.FILE).count()).isEqualTo(files);
        assertThat(all).allSatisfy(e -> assertThat(e.owner()).isEqualTo(owner));
        for (LocationRecord location : TestLibrary.locations(store)) {
            List<EntryRecord> own = all.stream().filter(e -> e.locationUuid().equals(location.uuid())).toList();
            TestLibrary.assertTree(own);
            assertThat(own.stream().filter(e -> e.parentUuid() == null).findFirst().orElseThrow().name())
                    .isEqualTo(location.name());
        }
        assertThat(TestLibrary.sharedCount(store, ResourceType.CONTENT_IDENTITY)).isEqualTo(contents);
        assertThat(TestLibrary.sharedCount(store, ResourceType.TAG_ASSIGNMENT)).isEqualTo(tagAssignments);
        assertThat(TestLibrary.sharedCount(store, ResourceType.COLLECTION_ITEM)).isEqualTo(collectionItems);
        Map<UUID, ContentIdentityRecord> byId = contentIdentities().stream()
                .collect(Collectors.toMap(ContentIdentityRecord::uuid, Function.identity()));
        for (EntryRecord e : all) {
            if (e.kind() == EntryKind.FILE && e.size() > 0) {
                assertThat(byId.get(e.contentUuid())).as("content of %s", e.name()).isNotNull()
                        .extracting(ContentIdentityRecord::size).isEqualTo(e.size());
                assertThat(e.contentUuid()).isEqualTo(Ids.fromDigest(byId.get(e.contentUuid()).hash()));
            } else {
                assertThat(e.contentUuid()).as("content of %s", e.name()).isNull();
            }
        }
    }

    @ParameterizedTest(name = "--locations {0} --entries {1}")
    @CsvSource({"1, 1", "1, 37", "3, 37", "3, 10001", "5, 5", "2, 20001"})
    void addsExactlyTheRequestedLocationsAndEntries(int locations, long entries) {
        GenerateReport report = generate(locations, entries, 42);

        assertThat(report.locations()).isEqualTo(locations);
        assertThat(report.volumes()).isEqualTo(1);
        assertThat(report.entries()).isEqualTo(entries);
        assertThat(report.directories() + report.files()).isEqualTo(entries);
        assertThat(report.directories()).as("at least the roots").isGreaterThanOrEqualTo(locations);
        assertThat(report.tags()).isEqualTo(4);
        assertThat(report.collections()).isEqualTo(3);
        assertThat(store.count(owner, ResourceType.LOCATION)).isEqualTo(locations);
        assertThat(store.count(owner, ResourceType.VOLUME)).isEqualTo(1);
        assertThat(TestLibrary.sharedCount(store, ResourceType.TAG)).isEqualTo(4);
        assertThat(TestLibrary.sharedCount(store, ResourceType.COLLECTION)).isEqualTo(3);
        assertConsistent(entries, report.files(), report.contentIdentities(), report.tagAssignments(),
                report.collectionItems());

        List<LocationRecord> created = TestLibrary.locations(store);
        assertThat(report.locationIds()).containsExactlyInAnyOrderElementsOf(
                created.stream().map(LocationRecord::uuid).toList());
        assertThat(created).extracting(LocationRecord::name).doesNotHaveDuplicates();
        Map<UUID, Long> perLocation = TestLibrary.entries(store).stream()
                .collect(Collectors.groupingBy(EntryRecord::locationUuid, Collectors.counting()));
        assertThat(perLocation.values()).as("spread evenly")
                .allSatisfy(n -> assertThat(n).isBetween(entries / locations, entries / locations + 1));
        assertThat(perLocation.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(entries);
    }

    @Test
    void runningTwiceLeavesBothSets() {
        GenerateReport first = generate(3, 10_001, 42);
        GenerateReport second = generate(3, 10_001, 42);

        assertThat(second.entries()).isEqualTo(first.entries());
        assertThat(second.locationIds()).doesNotContainAnyElementsOf(first.locationIds());
        assertThat(store.count(owner, ResourceType.LOCATION)).isEqualTo(6);
        assertThat(store.count(owner, ResourceType.VOLUME)).isEqualTo(2);
        assertThat(TestLibrary.sharedCount(store, ResourceType.TAG)).isEqualTo(8);
        assertThat(TestLibrary.sharedCount(store, ResourceType.COLLECTION)).isEqualTo(6);
        assertThat(first.contentIdentities()).isEqualTo(second.contentIdentities());
        assertConsistent(20_002, first.files() + second.files(), 2 * first.contentIdentities(),
                2 * first.tagAssignments(), 2 * first.collectionItems());
        assertThat(TestLibrary.locations(store)).extracting(LocationRecord::path).doesNotHaveDuplicates();
    }

    /** What a run's entries look like apart from their identities: path, kind, size and time. */
    private List<String> shapes(GenerateReport report) {
        List<String> shapes = new ArrayList<>();
        Map<UUID, LocationRecord> locations = TestLibrary.locations(store).stream()
                .collect(Collectors.toMap(LocationRecord::uuid, Function.identity()));
        for (UUID location : report.locationIds()) {
            List<EntryRecord> entries = TestLibrary.entriesOf(store, location);
            Map<UUID, String> paths = TestLibrary.assertTree(entries);
            for (EntryRecord e : entries) {
                shapes.add(locations.get(location).name() + ":" + paths.get(e.uuid()) + " " + e.kind() + " " + e.size()
                        + " " + e.modifiedAtMillis() + " " + (e.contentUuid() == null ? "-" : "c"));
            }
        }
        shapes.sort(null);
        return shapes;
    }

    /** How many files share each content identity, as a sorted list: the duplicate structure of a run. */
    private List<Long> sharing(GenerateReport report) {
        Set<UUID> locations = new HashSet<>(report.locationIds());
        return TestLibrary.entries(store).stream()
                .filter(e -> locations.contains(e.locationUuid()) && e.contentUuid() != null)
                .collect(Collectors.groupingBy(EntryRecord::contentUuid, Collectors.counting()))
                .values().stream().sorted().toList();
    }

    @Test
    void theSameSeedGivesTheSameShapesWithFreshIdentities() {
        GenerateReport first = generate(3, 2_000, 7);
        GenerateReport second = generate(3, 2_000, 7);
        GenerateReport other = generate(3, 2_000, 8);

        assertThat(shapes(second)).isEqualTo(shapes(first));
        assertThat(sharing(second)).isEqualTo(sharing(first));
        assertThat(second.tagAssignments()).isEqualTo(first.tagAssignments());
        assertThat(second.collectionItems()).isEqualTo(first.collectionItems());
        assertThat(second.bytes()).isEqualTo(first.bytes());
        assertThat(shapes(other)).isNotEqualTo(shapes(first));

        Set<UUID> firstIds = TestLibrary.entries(store).stream()
                .filter(e -> first.locationIds().contains(e.locationUuid())).map(EntryRecord::uuid)
                .collect(Collectors.toSet());
        assertThat(TestLibrary.entries(store)).filteredOn(e -> second.locationIds().contains(e.locationUuid()))
                .extracting(EntryRecord::uuid).doesNotContainAnyElementsOf(firstIds);
    }

    @Test
    void withoutLocationsTheEntriesGoIntoTheExistingLocation() {
        GenerateReport first = generate(1, 20, 1);

        GenerateReport second = new LibraryGenerator(store).generate(new GenerateOptions(0, 50, 0, 0, 2));

        assertThat(second.locations()).isZero();
        assertThat(second.volumes()).isZero();
        assertThat(second.entries()).isEqualTo(50);
        assertThat(second.locationIds()).isEqualTo(first.locationIds());
        assertThat(store.count(owner, ResourceType.LOCATION)).isEqualTo(1);
        assertThat(store.count(owner, ResourceType.ENTRY)).isEqualTo(70);
        assertThat(second.directories()).as("the root exists already, so not counted again")
                .isEqualTo(TestLibrary.entries(store).stream().filter(e -> e.kind() == EntryKind.DIRECTORY).count()
                        - first.directories());
        TestLibrary.assertTree(TestLibrary.entries(store));
    }

    @Test
    void withoutLocationsTheEntriesAreSpreadOverAllExistingOnesAndMissingRootsAreCreated() {
        generate(2, 2, 1); // two locations holding only their roots
        LocationRecord bare = new LocationRecord(Ids.newId(), owner, 0, null, "/data/bare", "bare");
        store.writeLocal(tx -> {
            tx.put(bare);
            return null;
        });

        GenerateReport report = new LibraryGenerator(store).generate(new GenerateOptions(0, 31, 0, 0, 3));

        assertThat(report.locations()).isZero();
        assertThat(report.locationIds()).hasSize(3).contains(bare.uuid());
        assertThat(store.count(owner, ResourceType.ENTRY)).isEqualTo(2 + 31);
        Map<UUID, Long> perLocation = TestLibrary.entries(store).stream()
                .collect(Collectors.groupingBy(EntryRecord::locationUuid, Collectors.counting()));
        assertThat(perLocation.get(bare.uuid())).as("its new root included").isEqualTo(10);
        assertThat(perLocation.values()).containsExactlyInAnyOrder(1L + 11, 1L + 10, 10L);
        for (LocationRecord location : TestLibrary.locations(store)) {
            TestLibrary.assertTree(TestLibrary.entriesOf(store, location.uuid()));
        }
    }

    @Test
    void withoutLocationsInAnEmptyLibraryOneLocationIsCreated() {
        GenerateReport report = new LibraryGenerator(store).generate(new GenerateOptions(0, 37, 0, 0, 5));

        assertThat(report.locations()).isEqualTo(1);
        assertThat(report.volumes()).isEqualTo(1);
        assertThat(store.count(owner, ResourceType.LOCATION)).isEqualTo(1);
        assertConsistent(37, report.files(), report.contentIdentities(), 0, 0);
    }

    @Test
    void namesThatAreTakenGetANumberBeforeTheExtension() {
        SyntheticShapes.DirectoryNames names = new SyntheticShapes.DirectoryNames(new HashSet<>(Set.of("Photos")));

        assertThat(names.unique("IMG_0001", ".jpg")).isEqualTo("IMG_0001.jpg");
        assertThat(names.unique("IMG_0001", ".jpg")).isEqualTo("IMG_0001 (2).jpg");
        assertThat(names.unique("IMG_0001", ".jpg")).isEqualTo("IMG_0001 (3).jpg");
        assertThat(names.unique("Photos", "")).isEqualTo("Photos (2)");
    }

    @Test
    void treesLookLikeADisk() {
        GenerateReport report = generate(1, 10_001, 11);
        List<EntryRecord> entries = TestLibrary.entries(store);
        Map<UUID, EntryRecord> byId = entries.stream().collect(Collectors.toMap(EntryRecord::uuid, Function.identity()));

        Map<Integer, Long> directoriesByDepth = new HashMap<>();
        for (EntryRecord e : entries) {
            if (e.kind() == EntryKind.DIRECTORY) {
                int depth = 0;
                for (EntryRecord at = e; at.parentUuid() != null; at = byId.get(at.parentUuid())) {
                    depth++;
                }
                directoriesByDepth.merge(depth, 1L, Long::sum);
            }
        }
        assertThat(directoriesByDepth.keySet()).as("nesting 1 to 6 below the root").contains(0, 1, 2, 3)
                .allSatisfy(depth -> assertThat(depth).isBetween(0, LibraryGenerator.MAX_DEPTH));
        assertThat((double) report.directories() / report.entries()).isBetween(0.03, 0.4);
        List<EntryRecord> files = entries.stream().filter(e -> e.kind() == EntryKind.FILE).toList();
        assertThat(files).allSatisfy(f -> assertThat(f.name()).matches(".+\\.[a-z0-9.]+"));
        assertThat(files.stream().map(f -> f.name().substring(f.name().indexOf('.') + 1)).distinct().count())
                .isGreaterThan(20);
        assertThat(files.stream().mapToLong(EntryRecord::size).distinct().count()).isGreaterThan(files.size() / 2);
        assertThat(entries).allSatisfy(e -> assertThat(e.modifiedAtMillis())
                .isBetween(SyntheticShapes.OLDEST_MILLIS, SyntheticShapes.ANCHOR_MILLIS));
        long years = entries.stream().map(e -> e.modifiedAtMillis() / SyntheticShapes.YEAR_MILLIS).distinct().count();
        assertThat(years).as("times spread over years").isGreaterThanOrEqualTo(4);
        assertThat(report.duplicateFiles()).isPositive();
        assertThat(sharing(report)).as("some content is shared by several files").anySatisfy(n -> assertThat(n).isGreaterThan(1));
        assertThat(files.stream().filter(f -> f.size() == 0).count()).as("a few empty files").isPositive();
        assertThat(report.tagAssignments()).isPositive();
        assertThat(report.collectionItems()).isPositive();
    }

    @Test
    void batchesCommitParentsAndContentNoLaterThanWhatRefersToThem() {
        new LibraryGenerator(store, 100).generate(new GenerateOptions(2, 3_000, 2, 2, 9));

        List<EntryRecord> entries = TestLibrary.entries(store);
        Map<UUID, EntryRecord> byId = entries.stream().collect(Collectors.toMap(EntryRecord::uuid, Function.identity()));
        Map<UUID, ContentIdentityRecord> contents = contentIdentities().stream()
                .collect(Collectors.toMap(ContentIdentityRecord::uuid, Function.identity()));
        assertThat(entries.stream().mapToLong(EntryRecord::stamp).distinct().count()).isGreaterThan(20);
        for (EntryRecord e : entries) {
            if (e.parentUuid() != null) {
                assertThat(byId.get(e.parentUuid()).stamp()).isLessThanOrEqualTo(e.stamp());
            }
            if (e.contentUuid() != null) {
                assertThat(contents.get(e.contentUuid()).hlc()).isLessThanOrEqualTo(e.stamp());
            }
        }
    }

    @Test
    void tagsAndCollectionsAloneAreFine() {
        GenerateReport report = new LibraryGenerator(store).generate(new GenerateOptions(0, 0, 2, 1, 1));

        assertThat(report.entries()).isZero();
        assertThat(report.locations()).isZero();
        assertThat(TestLibrary.sharedCount(store, ResourceType.TAG)).isEqualTo(2);
        assertThat(TestLibrary.sharedCount(store, ResourceType.COLLECTION)).isEqualTo(1);
        assertThat(store.count(owner, ResourceType.LOCATION)).isZero();
    }

    @Test
    void refusesFewerEntriesThanLocationsAndNegativeCounts() {
        assertThatIllegalArgumentException().isThrownBy(() -> new GenerateOptions(3, 2, 0, 0, 1))
                .withMessageContaining("root directory entry");
        assertThatIllegalArgumentException().isThrownBy(() -> new GenerateOptions(0, -1, 0, 0, 1));
    }
}
