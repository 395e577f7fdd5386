package io.tidemark.engine.api;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether an engine holds a home's {@link HomeLock}, asked without taking it for longer than the
 * question. Apart from HomeLock so that a CLI call answered by the daemon ({@code status}) loads no
 * store class to ask it, and starts as fast as before.
 */
public final class HomeLockProbe {
    static final String FILE = "engine.lock";

    private HomeLockProbe() {
    }

    /** Whether an engine runs on {@code home} now (in this process or another). */
    public static boolean isHeld(Home home) {
        Path file = home.dir().resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Null if another process holds it, or another channel of this process (the JVM refuses overlapping locks). */
    static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }
}
