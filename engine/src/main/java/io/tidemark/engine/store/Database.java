package io.tidemark.engine.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * One SQLite file: validated before anything is written to it, migrated forward, then used through
 * one writer connection (SQLite allows one writer at a time anyway) and a small pool of reader
 * connections, which in WAL mode never wait for the writer.
 *
 * <p>Write transactions start with {@code BEGIN IMMEDIATE}: the write lock is taken before anything
 * is read, so a stamp read and advanced inside the transaction cannot race another process, and a
 * busy file makes us wait (busy timeout) instead of failing later with "database is locked".
 */
public final class Database implements AutoCloseable {

    /** How long a writer waits for another process's transaction before giving up with a clear error. */
    public static final int BUSY_TIMEOUT_MS = 60_000;
    private static final int MAX_IDLE_READERS = 4;

    private final Path file;
    private final Schema schema;
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Deque<Connection> idleReaders = new ArrayDeque<>();
    private volatile boolean closed;

    private Database(Path file, Schema schema, Connection writer) {
        this.file = file;
        this.schema = schema;
        this.writer = writer;
    }

    /** Work done inside a transaction or on a reader connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Opens {@code file}, creating it if {@code create} and it does not exist. A file that is not
     * SQLite, belongs to another program or store, or comes from a newer Tidemark is refused before
     * anything is written to it.
     */
    public static Database open(Path file, Schema schema, boolean create) {
        boolean exists = Files.exists(file);
        if (!exists && !create) {
            throw new StoreException("No " + schema.fileDescription() + " at " + file);
        }
        if (exists) {
            checkExisting(file, schema);
        }
        Connection writer = null;
        try {
            writer = connect(file, false);
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                if (schema.durableCommits()) {
                    s.execute("PRAGMA synchronous=FULL");
                }
            }
            migrate(writer, file, schema);
            return new Database(file, schema, writer);
        } catch (SQLException e) {
            closeQuietly(writer);
            throw translate(e, "open " + file);
        } catch (RuntimeException e) {
            closeQuietly(writer);
            throw e;
        }
    }

    /** Reads the identity and version of an existing file through a read-only connection. */
    private static void checkExisting(Path file, Schema schema) {
        if (!Files.isRegularFile(file)) {
            throw new StoreException(file + " is not a regular file");
        }
        try (Connection c = inspect(file); Statement s = c.createStatement()) {
            int applicationId = single(s, "PRAGMA application_id");
            int version = single(s, "PRAGMA user_version");
            int tables = single(s, "SELECT count(*) FROM sqlite_master");
            if (applicationId == 0 && version == 0 && tables == 0) {
                return; // an empty SQLite file: safe to initialise
            }
            if (applicationId != schema.applicationId()) {
                throw new StoreException(file + " is not a Tidemark " + schema.fileDescription()
                        + " (it belongs to another program or is another Tidemark file); nothing was changed.");
            }
            if (version > schema.latestVersion()) {
                throw new StoreException(file + " was written by a newer Tidemark (schema version " + version
                        + "; this version understands up to " + schema.latestVersion()
                        + "). Update Tidemark to open it; nothing was changed.");
            }
        } catch (SQLException e) {
            throw translate(e, "read " + file);
        }
    }

    private static void migrate(Connection c, Path file, Schema schema) throws SQLException {
        try (Statement s = c.createStatement()) {
            while (true) {
                s.execute("BEGIN IMMEDIATE");
                boolean done = false;
                try {
                    // Re-read under the write lock: another process may have migrated meanwhile.
                    int version = single(s, "PRAGMA user_version");
                    if (version > schema.latestVersion()) {
                        throw new StoreException(file + " was written by a newer Tidemark; nothing was changed.");
                    }
                    if (version == schema.latestVersion()) {
                        s.execute("COMMIT");
                        done = true;
                        return;
                    }
                    for (String sql : schema.migrations().get(version)) {
                        s.execute(sql);
                    }
                    s.execute("PRAGMA application_id = " + schema.applicationId());
                    s.execute("PRAGMA user_version = " + (version + 1));
                    s.execute("COMMIT");
                    done = true;
                } finally {
                    if (!done) {
                        rollbackQuietly(s);
                    }
                }
            }
        }
    }

    /**
     * A read-only connection for checking a file before trusting it. Without a write-ahead log beside
     * it (the file was closed cleanly) the main file holds everything, so it is read as immutable and
     * SQLite creates no -wal/-shm files next to a file that may be refused; with a log present it is
     * read normally, to see the committed frames.
     */
    public static Connection inspect(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        boolean walPresent = Files.exists(file.resolveSibling(file.getFileName() + "-wal"));
        String url = walPresent
                ? "jdbc:sqlite:" + file.toAbsolutePath()
                : "jdbc:sqlite:" + file.toAbsolutePath().toUri() + "?immutable=1";
        return DriverManager.getConnection(url, config.toProperties());
    }

    private static Connection connect(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(false);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setCacheSize(-64_000); // 64 MB page cache
        if (readOnly) {
            config.setReadOnly(true);
        }
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    private static int single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    public Path file() {
        return file;
    }

    public Schema schema() {
        return schema;
    }

    /** Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction; rolls back on any failure. */
    public <T> T write(SqlWork<T> work) {
        ensureOpen();
        writeLock.lock();
        try (Statement s = writer.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                T result = work.run(writer);
                s.execute("COMMIT");
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollbackQuietly(s);
                }
            }
        } catch (SQLException e) {
            throw translate(e, "write to " + file.getFileName());
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs {@code work} on a reader connection inside one read transaction (a consistent snapshot). */
    public <T> T read(SqlWork<T> work) {
        ensureOpen();
        Connection c = borrowReader();
        boolean healthy = false;
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN");
            try {
                T result = work.run(c);
                healthy = true;
                return result;
            } finally {
                rollbackQuietly(s);
            }
        } catch (SQLException e) {
            throw translate(e, "read " + file.getFileName());
        } finally {
            returnReader(c, healthy);
        }
    }

    /** SQLite's {@code PRAGMA quick_check}: an empty list means the file's structure is intact. */
    public List<String> quickCheck() {
        return read(c -> {
            List<String> problems = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
                while (rs.next()) {
                    if (!"ok".equals(rs.getString(1))) {
                        problems.add(rs.getString(1));
                    }
                }
            }
            return problems;
        });
    }

    private Connection borrowReader() {
        synchronized (idleReaders) {
            Connection c = idleReaders.pollFirst();
            if (c != null) {
                return c;
            }
        }
        try {
            return connect(file, true);
        } catch (SQLException e) {
            throw translate(e, "open a reader on " + file.getFileName());
        }
    }

    private void returnReader(Connection c, boolean healthy) {
        synchronized (idleReaders) {
            if (healthy && !closed && idleReaders.size() < MAX_IDLE_READERS) {
                idleReaders.addFirst(c);
                return;
            }
        }
        closeQuietly(c);
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException(file.getFileName() + " is closed");
        }
    }

    /** Turns SQLite's codes into messages a person can act on. */
    public static StoreException translate(SQLException e, String action) {
        if (e instanceof SQLiteException se) {
            SQLiteErrorCode code = se.getResultCode();
            String base = code.name().toUpperCase(Locale.ROOT);
            if (base.startsWith("SQLITE_NOTADB")) {
                return new StoreException("Could not " + action + ": the file is not a database (corrupt, or not a Tidemark file); nothing was changed.", e);
            }
            if (base.startsWith("SQLITE_CORRUPT")) {
                return new StoreException("Could not " + action + ": the database file is corrupt. Run 'tidemark doctor' and restore from another device or a backup.", e);
            }
            if (base.startsWith("SQLITE_BUSY") || base.startsWith("SQLITE_LOCKED")) {
                return new StoreException("Could not " + action + ": another process held the database locked for more than "
                        + BUSY_TIMEOUT_MS / 1000 + " s. Nothing was changed; try again.", e);
            }
            if (base.startsWith("SQLITE_FULL")) {
                return new StoreException("Could not " + action + ": the disk is full. The change being written was rolled back;"
                        + " what was committed before it is kept. Free some space and try again.", e);
            }
            if (base.startsWith("SQLITE_READONLY") || base.startsWith("SQLITE_CANTOPEN") || base.startsWith("SQLITE_PERM")) {
                return new StoreException("Could not " + action + ": no permission to open or write the file (" + code.message + ").", e);
            }
            if (base.startsWith("SQLITE_IOERR")) {
                return new StoreException("Could not " + action + ": disk I/O error (" + code.message + "). The transaction was rolled back.", e);
            }
        }
        return new StoreException("Could not " + action + ": " + e.getMessage(), e);
    }

    private static void rollbackQuietly(Statement s) {
        try {
            if (!s.getConnection().getAutoCommit()) {
                s.getConnection().rollback();
            } else {
                s.execute("ROLLBACK");
            }
        } catch (SQLException ignored) {
            // Nothing open to roll back (SQLite may already have rolled back on error).
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing is best effort
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writeLock.lock();
        try {
            synchronized (idleReaders) {
                idleReaders.forEach(Database::closeQuietly);
                idleReaders.clear();
            }
            closeQuietly(writer);
        } finally {
            writeLock.unlock();
        }
    }
}
