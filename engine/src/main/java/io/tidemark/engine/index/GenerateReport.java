package io.tidemark.engine.index;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What one {@code tidemark generate} run added. {@code locations} and {@code volumes} count new rows;
 * {@code locationIds} lists every location that received entries, new or existing. {@code entries}
 * = {@code directories} + {@code files} (location roots are directories). {@code duplicateFiles} counts
 * files that share a content identity made earlier in the run; {@code bytes} is the total file size.
 */
public record GenerateReport(int volumes, int locations, long entries, long directories, long files,
                             long duplicateFiles, long bytes, long contentIdentities, int tags, long tagAssignments,
                             int collections, long collectionItems, List<UUID> locationIds, Duration took) {
    public GenerateReport {
        locationIds = List.copyOf(locationIds);
    }
}
