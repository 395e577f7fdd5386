package io.tidemark.engine.index;

/**
 * What {@code tidemark generate} adds. {@code locations} 0 means the option was not given: the entries
 * go into the existing locations of this device, or into one new location if it has none.
 */
public record GenerateOptions(int locations, long entries, int tags, int collections, long seed) {
    public GenerateOptions {
        if (locations < 0 || entries < 0 || tags < 0 || collections < 0) {
            throw new IllegalArgumentException("--locations, --entries, --tags and --collections must not be negative");
        }
        if (locations > entries) {
            throw new IllegalArgumentException("--entries (" + entries + ") must be at least --locations (" + locations
                    + "): every location has a root directory entry");
        }
    }
}
