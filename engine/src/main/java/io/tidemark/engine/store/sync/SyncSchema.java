package io.tidemark.engine.store.sync;

import io.tidemark.engine.store.Schema;
import java.util.List;

/**
 * The layout of {@code sync.db}: all sync coordination state of one library on one device, and
 * never a domain row. Keeping it apart from {@code library.db} means sync state can be thrown away
 * (forcing a full resync) without touching the user's data, and domain migrations never have to
 * care about sync bookkeeping.
 *
 * <p>Conventions: tables are {@code STRICT}, so a wrong type is an error rather than a silently
 * stored text; small, key-addressed tables are {@code WITHOUT ROWID}, so the primary key is the
 * B-tree. Record, owner and origin ids are 16-byte UUID BLOBs. Peer (device) ids are BLOBs of any
 * non-zero length, because they may become 32-byte SHA-256 key fingerprints. Stamps and HLCs are
 * packed INTEGERs ({@link io.tidemark.engine.clock.HlcTimestamp#packed()}), so SQLite orders them
 * natively. Times are epoch milliseconds.
 *
 * <p>Migrations only move forward; migration {@code i} takes the file from version {@code i} to
 * {@code i + 1}. Never edit a released migration: append a new one.
 */
public final class SyncSchema {

    /** {@code PRAGMA application_id} of sync.db: ASCII "TDSY" (library.db uses "TDLB", 0x54444C42). */
    public static final int APPLICATION_ID = 0x54445359;

    /** The conventional file name inside a library folder. */
    public static final String FILE_NAME = "sync.db";

    private static final List<String> V1 = List.of(
            // Singleton: which library and which device this file belongs to, so a sync.db copied
            // from another library or device is refused instead of silently mixing states.
            """
            CREATE TABLE meta (
                singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                library_id BLOB NOT NULL CHECK (length(library_id) = 16),
                device_id BLOB NOT NULL CHECK (length(device_id) = 16),
                created_at INTEGER NOT NULL
            ) STRICT""",
            // One position per (owner device, resource type): a single global watermark per device
            // lost every type still behind it when a backfill was interrupted between types.
            """
            CREATE TABLE watermark (
                owner BLOB NOT NULL CHECK (length(owner) = 16),
                resource_type TEXT NOT NULL,
                stamp INTEGER NOT NULL CHECK (stamp >= 0),
                uuid BLOB NOT NULL CHECK (length(uuid) = 16),
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (owner, resource_type)
            ) STRICT, WITHOUT ROWID""",
            """
            CREATE TABLE backfill_checkpoint (
                owner BLOB NOT NULL CHECK (length(owner) = 16),
                resource_type TEXT NOT NULL,
                source_peer BLOB NOT NULL CHECK (length(source_peer) > 0),
                stamp INTEGER NOT NULL CHECK (stamp >= 0),
                uuid BLOB NOT NULL CHECK (length(uuid) = 16),
                records_done INTEGER NOT NULL CHECK (records_done >= 0),
                records_total INTEGER NOT NULL CHECK (records_total >= 0),
                started_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (owner, resource_type, source_peer)
            ) STRICT, WITHOUT ROWID""",
            // A rowid table (payloads may be large, which WITHOUT ROWID handles poorly) with the
            // sync order as a unique index, which also makes appends idempotent.
            """
            CREATE TABLE change_log (
                seq INTEGER PRIMARY KEY,
                hlc INTEGER NOT NULL CHECK (hlc > 0),
                origin BLOB NOT NULL CHECK (length(origin) = 16),
                resource_type TEXT NOT NULL,
                record BLOB NOT NULL CHECK (length(record) = 16),
                operation TEXT NOT NULL CHECK (operation IN ('upsert', 'delete')),
                payload BLOB
            ) STRICT""",
            "CREATE UNIQUE INDEX change_log_order ON change_log (hlc, origin, record)",
            // How far the log has been pruned: a peer acknowledged below this needs a full backfill.
            """
            CREATE TABLE change_log_pruned (
                singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                through_hlc INTEGER NOT NULL CHECK (through_hlc >= 0)
            ) STRICT""",
            """
            CREATE TABLE peer_ack (
                peer BLOB PRIMARY KEY CHECK (length(peer) > 0),
                hlc INTEGER NOT NULL CHECK (hlc >= 0),
                updated_at INTEGER NOT NULL
            ) STRICT, WITHOUT ROWID""",
            """
            CREATE TABLE peer (
                device_id BLOB PRIMARY KEY CHECK (length(device_id) > 0),
                name TEXT NOT NULL,
                addresses TEXT NOT NULL CHECK (json_valid(addresses) AND json_type(addresses) = 'array'),
                trust TEXT NOT NULL CHECK (trust IN ('member', 'forgotten', 'nearby')),
                last_seen INTEGER
            ) STRICT, WITHOUT ROWID""",
            // AUTOINCREMENT: ids are never reused, even after pruning empties the table, so a
            // client streaming with since(id) can never miss an event behind a recycled id.
            """
            CREATE TABLE event (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at INTEGER NOT NULL,
                kind TEXT NOT NULL CHECK (length(kind) > 0),
                peer BLOB CHECK (peer IS NULL OR length(peer) > 0),
                message TEXT NOT NULL,
                details TEXT CHECK (details IS NULL OR json_valid(details))
            ) STRICT""",
            "CREATE INDEX event_at ON event (at)",
            """
            CREATE TABLE metric (
                name TEXT NOT NULL CHECK (length(name) > 0),
                labels TEXT NOT NULL,
                at INTEGER NOT NULL,
                value REAL NOT NULL
            ) STRICT""",
            "CREATE INDEX metric_series ON metric (name, labels, at)",
            "CREATE INDEX metric_at ON metric (at)");

    /**
     * Version 2: the shared change log is pulled by the serving device's append order ({@code seq}),
     * not by HLC: a change relayed late with an old HLC would fall behind an HLC cursor and be
     * skipped. So seq must never be reused, even after pruning empties the table (AUTOINCREMENT
     * keeps the high-water mark in sqlite_sequence), and acks and the pruned mark count in seq.
     * Version 1's acks and pruned mark were never written by any released code, so they are
     * recreated rather than converted.
     */
    private static final List<String> V2 = List.of(
            """
            CREATE TABLE change_log_v2 (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                hlc INTEGER NOT NULL CHECK (hlc > 0),
                origin BLOB NOT NULL CHECK (length(origin) = 16),
                resource_type TEXT NOT NULL,
                record BLOB NOT NULL CHECK (length(record) = 16),
                operation TEXT NOT NULL CHECK (operation IN ('upsert', 'delete')),
                payload BLOB
            ) STRICT""",
            "INSERT INTO change_log_v2 (seq, hlc, origin, resource_type, record, operation, payload)"
                    + " SELECT seq, hlc, origin, resource_type, record, operation, payload FROM change_log ORDER BY seq",
            "DROP TABLE change_log",
            "ALTER TABLE change_log_v2 RENAME TO change_log",
            "CREATE UNIQUE INDEX change_log_order ON change_log (hlc, origin, record)",
            "DROP TABLE change_log_pruned",
            // The highest seq deleted by pruning: a puller asking from below it gets a snapshot.
            """
            CREATE TABLE change_log_pruned (
                singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                through_seq INTEGER NOT NULL CHECK (through_seq >= 0)
            ) STRICT""",
            "DROP TABLE peer_ack",
            // How far each peer has applied this device's log, in this device's seq.
            """
            CREATE TABLE peer_ack (
                peer BLOB PRIMARY KEY CHECK (length(peer) > 0),
                seq INTEGER NOT NULL CHECK (seq >= 0),
                updated_at INTEGER NOT NULL
            ) STRICT, WITHOUT ROWID""",
            // How far this device has pulled (applied and logged) each peer's log, in that peer's seq.
            """
            CREATE TABLE shared_pulled (
                source BLOB PRIMARY KEY CHECK (length(source) > 0),
                seq INTEGER NOT NULL CHECK (seq >= 0),
                updated_at INTEGER NOT NULL
            ) STRICT, WITHOUT ROWID""",
            // How far this device's own shared changes in library.db have been copied into the log,
            // as (hlc, uuid): local HLCs are commit-ordered, so everything after it is untailed.
            """
            CREATE TABLE shared_tail (
                singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                hlc INTEGER NOT NULL CHECK (hlc >= 0),
                uuid BLOB NOT NULL CHECK (length(uuid) = 16)
            ) STRICT""");

    /**
     * Version 3: the shared log gets an incarnation (see {@link io.tidemark.engine.model.LogIncarnation}),
     * and every position this device remembers in a peer's log says which incarnation its seq counts
     * in. A seq alone could not tell a peer whose log went back (restored, or its last writes lost)
     * and then wrote new entries under seqs this device believes it already has. Positions kept from
     * version 2 get 0, "unknown": they are taken to be of the peer's current incarnation only while
     * its head is not below them. The incarnation row itself is written by {@link SyncStore#open}
     * (a random value SQL cannot make well), as the meta row is.
     */
    private static final List<String> V3 = List.of(
            """
            CREATE TABLE shared_log (
                singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                incarnation INTEGER NOT NULL CHECK (incarnation <> 0),
                created_at INTEGER NOT NULL
            ) STRICT""",
            "ALTER TABLE shared_pulled ADD COLUMN incarnation INTEGER NOT NULL DEFAULT 0");

    /**
     * Version 4: what this device has issued of its own records, kept here because library.db may be
     * restored from an older copy while sync.db is not. A library.db that holds less than was issued
     * went back in time: its versions and stamps are raised past what members may hold, and the lost
     * versions are remembered as unknown (not deleted) until the members give them back.
     */
    private static final List<String> V4 = List.of(
            """
            CREATE TABLE own_issued (
                resource_type TEXT PRIMARY KEY,
                max_version INTEGER NOT NULL CHECK (max_version >= 0),
                max_stamp INTEGER NOT NULL CHECK (max_stamp >= 0),
                lost_from INTEGER NOT NULL DEFAULT 0 CHECK (lost_from >= 0),
                lost_to INTEGER NOT NULL DEFAULT 0 CHECK (lost_to >= lost_from)
            ) STRICT, WITHOUT ROWID""");

    /**
     * Version 5: per watermark, the highest version library.db held of that key when the watermark
     * last moved, and whether the watermark is unverified. A library.db restored from an older copy
     * holds less than that: the watermark may pass records it lacks, so it is not vouched for to
     * other members until the key's owner confirms the summaries.
     */
    private static final List<String> V5 = List.of(
            "ALTER TABLE watermark ADD COLUMN held_version INTEGER NOT NULL DEFAULT 0 CHECK (held_version >= 0)",
            "ALTER TABLE watermark ADD COLUMN unverified INTEGER NOT NULL DEFAULT 0 CHECK (unverified IN (0, 1))");

    /** The schema {@link io.tidemark.engine.store.Database#open} validates and migrates sync.db by. */
    public static final Schema SCHEMA = new Schema("sync database (sync.db)", APPLICATION_ID, List.of(V1, V2, V3, V4, V5));

    private SyncSchema() {
    }

    public static Schema schema() {
        return SCHEMA;
    }
}
