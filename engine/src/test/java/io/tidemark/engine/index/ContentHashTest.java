package io.tidemark.engine.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import io.tidemark.engine.model.Ids;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentHashTest {

    @TempDir
    Path temp;

    private final ContentHash hasher = new ContentHash();

    private ContentHash.Digest hash(byte[] bytes) throws IOException {
        Path file = Files.write(temp.resolve("f"), bytes);
        try (SeekableByteChannel channel = ContentReader.FILES.open(file)) {
            return hasher.hash(channel, bytes.length);
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void smallFilesGetPlainSha256AsSha256sumPrintsIt() throws IOException {
        ContentHash.Digest abc = hash("abc".getBytes(StandardCharsets.US_ASCII));

        // The FIPS 180-2 test value for "abc".
        assertThat(HexFormat.of().formatHex(abc.hash()))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(abc.sampled()).isFalse();
        assertThat(abc.size()).isEqualTo(3);
        assertThat(abc.bytesRead()).isEqualTo(3);
        assertThat(abc.contentId()).isEqualTo(Ids.fromDigest(abc.hash()));
    }

    @Test
    void filesUpToTheLimitAreHashedWholeAndLargerOnesSampled() throws IOException {
        ContentHash.Digest atLimit = hash(random(ContentHash.FULL_HASH_LIMIT));
        ContentHash.Digest above = hash(random(ContentHash.FULL_HASH_LIMIT + 1));

        assertThat(atLimit.sampled()).isFalse();
        assertThat(atLimit.bytesRead()).isEqualTo(ContentHash.FULL_HASH_LIMIT);
        assertThat(above.sampled()).isTrue();
        assertThat(above.bytesRead()).isEqualTo((2 + ContentHash.MIDDLE_SAMPLES) * ContentHash.SAMPLE_BLOCK);
        assertThat(above.size()).isEqualTo(ContentHash.FULL_HASH_LIMIT + 1);
    }

    @Test
    void aSampleCoversSizeFirstMiddleAndLastBlocksAndNothingElse() throws IOException {
        int size = 1 << 20;
        byte[] bytes = random(size);
        ContentHash.Digest original = hash(bytes);
        long step = (size - ContentHash.SAMPLE_BLOCK) / (ContentHash.MIDDLE_SAMPLES + 1);

        // Between the first block and the first middle sample: not read, by design.
        bytes[ContentHash.SAMPLE_BLOCK + 100] ^= 1;
        assertThat(hash(bytes).hash()).isEqualTo(original.hash());
        bytes[ContentHash.SAMPLE_BLOCK + 100] ^= 1;

        for (long offset : new long[] {0, step + 5, 3 * step + 5, size - 1}) {
            bytes[(int) offset] ^= 1;
            assertThat(hash(bytes).hash()).as("changed byte at %d", offset).isNotEqualTo(original.hash());
            bytes[(int) offset] ^= 1;
        }
        assertThat(hash(Arrays.copyOf(bytes, size + 1)).hash()).as("a file that grew").isNotEqualTo(original.hash());
    }

    @Test
    void aFileWhoseLengthIsNotTheExpectedSizeFailsInsteadOfGivingAWrongIdentity() throws IOException {
        Path small = Files.write(temp.resolve("small"), random(100));
        Path big = Files.write(temp.resolve("big"), random(200_000));

        try (SeekableByteChannel channel = ContentReader.FILES.open(small)) {
            assertThatIOException().isThrownBy(() -> hasher.hash(channel, 99)).withMessageContaining("changed size");
        }
        try (SeekableByteChannel channel = ContentReader.FILES.open(big)) {
            assertThatIOException().isThrownBy(() -> hasher.hash(channel, 300_000)).withMessageContaining("shorter");
        }
    }
}
