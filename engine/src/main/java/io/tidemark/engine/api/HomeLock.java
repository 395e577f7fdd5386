package io.tidemark.engine.api;

import io.tidemark.engine.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One running engine per home: the app or a daemon holds an operating-system lock on the home's
 * {@code engine.lock} for as long as it syncs. Two started at the same moment cannot both get it,
 * and the lock goes with the process however it ends, so a record left by a killed daemon (its pid
 * since reused by another program) is told from a live engine by the lock, not by the pid.
 * One-off CLI writers (generate, tag, index) open the stores without it: SQLite orders their
 * writes with the engine's, and the engine picks them up.
 */
public final class HomeLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the home's lock.
     *
     * @throws StoreException naming the process that holds it, if another engine runs on this home
     */
    public static HomeLock acquire(Home home) {
        Path file = home.dir().resolve(HomeLockProbe.FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = HomeLockProbe.tryLock(channel);
            if (lock == null) {
                String holder = holder(file);
                channel.close();
                throw new StoreException("Another Tidemark (the app or a daemon" + holder + ") is already running on " + home.dir()
                        + ". Stop it first, or use the command line against it (tidemark status, pause, …).");
            }
            // Who holds it, for the message above: read by others only while the lock is held.
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new HomeLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException("Could not lock the home folder " + home.dir() + ": " + e.getMessage(), e);
        }
    }

    private static String holder(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return pid.matches("\\d+") ? ", process " + pid : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing: the first error is the one to report
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }
}
