package io.tidemark.engine.store;

import java.util.List;

/**
 * What a Tidemark SQLite file must look like. The file's {@code PRAGMA application_id} says which
 * store it is (so a sync.db renamed to library.db, or someone else's SQLite file, is refused), and
 * {@code PRAGMA user_version} its schema version. Migration {@code i} (0-based) takes a file from
 * version {@code i} to {@code i + 1}; migrations only ever move forward.
 */
public record Schema(String fileDescription, int applicationId, List<List<String>> migrations) {

    public Schema {
        migrations = List.copyOf(migrations);
    }

    public int latestVersion() {
        return migrations.size();
    }
}
