package io.tidemark.engine.store.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** Shared fixtures for the sync store tests. */
final class SyncTestSupport {

    static final UUID LIBRARY = UUID.fromString("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    static final UUID OTHER_LIBRARY = UUID.fromString("0190a1b2-c3d4-7e5f-8a9b-ffffffffffff");
    static final UUID DEVICE = UUID.fromString("0190a1b2-0000-7000-8000-000000000001");
    static final UUID OWNER_A = UUID.fromString("0190a1b2-0000-7000-8000-00000000000a");
    static final UUID OWNER_B = UUID.fromString("0190a1b2-0000-7000-8000-00000000000b");
    /** 2025-01-01T00:00:00Z, a fixed "now". */
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private SyncTestSupport() {
    }

    /** A clock the test moves by hand. */


    static SyncStore create(Path dir, Clock clock) {
        return SyncStore.open(dir.resolve(SyncSchema.FILE_NAME), LIBRARY, DEVICE, true, clock);
    }

    static byte[] peerId(int n) {
        byte[] id = new byte[16];
        id[15] = (byte) n;
        id[0] = 0x11;
        return id;
    }

    /** A 32-byte id, as a SHA-256 key fingerprint would be. */
    static byte[] fingerprint(int n) {
        byte[] id = HexFormat.of().parseHex("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        id[31] = (byte) n;
        return id;
    }

    static UUID uuid(long msb, long lsb) {
        return new UUID(msb, lsb);
    }

    static Connection rawConnection(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> listing(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
