package io.tidemark.engine.api;

import io.tidemark.engine.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps a home readable by its owner only: the folder 0700, Tidemark's files in it 0600. The home holds
 * the device's private key, the control token and every record of the library, so another local
 * user must not read it (a umask of 022 made it 0755 and the databases 0644). Applied when a home
 * is created and on every start, which also fixes homes made by older versions. SQLite creates a
 * database's -wal and -shm files with the database's own permissions, so they follow.
 * On file systems without POSIX permissions (Windows) the user's profile folder already is private.
 */
public final class HomeAccess {
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private HomeAccess() {
    }

    /** The files Tidemark writes into a home: the databases with their journals, the device's key and certificate, the control files. */
    private static final List<String> PREFIXES = List.of("library.db", "sync.db", "device.", "control.", "daemon.", "engine.lock");

    static boolean ours(String name) {
        return PREFIXES.stream().anyMatch(name::startsWith);
    }

    /** Creates the home if needed, and makes it and Tidemark's files in it owner-only. */
    public static void ownerOnly(Path home) {
        try {
            if (!Files.isDirectory(home)) {
                Files.createDirectories(home);
            }
            if (!Files.getFileStore(home).supportsFileAttributeView("posix")) {
                return;
            }
            Files.setPosixFilePermissions(home, FOLDER);
            try (Stream<Path> inside = Files.list(home)) {
                for (Path p : (Iterable<Path>) inside::iterator) {
                    // Only Tidemark's own files: a home pointed at a folder that holds other things leaves those as they are.
                    if (ours(p.getFileName().toString()) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.setPosixFilePermissions(p, FILE);
                    }
                }
            }
        } catch (IOException e) {
            throw new StoreException("Could not make the home folder " + home + " private to this user: " + e.getMessage()
                    + ". Check that you own it.", e);
        }
    }
}
