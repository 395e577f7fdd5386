package io.tidemark.engine.store.library;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.model.CollectionItemRecord;
import io.tidemark.engine.model.CollectionRecord;
import io.tidemark.engine.model.ContentIdentityRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.KeySummary;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SharedItem;
import io.tidemark.engine.model.SharedVersion;
import io.tidemark.engine.model.SnapshotPosition;
import io.tidemark.engine.model.SyncOrder;
import io.tidemark.engine.model.TagAssignmentRecord;
import io.tidemark.engine.model.TagRecord;
import io.tidemark.engine.model.Tombstone;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared summaries (rows, deletes, digest over both with their origins) are kept by every
 * writer: local puts, updates, deletes and cascades, received rows and deletes in any order, twice,
 * and deletes that came without an origin. After every step each library's maintained summary is
 * what its rows and deletes scan to; once every library has every change, all summaries and all
 * held versions are equal, and a library that lacks something differs in exactly the buckets that
 * hold what it lacks.
 */
class SharedSummaryTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void maintainedSharedSummariesEqualScansAndConvergeOnEveryReplica(long seed) throws Exception {
        Random r = new Random(seed);
        List<LibraryStore> libraries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            libraries.add(TestLibraries.create(java.nio.file.Files.createDirectories(dir.resolve(seed + "-" + i))));
        }
        try {
            for (int step = 0; step < 120; step++) {
                LibraryStore at = libraries.get(r.nextInt(libraries.size()));
                if (r.nextInt(4) == 0) {
                    deliver(r, libraries.get(r.nextInt(libraries.size())), at, r.nextBoolean(), true);
                } else {
                    localWork(r, at);
                }
                for (LibraryStore l : libraries) {
                    assertMaintainedIsScanned(l, "seed " + seed + " step " + step);
                }
            }
            for (int round = 0; round < 2; round++) {
                for (LibraryStore from : libraries) {
                    for (LibraryStore to : libraries) {
                        if (from != to) {
                            deliver(r, from, to, false, false);
                        }
                    }
                }
            }
            for (ResourceType type : SyncOrder.shared()) {
                KeySummary first = libraries.get(0).sharedSummary(type);
                for (LibraryStore l : libraries) {
                    assertMaintainedIsScanned(l, "seed " + seed + " at the end");
                    assertThat(l.sharedSummary(type).sameAs(first)).as("%s of seed %d converge", type.plural(), seed).isTrue();
                    assertThat(Set.copyOf(l.sharedItems(type, 0, List.of(0))))
                            .isEqualTo(Set.copyOf(libraries.get(0).sharedItems(type, 0, List.of(0))));
                }
                assertThat(first.items()).as("the workload wrote %s", type.plural()).isPositive();
            }
            // What a snapshot serves (the pages a member reads) is exactly what the summaries count.
            for (LibraryStore l : libraries) {
                List<SharedVersion> served = l.sharedSnapshot(SnapshotPosition.START, 100_000).versions();
                for (ResourceType type : SyncOrder.shared()) {
                    Set<SharedItem> paged = new HashSet<>();
                    served.stream().filter(v -> v.type() == type)
                            .forEach(v -> paged.add(new SharedItem(v.uuid(), v.hlc(), v.origin(), v.isDelete())));
                    assertThat(paged).isEqualTo(Set.copyOf(l.sharedItems(type, 0, List.of(0))));
                    assertThat((long) paged.size()).isEqualTo(l.sharedSummary(type).items());
                }
            }
        } finally {
            libraries.forEach(LibraryStore::close);
        }
    }

    @Test
    void aLibraryLackingSomeVersionsDiffersInExactlyTheirBuckets() throws Exception {
        LibraryStore full = TestLibraries.create(java.nio.file.Files.createDirectories(dir.resolve("full")));
        LibraryStore partial = TestLibraries.create(java.nio.file.Files.createDirectories(dir.resolve("partial")));
        try {
            List<UUID> tags = new ArrayList<>();
            full.writeLocal(tx -> {
                for (int i = 0; i < 2_000; i++) {
                    UUID id = Ids.newId();
                    tags.add(id);
                    tx.putShared(new TagRecord(id, 0, "tag " + i, null));
                }
                return null;
            });
            full.writeLocal(tx -> {
                tx.delete(ResourceType.TAG, tags.get(0));
                return null;
            });
            List<SharedVersion> all = full.sharedSnapshot(SnapshotPosition.START, 10_000).versions();
            Set<UUID> left = new HashSet<>(List.of(tags.get(0), tags.get(7), tags.get(1_500)));
            partial.applyShared(all.stream().filter(v -> !left.contains(v.uuid())).toList());

            int bits = 8;
            long[] a = full.sharedBuckets(ResourceType.TAG, bits);
            long[] b = partial.sharedBuckets(ResourceType.TAG, bits);
            Set<Integer> differing = new HashSet<>();
            for (int i = 0; i < 1 << bits; i++) {
                if (a[2 * i] != b[2 * i] || a[2 * i + 1] != b[2 * i + 1]) {
                    differing.add(i);
                }
            }
            Set<Integer> expected = new HashSet<>();
            left.forEach(u -> expected.add(SharedItem.bucket(u, bits)));
            assertThat(differing).isEqualTo(expected);

            List<SharedItem> theirs = full.sharedItems(ResourceType.TAG, bits, List.copyOf(differing));
            Set<SharedItem> ours = Set.copyOf(partial.sharedItems(ResourceType.TAG, bits, List.copyOf(differing)));
            List<SharedItem> lacking = theirs.stream().filter(i -> !ours.contains(i)).toList();
            assertThat(lacking).extracting(SharedItem::uuid).containsExactlyInAnyOrderElementsOf(left);
            partial.applyShared(full.sharedVersionsOf(ResourceType.TAG, lacking));
            assertThat(partial.sharedSummary(ResourceType.TAG)).isEqualTo(full.sharedSummary(ResourceType.TAG));
            assertThat(partial.sharedSummary(ResourceType.TAG).deleted()).isEqualTo(1);
            assertThat(partial.sharedSummary(ResourceType.TAG).rows()).isEqualTo(1_999);
        } finally {
            full.close();
            partial.close();
        }
    }

    @Test
    void bucketsSpreadTimeOrderedIdsEvenly() {
        int[] counts = new int[256];
        for (int i = 0; i < 25_600; i++) {
            int b = SharedItem.bucket(Ids.newId(), 8);
            assertThat(b).isBetween(0, 255);
            counts[b]++;
        }
        // 100 expected per bucket: ids made in one burst share their leading bits, yet no bucket is empty or crowded.
        assertThat(java.util.Arrays.stream(counts).min().orElseThrow()).isGreaterThan(50);
        assertThat(java.util.Arrays.stream(counts).max().orElseThrow()).isLessThan(160);
        assertThat(SharedItem.bucket(Ids.newId(), 0)).isZero();
        assertThat(SharedItem.bucket(new UUID(-1L, -1L), 14)).isBetween(0, (1 << 14) - 1);
    }

    private static void assertMaintainedIsScanned(LibraryStore l, String when) {
        for (ResourceType type : SyncOrder.shared()) {
            assertThat(l.sharedSummary(type)).as("%s, %s", type.plural(), when).isEqualTo(l.scannedSharedSummary(type));
        }
    }

    /**
     * Some of {@code from}'s shared state (rows and deletes), shuffled, maybe twice, some deletes
     * without an origin ({@code bareDeletes}: as a device-owned pull page carries them).
     */
    private static void deliver(Random r, LibraryStore from, LibraryStore to, boolean partial, boolean bareDeletes) {
        List<SharedVersion> versions = new ArrayList<>(from.sharedSnapshot(SnapshotPosition.START, 100_000).versions());
        Collections.shuffle(versions, r);
        if (partial) {
            versions = versions.subList(0, r.nextInt(versions.size() + 1));
        }
        List<SharedVersion> batch = new ArrayList<>(versions);
        if (r.nextInt(3) == 0) {
            batch.addAll(versions.subList(0, versions.size() / 2));
        }
        if (bareDeletes && r.nextInt(4) == 0) {
            List<Tombstone> bare = new ArrayList<>();
            batch.removeIf(v -> {
                if (v.isDelete() && r.nextBoolean()) {
                    bare.add(new Tombstone(v.type(), v.uuid(), null, v.hlc()));
                    return true;
                }
                return false;
            });
            to.applyTombstones(bare);
        }
        to.applyShared(batch);
    }

    private static void localWork(Random r, LibraryStore at) {
        List<UUID> tags = uuids(at, ResourceType.TAG);
        List<UUID> contents = uuids(at, ResourceType.CONTENT_IDENTITY);
        List<UUID> collections = uuids(at, ResourceType.COLLECTION);
        List<UUID> assignments = uuids(at, ResourceType.TAG_ASSIGNMENT);
        at.writeLocal(tx -> {
            int n = 1 + r.nextInt(4);
            for (int i = 0; i < n; i++) {
                switch (r.nextInt(9)) {
                    case 0, 1 -> tx.putShared(new TagRecord(Ids.newId(), 0, "tag " + r.nextInt(99), null));
                    case 2 -> tx.putShared(new ContentIdentityRecord(Ids.newId(), 0, new byte[] {(byte) r.nextInt()}, r.nextInt(999)));
                    case 3 -> tx.putShared(new CollectionRecord(Ids.newId(), 0, "c" + r.nextInt(9)));
                    case 4 -> {
                        if (!tags.isEmpty() && !contents.isEmpty()) {
                            tx.putShared(new TagAssignmentRecord(Ids.newId(), 0, pick(r, tags), pick(r, contents)));
                        }
                    }
                    case 5 -> {
                        if (!collections.isEmpty() && !contents.isEmpty()) {
                            tx.putShared(new CollectionItemRecord(Ids.newId(), 0, pick(r, collections), pick(r, contents)));
                        }
                    }
                    case 6 -> {
                        if (!tags.isEmpty()) { // a rename: a newer version of a tag another device may have written
                            tx.putShared(new TagRecord(pick(r, tags), 0, "renamed " + r.nextInt(99), "#fff"));
                        }
                    }
                    case 7 -> {
                        if (!tags.isEmpty() && r.nextBoolean()) {
                            tx.deleteTag(pick(r, tags));
                        } else if (!collections.isEmpty()) {
                            tx.deleteCollection(pick(r, collections));
                        }
                    }
                    default -> {
                        if (!assignments.isEmpty()) {
                            tx.delete(ResourceType.TAG_ASSIGNMENT, pick(r, assignments));
                        } else {
                            tx.delete(ResourceType.CONTENT_IDENTITY, Ids.newId()); // a delete of a row never held here
                        }
                    }
                }
            }
            return null;
        });
    }

    private static UUID pick(Random r, List<UUID> from) {
        return from.get(r.nextInt(from.size()));
    }

    private static List<UUID> uuids(LibraryStore l, ResourceType type) {
        return l.sharedItems(type, 0, List.of(0)).stream().filter(i -> !i.deleted()).map(SharedItem::uuid).toList();
    }
}
