package io.tidemark.engine.index;

/**
 * A path the indexer could not record, or recorded only in part, and why: unreadable attributes,
 * a directory it could not list, a file it could not read to hash (recorded without content),
 * something that vanished during the scan, a device, pipe or socket, a directory loop.
 */
public record SkippedPath(String path, String reason) {
}
