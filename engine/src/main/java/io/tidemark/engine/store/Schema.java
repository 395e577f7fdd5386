package io.tidemark.engine.store;

import java.util.List;

/**
 * What a Tidemark SQLite file must look like. The file's {@code PRAGMA application_id} says which
 * store it is (so a sync.db renamed to library.db, or someone else's SQLite file, is refused), and
 * {@code PRAGMA user_version} its schema version. Migration {@code i} (0-based) takes a file from
 * version {@code i} to {@code i + 1}; migrations only ever move forward.
 *
 * <p>{@code durableCommits}: every commit reaches the disk before it returns ({@code synchronous=FULL}),
 * instead of at the next WAL checkpoint ({@code NORMAL}, which a process crash cannot undo but a power
 * cut can). library.db needs it because sync.db records what it holds: a watermark committed after a
 * page must never survive a power cut that the page itself did not. sync.db does not: a watermark lost
 * that way only makes a page be fetched again.
 */
public record Schema(String fileDescription, int applicationId, List<List<String>> migrations, boolean durableCommits) {

    public Schema {
        migrations = List.copyOf(migrations);
    }

    /** A schema whose commits may wait for the next checkpoint to reach the disk. */
    public Schema(String fileDescription, int applicationId, List<List<String>> migrations) {
        this(fileDescription, applicationId, migrations, false);
    }

    public int latestVersion() {
        return migrations.size();
    }
}
