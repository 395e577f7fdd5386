package io.tidemark.engine.index;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens a file's bytes for hashing. The indexer takes one so a test can make a file unreadable:
 * tests run as root, where {@code chmod 000} does not stop a read.
 */
@FunctionalInterface
public interface ContentReader {

    /**
     * Opens the file itself. {@code NOFOLLOW_LINKS} because the walk saw a regular file: if it was
     * swapped for a symlink since, the open fails instead of hashing whatever the link points at.
     */
    ContentReader FILES = file -> Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    SeekableByteChannel open(Path file) throws IOException;
}
