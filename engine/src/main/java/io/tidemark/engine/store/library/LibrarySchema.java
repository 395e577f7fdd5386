package io.tidemark.engine.store.library;

import io.tidemark.engine.store.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * library.db: domain rows only. Sync coordination (watermarks, checkpoints, logs) lives in sync.db,
 * with one exception, the shared log's high-water mark (version 4), which must outlive sync.db.
 *
 * <p>Device-owned tables are clustered on their cursor {@code (owner, stamp, uuid)}: a keyset page
 * is one range scan of the table itself, and a commit appends at the right edge of its owner's range
 * (stamps only grow). {@code uuid} is unique on its own, for lookups and upserts. Shared tables carry
 * {@code hlc} for last-writer-wins. {@code record_count} holds per-(owner, type) counts, maintained by
 * {@link OwnedTable}/{@link SharedTable} in the same transaction as each batch of writes (one update
 * per batch; a per-row trigger measured at half the apply throughput), so the watermark exchange
 * reads a count in microseconds at any size; doctor re-checks them against the rows. The {@code clock} row is the last stamp issued by this device, read and
 * advanced inside each write transaction so that stamps stay unique and increasing across processes.
 * References are declared for {@code PRAGMA foreign_key_check} (run by doctor) but not enforced on
 * write, because sync delivers an owner's rows in pages that may hold a child before its parent.
 */
public final class LibrarySchema {
    public static final int APPLICATION_ID = 0x54444C42; // "TDLB"
    /** The owner value that marks shared rows in record_count. */
    public static final byte[] SHARED_OWNER = new byte[0];

    private LibrarySchema() {
    }

    public static Schema schema() {
        return new Schema("library database (library.db)", APPLICATION_ID, List.of(version1(), version2(), version3(), version4(), version5()), true);
    }

    /** The shared tables, for statements repeated on each of them. */
    private static final List<String> SHARED_TABLES =
            List.of("content_identity", "tag", "collection", "tag_assignment", "collection_item");

    // ---- version 2, shared change log (branch sharedlog) ----------------------------------------
    /**
     * Shared rows and shared deletes record which device made the winning write ({@code origin}):
     * last-writer-wins breaks an HLC tie by the larger origin, so two devices converge on the same
     * row however changes arrive, and the tailer finds this device's own changes by origin (a
     * received change may carry a newer HLC than any local one, so the HLC alone cannot tell).
     * Rows written before version 2 can only be local (shared sync did not exist), hence the
     * back-fill with this device. The {@code hlc} indexes serve the tailer's scan and the marks.
     */
    private static List<String> sharedLogV2() {
        List<String> sql = new ArrayList<>();
        for (String table : SHARED_TABLES) {
            sql.add("ALTER TABLE " + table + " ADD COLUMN origin BLOB");
            sql.add("UPDATE " + table + " SET origin = (SELECT this_device FROM library WHERE singleton = 1)");
            sql.add("CREATE INDEX " + table + "_hlc ON " + table + " (hlc)");
        }
        sql.add("ALTER TABLE tombstone ADD COLUMN origin BLOB");
        sql.add("UPDATE tombstone SET origin = (SELECT this_device FROM library WHERE singleton = 1) WHERE owner IS NULL");
        return sql;
    }
    // ---- end of version 2, shared change log ----------------------------------------------------

    private static List<String> version1() {
        List<String> sql = new ArrayList<>(List.of(
                """
                CREATE TABLE library (
                  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                  id BLOB NOT NULL CHECK (length(id) = 16),
                  name TEXT NOT NULL,
                  this_device BLOB NOT NULL CHECK (length(this_device) = 16),
                  created_at INTEGER NOT NULL)""",
                """
                CREATE TABLE clock (
                  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                  last_stamp INTEGER NOT NULL)""",
                "INSERT INTO clock (singleton, last_stamp) VALUES (1, 0)",
                """
                CREATE TABLE device (
                  owner BLOB NOT NULL, stamp INTEGER NOT NULL, uuid BLOB NOT NULL UNIQUE,
                  name TEXT NOT NULL, os TEXT, app_version TEXT, cert_fingerprint BLOB,
                  PRIMARY KEY (owner, stamp, uuid)) WITHOUT ROWID""",
                """
                CREATE TABLE volume (
                  owner BLOB NOT NULL REFERENCES device (uuid), stamp INTEGER NOT NULL, uuid BLOB NOT NULL UNIQUE,
                  name TEXT NOT NULL, mount_point TEXT NOT NULL, fs_type TEXT, total_bytes INTEGER NOT NULL,
                  PRIMARY KEY (owner, stamp, uuid)) WITHOUT ROWID""",
                """
                CREATE TABLE location (
                  owner BLOB NOT NULL REFERENCES device (uuid), stamp INTEGER NOT NULL, uuid BLOB NOT NULL UNIQUE,
                  volume_uuid BLOB REFERENCES volume (uuid), path TEXT NOT NULL, name TEXT NOT NULL,
                  PRIMARY KEY (owner, stamp, uuid)) WITHOUT ROWID""",
                """
                CREATE TABLE entry (
                  owner BLOB NOT NULL REFERENCES device (uuid), stamp INTEGER NOT NULL, uuid BLOB NOT NULL UNIQUE,
                  location_uuid BLOB NOT NULL REFERENCES location (uuid), parent_uuid BLOB REFERENCES entry (uuid),
                  name TEXT NOT NULL, kind INTEGER NOT NULL, size INTEGER NOT NULL, modified_at INTEGER NOT NULL,
                  content_uuid BLOB REFERENCES content_identity (uuid),
                  PRIMARY KEY (owner, stamp, uuid)) WITHOUT ROWID""",
                """
                CREATE TABLE content_identity (
                  uuid BLOB PRIMARY KEY, hlc INTEGER NOT NULL, hash BLOB NOT NULL, size INTEGER NOT NULL) WITHOUT ROWID""",
                """
                CREATE TABLE tag (
                  uuid BLOB PRIMARY KEY, hlc INTEGER NOT NULL, name TEXT NOT NULL, color TEXT) WITHOUT ROWID""",
                """
                CREATE TABLE collection (
                  uuid BLOB PRIMARY KEY, hlc INTEGER NOT NULL, name TEXT NOT NULL) WITHOUT ROWID""",
                """
                CREATE TABLE tag_assignment (
                  uuid BLOB PRIMARY KEY, hlc INTEGER NOT NULL,
                  tag_uuid BLOB NOT NULL REFERENCES tag (uuid),
                  content_uuid BLOB NOT NULL REFERENCES content_identity (uuid)) WITHOUT ROWID""",
                """
                CREATE TABLE collection_item (
                  uuid BLOB PRIMARY KEY, hlc INTEGER NOT NULL,
                  collection_uuid BLOB NOT NULL REFERENCES collection (uuid),
                  content_uuid BLOB NOT NULL REFERENCES content_identity (uuid)) WITHOUT ROWID""",
                """
                CREATE TABLE tombstone (
                  uuid BLOB PRIMARY KEY, type TEXT NOT NULL, owner BLOB, stamp INTEGER NOT NULL) WITHOUT ROWID""",
                "CREATE INDEX tombstone_cursor ON tombstone (owner, stamp, uuid)",
                """
                CREATE TABLE record_count (
                  owner BLOB NOT NULL, type TEXT NOT NULL, n INTEGER NOT NULL,
                  PRIMARY KEY (owner, type)) WITHOUT ROWID"""));
        return sql;
    }

    /** The device-owned tables, for statements repeated on each of them. */
    private static final List<String> OWNED_TABLES = List.of("device", "volume", "location", "entry");

    /**
     * Version 3, gaps: every device-owned row and delete carries its owner's version (see
     * OwnedRecord#version), and record_count becomes the per-(owner, type) summary: rows, deletes,
     * digest over both, highest version seen. This device's own records are numbered here in the
     * order it committed them; other owners' keep version 0 (not known) until a recovery against
     * their owner replaces them with the owner's versions. The digests need Java's hash, so the
     * migration leaves a note and {@link LibraryStore#open} rebuilds the summaries once.
     */
    private static List<String> version3() {
        List<String> sql = new ArrayList<>();
        for (String table : OWNED_TABLES) {
            sql.add("ALTER TABLE " + table + " ADD COLUMN version INTEGER NOT NULL DEFAULT 0");
        }
        sql.add("ALTER TABLE tombstone ADD COLUMN version INTEGER NOT NULL DEFAULT 0");
        for (String column : List.of("deleted", "digest", "max_version")) {
            sql.add("ALTER TABLE record_count ADD COLUMN " + column + " INTEGER NOT NULL DEFAULT 0");
        }
        String self = "(SELECT this_device FROM library WHERE singleton = 1)";
        for (String table : OWNED_TABLES) {
            String numbered = "(SELECT uuid, d, row_number() OVER (ORDER BY stamp, uuid, d) AS v FROM ("
                    + "SELECT uuid, stamp, 0 AS d FROM " + table + " WHERE owner = " + self
                    + " UNION ALL SELECT uuid, stamp, 1 AS d FROM tombstone WHERE type = '" + table + "' AND owner = " + self
                    + ")) AS n";
            sql.add("UPDATE " + table + " SET version = n.v FROM " + numbered + " WHERE " + table + ".uuid = n.uuid AND n.d = 0");
            sql.add("UPDATE tombstone SET version = n.v FROM " + numbered + " WHERE tombstone.uuid = n.uuid AND n.d = 1"
                    + " AND tombstone.type = '" + table + "'");
        }
        // Pages of deletes stay one scan of the index alone, now that they carry versions.
        sql.add("DROP INDEX tombstone_type_cursor");
        sql.add("CREATE INDEX tombstone_type_cursor ON tombstone (owner, type, stamp, uuid, version)");
        sql.add("CREATE TABLE summary_rebuild (singleton INTEGER PRIMARY KEY CHECK (singleton = 1))");
        sql.add("INSERT INTO summary_rebuild (singleton) SELECT 1 WHERE EXISTS (SELECT 1 FROM library)");
        return sql;
    }

    /**
     * Version 4: the high-water mark of this device's shared change log, the one piece of sync state
     * kept here rather than in sync.db. It is the highest position (incarnation, seq) of the log ever
     * handed to a member, raised before the member hears of it. The log lives in sync.db, and a mark
     * there would go back with the log it guards: restoring sync.db from an older copy (or a power
     * cut taking its last commits, which are not synced one by one) would bring back an older mark
     * too. Here it survives both, and a log whose head is below it, or of another incarnation, gets
     * a new incarnation when opened. Restoring library.db alone lowers the mark, which is harmless:
     * a mark below the head says nothing.
     */
    private static List<String> version4() {
        return List.of("""
                CREATE TABLE shared_log_mark (
                  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                  incarnation INTEGER NOT NULL CHECK (incarnation <> 0),
                  seq INTEGER NOT NULL CHECK (seq >= 0))""");
    }

    /**
     * Version 5: shared types are summarized like device-owned ones, over rows and deletes with a
     * digest that also covers each version's origin, so two devices can tell that their shared state
     * differs (it only counted rows before). The digest needs Java's hash: the summaries are rebuilt
     * once when the library opens, as for version 3.
     */
    private static List<String> version5() {
        return List.of("INSERT OR IGNORE INTO summary_rebuild (singleton) SELECT 1 WHERE EXISTS (SELECT 1 FROM library)");
    }

    /** Version 2. Each feature adds its statements as one delimited block, so branches merge cleanly. */
    private static List<String> version2() {
        List<String> sql = new ArrayList<>();
        // --- deletes: begin ---
        // Deletes are served per (owner, type), merged with that type's rows in (stamp, uuid) order. With the
        // type in the key, one page of them is a single range scan of the index (which also covers the page's
        // columns); keyed on (owner, stamp, uuid) alone, SQLite walked every type's deletes of the owner.
        sql.add("DROP INDEX tombstone_cursor");
        sql.add("CREATE INDEX tombstone_type_cursor ON tombstone (owner, type, stamp, uuid)");
        // --- deletes: end ---
        sql.addAll(sharedLogV2());
        return sql;
    }
}
