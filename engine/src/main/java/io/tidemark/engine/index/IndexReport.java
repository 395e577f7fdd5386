package io.tidemark.engine.index;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What one index run did to a location: entries added, updated (size, time or content changed),
 * deleted (each leaving a tombstone), unchanged, and the paths it skipped.
 */
public record IndexReport(UUID locationId, String path, long added, long updated, long deleted, long unchanged,
                          long bytesHashed, List<SkippedPath> skipped, Duration took) {
    public IndexReport {
        skipped = List.copyOf(skipped);
    }
}
