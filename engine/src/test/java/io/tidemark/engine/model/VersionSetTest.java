package io.tidemark.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The set of versions a recovering device says it holds: what it contains, set arithmetic, and
 * its wire form, which comes from a peer and so must either decode to a set or be refused with an
 * IllegalArgumentException, whatever the bytes.
 */
class VersionSetTest {

    private static VersionSet of(long... versions) {
        VersionSet.Builder b = VersionSet.builder();
        for (long v : versions) {
            b.add(v);
        }
        return b.build();
    }

    private static VersionSet of(TreeSet<Long> versions) {
        VersionSet.Builder b = VersionSet.builder();
        versions.forEach(b::add);
        return b.build();
    }

    private static List<Long> elements(VersionSet set) {
        List<Long> out = new ArrayList<>();
        set.forEach(out::add);
        return out;
    }

    /** The contents of {@code set} match {@code expected} through every read method. */
    private static void assertHolds(VersionSet set, TreeSet<Long> expected) {
        assertThat(set.size()).isEqualTo(expected.size());
        assertThat(elements(set)).isEqualTo(new ArrayList<>(expected)); // ascending, each once
        for (long v : expected) {
            if (!set.contains(v) || set.contains(v + 1) != expected.contains(v + 1)) {
                fail("contains(%d) is %s, contains(%d) is %s", v, set.contains(v), v + 1, set.contains(v + 1));
            }
        }
    }

    // ---- contents and arithmetic ---------------------------------------------------------------

    @Test
    void theBuilderKeepsPositiveVersionsOnceAndLeavesOutZeroAndNegatives() {
        VersionSet set = of(5, 0, 3, 5, -1, Long.MIN_VALUE, 3, 1);
        assertThat(set.size()).isEqualTo(3);
        assertThat(elements(set)).containsExactly(1L, 3L, 5L);
        assertThat(set.contains(0)).isFalse();
        assertThat(set.contains(-1)).isFalse();
        assertThat(set.contains(2)).isFalse();
        assertThat(set.contains(4)).isFalse();
        assertThat(set.contains(6)).isFalse();
        assertThat(VersionSet.empty().size()).isZero();
        assertThat(VersionSet.empty().contains(1)).isFalse();
        assertThat(VersionSet.empty()).isEqualTo(of(0, -5)).isEqualTo(VersionSet.builder().build());
        assertThat(of(3, 1, 2)).isEqualTo(of(1, 2, 3)).hasSameHashCodeAs(of(2, 3, 1)).isNotEqualTo(of(1, 2));
    }

    @Test
    void minusIsTheSetDifferenceAndLeavesBothOperandsAlone() {
        Random random = new Random(11);
        for (int round = 0; round < 50; round++) {
            TreeSet<Long> a = randomVersions(random, 1 + random.nextInt(3_000));
            TreeSet<Long> b = randomVersions(random, random.nextInt(3_000));
            // Overlap on purpose: half of a's elements also in b.
            a.stream().filter(v -> random.nextBoolean()).forEach(b::add);
            VersionSet sa = of(a);
            VersionSet sb = of(b);
            TreeSet<Long> expected = new TreeSet<>(a);
            expected.removeAll(b);

            VersionSet diff = sa.minus(sb);
            assertHolds(diff, expected);
            assertHolds(sa, a);
            assertHolds(sb, b);
            assertThat(sa.minus(sa).size()).isZero();
            assertThat(sa.minus(VersionSet.empty())).isEqualTo(sa);
            assertThat(VersionSet.empty().minus(sa).size()).isZero();
        }
    }

    @Test
    void countAtMostIsTheRankOfAVersion() {
        Random random = new Random(12);
        for (int round = 0; round < 30; round++) {
            TreeSet<Long> versions = randomVersions(random, random.nextInt(5_000));
            VersionSet set = of(versions);
            assertThat(set.countAtMost(0)).isZero();
            assertThat(set.countAtMost(-1)).isZero();
            assertThat(set.countAtMost(Long.MIN_VALUE)).isZero();
            assertThat(set.countAtMost(Long.MAX_VALUE)).isEqualTo(versions.size());
            List<Long> list = new ArrayList<>(versions);
            for (int probe = 0; probe < 200; probe++) {
                long v = list.isEmpty() || random.nextBoolean() ? randomVersion(random) : list.get(random.nextInt(list.size()));
                long at = v + random.nextInt(3) - 1; // just below, at and above an element
                long expected = at <= 0 ? 0 : versions.headSet(at, true).size();
                assertThat(set.countAtMost(at)).as("countAtMost(%d)", at).isEqualTo(expected);
            }
        }
    }

    @Test
    void largeSixtyFourBitVersionsAreHeldAndRanked() {
        long[] big = {1, (1L << 31) - 1, 1L << 31, (1L << 32) - 1, 1L << 32, (1L << 32) + 1, (1L << 33) + 5, 1L << 48,
                (1L << 62) + 12_345, Long.MAX_VALUE - 1, Long.MAX_VALUE};
        VersionSet set = of(big);
        TreeSet<Long> expected = new TreeSet<>();
        Arrays.stream(big).forEach(expected::add);
        assertHolds(set, expected);
        for (int i = 0; i < big.length; i++) {
            assertThat(set.countAtMost(big[i])).isEqualTo(i + 1);
            assertThat(set.countAtMost(big[i] - 1)).isEqualTo(i);
        }
        assertThat(set.minus(of(1L << 32, Long.MAX_VALUE)).size()).isEqualTo(big.length - 2);
        assertHolds(VersionSet.fromBytes(set.toBytes()), expected);
    }

    // ---- wire form -----------------------------------------------------------------------------

    private static void assertRoundTrip(VersionSet set, TreeSet<Long> expected) {
        byte[] bytes = set.toBytes();
        VersionSet back = VersionSet.fromBytes(bytes);
        assertThat(back).isEqualTo(set);
        assertHolds(back, expected);
        assertThat(back.toBytes()).as("re-encoded").isEqualTo(bytes);
    }

    @Test
    void everyShapeOfSetSurvivesTheWire() {
        assertRoundTrip(VersionSet.empty(), new TreeSet<>());

        TreeSet<Long> dense = range(1, 100_000);
        assertRoundTrip(of(dense), dense);

        TreeSet<Long> runs = new TreeSet<>();
        runs.addAll(range(1, 1_000));
        runs.addAll(range(65_530, 65_545)); // across a container boundary
        runs.addAll(range(200_000, 270_000));
        runs.addAll(range((1L << 32) - 10, (1L << 32) + 10)); // across the 32-bit boundary
        assertRoundTrip(of(runs), runs);

        Random random = new Random(13);
        TreeSet<Long> scattered = new TreeSet<>();
        while (scattered.size() < 5_000) {
            scattered.add(1 + (long) random.nextInt(10_000_000));
        }
        assertRoundTrip(of(scattered), scattered);

        TreeSet<Long> large = new TreeSet<>();
        for (int i = 0; i < 2_000; i++) {
            large.add(1 + (random.nextLong() >>> 1) % (Long.MAX_VALUE - 1));
        }
        large.add(Long.MAX_VALUE);
        large.addAll(range((1L << 40), (1L << 40) + 5_000));
        assertRoundTrip(of(large), large);

        TreeSet<Long> single = new TreeSet<>(List.of(Long.MAX_VALUE));
        assertRoundTrip(of(single), single);
    }

    @Test
    void theSizeOfAMostlyDenseKeyWithScatteredHoles() {
        Random random = new Random(14);
        TreeSet<Long> held = range(1, 170_000);
        List<Long> all = new ArrayList<>(held);
        java.util.Collections.shuffle(all, random);
        all.subList(0, 33_000).forEach(held::remove);
        VersionSet set = of(held);
        byte[] bytes = set.toBytes();
        System.out.printf("VersionSet of versions 1..170,000 minus 33,000 scattered ones (%d held): %,d bytes%n",
                set.size(), bytes.length);
        assertThat(set.size()).isEqualTo(137_000);
        assertRoundTrip(set, held);
        // 3 containers of at most a 8 KB bitmap each, plus headers.
        assertThat(bytes.length).isLessThan(3 * 8_192 + 100);
    }

    private static void assertRefused(byte[] bytes) {
        assertThatThrownBy(() -> VersionSet.fromBytes(bytes)).as("%d bytes %s", bytes.length, preview(bytes))
                .isExactlyInstanceOf(IllegalArgumentException.class);
    }

    private static String preview(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 48)) + (bytes.length > 48 ? "..." : "");
    }

    @Test
    void garbageIsRefusedWithAnIllegalArgumentException() {
        assertRefused(new byte[0]);
        assertRefused(new byte[] {0});
        assertRefused(new byte[] {0, 0, 0});
        assertRefused("hello, version set".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // One bucket announced, then a 32-bit bitmap without a valid cookie.
        assertRefused(new byte[] {0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8});
        // One bucket whose bitmap announces more containers than 16 bits allow.
        assertRefused(concat(new byte[] {0, 0, 0, 0, 1, 0, 0, 0, 0}, le(12_346), le(70_000)));
        assertThatThrownBy(() -> VersionSet.fromBytes(new byte[] {0, 0, 0, 0, 7}))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a well-formed version set");
    }

    @Test
    void everyTruncationOfAValidEncodingIsRefused() {
        Random random = new Random(15);
        TreeSet<Long> versions = new TreeSet<>();
        versions.addAll(range(1, 300));
        versions.addAll(randomVersions(random, 200));
        versions.add(1L << 35);
        for (VersionSet set : List.of(VersionSet.empty(), of(1), of(versions), of(range(1, 70_000)))) {
            byte[] valid = set.toBytes();
            for (int n = 0; n < valid.length; n++) {
                assertRefused(Arrays.copyOf(valid, n));
            }
        }
    }

    @Test
    void bytesAfterTheEndAreRefused() {
        for (VersionSet set : List.of(VersionSet.empty(), of(1, 2, 3), of(range(1, 70_000)), of(Long.MAX_VALUE))) {
            byte[] valid = set.toBytes();
            for (int extra : new int[] {1, 2, 7, 100}) {
                byte[] longer = Arrays.copyOf(valid, valid.length + extra);
                assertThatThrownBy(() -> VersionSet.fromBytes(longer)).isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("a version set has " + extra + " bytes after its end");
                // A second, complete set after the first is trailing bytes too.
                assertRefused(concat(valid, valid));
            }
        }
    }

    @Test
    void oversizeInputIsRefusedBeforeItIsRead() {
        assertThatThrownBy(() -> VersionSet.fromBytes(new byte[VersionSet.MAX_BYTES + 1]))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining((VersionSet.MAX_BYTES + 1) + " bytes is larger than the " + VersionSet.MAX_BYTES);
        // At the limit it is read: an empty set followed by zeros, which are trailing bytes.
        assertThatThrownBy(() -> VersionSet.fromBytes(new byte[VersionSet.MAX_BYTES]))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("a version set has " + (VersionSet.MAX_BYTES - 5) + " bytes after its end");
    }

    /** The valid encodings the fuzz cuts and mutates: empty, one version, a run, scattered arrays, a bitmap. */
    private static List<byte[]> validEncodings(Random random) {
        List<byte[]> valid = new ArrayList<>();
        valid.add(VersionSet.empty().toBytes());
        valid.add(of(1).toBytes());
        valid.add(of(range(1, 5_000)).toBytes()); // a run container
        valid.add(of(randomVersions(random, 300)).toBytes()); // array containers in many buckets
        TreeSet<Long> bitmap = new TreeSet<>();
        for (long v = 1; v < 60_000; v += 3) {
            bitmap.add(v);
        }
        valid.add(of(bitmap).toBytes()); // a bitmap container
        return valid;
    }

    /** One fuzz case: {@code kind} 0 random bytes, 1 random bytes behind a plausible header, 2 a truncation, 3 a mutation. */
    private static byte[] fuzzCase(Random random, List<byte[]> valid, int kind) {
        switch (kind) {
            case 0 -> {
                byte[] input = new byte[random.nextInt(random.nextBoolean() ? 16 : 600)];
                random.nextBytes(input);
                return input;
            }
            case 1 -> { // unsigned flag, a bucket count, a high key, a 32-bit cookie, then noise
                byte[] tail = new byte[random.nextInt(300)];
                random.nextBytes(tail);
                int cookie = random.nextBoolean() ? 12_346 : 12_347 | (random.nextInt(4) << 16);
                return concat(new byte[] {0}, be(1 + random.nextInt(3)), be(random.nextInt(4)), le(cookie), tail);
            }
            case 2 -> {
                byte[] v = valid.get(random.nextInt(valid.size()));
                return Arrays.copyOf(v, random.nextInt(v.length));
            }
            default -> { // a few bytes changed, sometimes also cut or extended
                byte[] input = valid.get(random.nextInt(valid.size())).clone();
                for (int k = 1 + random.nextInt(3); k > 0; k--) {
                    input[random.nextInt(input.length)] ^= (byte) (1 + random.nextInt(255));
                }
                return random.nextInt(4) == 0 ? Arrays.copyOf(input, random.nextInt(input.length * 2 + 1)) : input;
            }
        }
    }

    /**
     * 2,000 seeded cases: random bytes (some behind a valid-looking header), valid encodings cut
     * short, and valid encodings with bytes changed. fromBytes must refuse with an
     * IllegalArgumentException or return a set, and never throw anything else; a truncation is
     * always refused.
     */
    @Test
    void fuzzedInputIsRefusedWithAnIllegalArgumentExceptionAndNothingElse() {
        Random random = new Random(16);
        List<byte[]> valid = validEncodings(random);
        int[] refused = new int[4];
        int[] accepted = new int[4];
        for (int i = 0; i < 2_000; i++) {
            int kind = i % 4;
            byte[] input = fuzzCase(random, valid, kind);
            try {
                VersionSet decoded = VersionSet.fromBytes(input);
                decoded.size(); // reading what was accepted must not throw either
                decoded.toBytes();
                accepted[kind]++;
            } catch (IllegalArgumentException expected) {
                refused[kind]++;
            } catch (Throwable other) {
                throw new AssertionError("case " + i + ": " + other + " for " + preview(input), other);
            }
        }
        System.out.printf("VersionSet fuzz, 2,000 cases: refused/accepted random %d/%d, header %d/%d, truncated %d/%d,"
                + " mutated %d/%d%n", refused[0], accepted[0], refused[1], accepted[1], refused[2], accepted[2], refused[3], accepted[3]);
        assertThat(accepted[2]).as("truncations accepted").isZero();
        assertThat(refused[2]).isEqualTo(500);
        assertThat(refused[1]).as("random bytes after a cookie").isGreaterThan(450);
        assertThat(Arrays.stream(refused).sum() + Arrays.stream(accepted).sum()).isEqualTo(2_000);
    }

    /**
     * The same fuzz, asking more of what is accepted: that it behaves as a set (size() counts the
     * versions forEach lists, each listed version is contained, and it re-encodes to itself).
     * Fails at seed 16, case 43: a valid bitmap-container encoding with one byte changed in the
     * container's bits is accepted, with size() 20,000 while forEach lists 20,005 versions.
     */
    @Test
    void fuzzedInputThatIsAcceptedBehavesAsASet() {
        Random random = new Random(16);
        List<byte[]> valid = validEncodings(random);
        for (int i = 0; i < 2_000; i++) {
            byte[] input = fuzzCase(random, valid, i % 4);
            VersionSet decoded;
            try {
                decoded = VersionSet.fromBytes(input);
            } catch (IllegalArgumentException refused) {
                continue;
            }
            List<Long> elements = elements(decoded);
            assertThat((long) elements.size()).as("case %d: versions listed vs size(), %s", i, preview(input))
                    .isEqualTo(decoded.size());
            for (int k = 0; k < elements.size(); k++) {
                if (!decoded.contains(elements.get(k)) || k > 0 && elements.get(k) <= elements.get(k - 1)) {
                    fail("case %d: version %d listed out of order or not contained, %s", i, elements.get(k), preview(input));
                }
            }
            assertThat(VersionSet.fromBytes(decoded.toBytes())).as("case %d", i).isEqualTo(decoded);
        }
    }

    // ---- malformed encodings that parse ---------------------------------------------------------

    /** The encoding of one 32-bit bucket {@code high} holding one array container with {@code values} as written. */
    private static byte[] oneArrayContainer(int high, char... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(out)) {
            data.writeBoolean(false); // unsigned longs
            data.writeInt(1); // one bucket
            data.writeInt(high);
            data.write(le(12_346)); // SERIAL_COOKIE_NO_RUNCONTAINER
            data.write(le(1)); // one container
            data.write(le16(0)); // its key
            data.write(le16(values.length - 1)); // cardinality - 1
            data.write(le(4 + 4 + 4 + 4)); // offset of the container: after cookie, size, key/cardinality and this offset
            for (char v : values) {
                data.write(le16(v));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Test
    void theHandBuiltEncodingMatchesTheLibrarysOwn() {
        assertThat(oneArrayContainer(0, (char) 1, (char) 5)).isEqualTo(of(1, 5).toBytes());
        assertHolds(VersionSet.fromBytes(oneArrayContainer(0, (char) 1, (char) 5)), new TreeSet<>(List.of(1L, 5L)));
    }

    /**
     * A peer's set whose container is not sorted, or holds a value twice, frames correctly and is
     * accepted: contains() then misses a version the set lists (the authority would resend it),
     * and size() counts a version twice.
     */
    @Test
    void aStructurallyInvalidBitmapIsRefused() {
        assertRefused(oneArrayContainer(0, (char) 5, (char) 1)); // unsorted: contains(1) is false
        assertRefused(oneArrayContainer(0, (char) 1, (char) 1)); // duplicate: size 2, one version
    }

    @Test
    void aNegativeBucketCountIsRefused() {
        assertRefused(new byte[] {0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        assertRefused(new byte[] {7, 0, 0, 0, 0});
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static TreeSet<Long> range(long from, long toInclusive) {
        TreeSet<Long> out = new TreeSet<>();
        for (long v = from; v <= toInclusive; v++) {
            out.add(v);
        }
        return out;
    }

    private static long randomVersion(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> 1 + random.nextInt(100_000);
            case 1 -> 1 + (random.nextLong() >>> 30);
            default -> 1 + (random.nextLong() >>> 1) % (Long.MAX_VALUE - 1);
        };
    }

    private static TreeSet<Long> randomVersions(Random random, int n) {
        TreeSet<Long> out = new TreeSet<>();
        while (out.size() < n) {
            out.add(randomVersion(random));
        }
        return out;
    }

    private static byte[] be(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] le(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    private static byte[] le16(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8)};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
