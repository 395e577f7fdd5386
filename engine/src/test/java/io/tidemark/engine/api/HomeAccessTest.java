package io.tidemark.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Another local user reads nothing of a home: its folder and Tidemark's files in it are the owner's only. */
class HomeAccessTest {

    @TempDir
    Path dir;

    @BeforeEach
    void posix() throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "needs POSIX permissions");
    }

    @Test
    void aNewHomeIsPrivateFromTheStart() throws Exception {
        Path home = dir.resolve("new-home");
        try (Engine engine = Engine.init(new Home(home), "alpha", "lib")) {
            engine.library().writeLocal(tx -> null); // a write, so the -wal files exist too
            assertThat(mode(home)).isEqualTo("rwx------");
            Map<String, String> files = modes(home);
            assertThat(files).containsKeys("library.db", "sync.db", "device.key", "device.crt");
            assertThat(files).allSatisfy((name, mode) -> assertThat(mode).as(name).isEqualTo("rw-------"));
        }
    }

    @Test
    void anOlderHomeLeftOpenToOthersIsClosedOnStartAndOtherFilesStayAsTheyAre() throws Exception {
        Path home = dir.resolve("old-home");
        try (Engine engine = Engine.init(new Home(home), "alpha", "lib")) {
            engine.refreshSnapshot();
        }
        // As a umask of 022 left homes before this was fixed.
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> files = Files.list(home)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        Path notOurs = Files.writeString(home.resolve("notes.txt"), "the user's own file");
        Files.setPosixFilePermissions(notOurs, PosixFilePermissions.fromString("rw-r--r--"));

        try (Engine engine = Engine.open(new Home(home))) {
            assertThat(mode(home)).isEqualTo("rwx------");
            Map<String, String> files = modes(home);
            assertThat(files).containsEntry("notes.txt", "rw-r--r--");
            files.remove("notes.txt");
            assertThat(files).isNotEmpty().allSatisfy((name, mode) -> assertThat(mode).as(name).isEqualTo("rw-------"));
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static Map<String, String> modes(Path home) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(home)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                out.put(p.getFileName().toString(), mode(p));
            }
        }
        return out;
    }
}
