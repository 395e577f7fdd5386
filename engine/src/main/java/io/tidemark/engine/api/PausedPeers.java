package io.tidemark.engine.api;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which members a person paused, kept in the home ({@code paused-peers}, one device id per line) so a
 * pause survives a restart. Written to a temporary file and moved into place, so a crash leaves
 * either the old list or the new one.
 */
final class PausedPeers {
    static final String FILE_NAME = "paused-peers";

    private PausedPeers() {
    }

    static Set<DeviceId> load(Home home) {
        Path file = home.dir().resolve(FILE_NAME);
        Set<DeviceId> out = new HashSet<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    try {
                        out.add(DeviceId.parse(line.trim()));
                    } catch (IllegalArgumentException e) {
                        // A line someone edited by hand: skip it rather than refuse to start.
                    }
                }
            }
        } catch (IOException e) {
            throw new StoreException("Could not read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    static void save(Home home, Set<DeviceId> paused) {
        Path file = home.dir().resolve(FILE_NAME);
        Path temp = home.dir().resolve(FILE_NAME + ".tmp");
        try {
            List<String> lines = paused.stream().map(DeviceId::toString).sorted().toList();
            Files.write(temp, lines, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StoreException("Could not save the paused members to " + file + ": " + e.getMessage(), e);
        }
    }
}
