package io.tidemark.engine.api.control;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where a running daemon tells local clients how to reach it: {@code control.token} (the secret every
 * request must carry) and {@code daemon.json} (port and pid), both readable by the owner only.
 */
final class ControlFiles {
    static final String TOKEN = "control.token";
    static final String DAEMON = "daemon.json";

    private ControlFiles() {
    }

    /** Writes {@code content} so that no other user can ever read it, replacing any old file atomically. */
    static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            try {
                Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                // deleted above; a racing writer wins and is overwritten below
            }
        }
        Files.write(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
