package io.tidemark.engine.index;

import io.tidemark.engine.store.library.Removed;

/**
 * What {@link PathRemover} took out of the library: {@code path} as matched, the location it is (or is
 * in), the path relative to that location ("" for the location itself), and the rows removed.
 */
public record RemoveReport(String path, String locationPath, String relativePath, Removed removed) {
    /** Whether the path was a location's root, so the whole location went. */
    public boolean wholeLocation() {
        return relativePath.isEmpty();
    }
}
