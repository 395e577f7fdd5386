package io.tidemark.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.api.JavaCommand;
import io.tidemark.engine.api.control.ControlServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tidemark status} while a daemon runs, as its own process: it answers from the daemon, so it
 * must not touch the stores. Checked by what the JVM loads: no engine, store, SQLite or BouncyCastle
 * class, which would also cost the call its quick start.
 */
class StatusProcessTest {

    private static final List<String> FORBIDDEN = List.of("io.tidemark.engine.api.Engine", "io.tidemark.engine.store.",
            "org.sqlite.", "org.bouncycastle.");

    @TempDir
    Path dir;

    @Test
    void statusFromTheDaemonLoadsNoEngineStoreOrCryptoClass() throws Exception {
        Home home = new Home(dir.resolve("home"));
        try (Engine engine = Engine.init(home, "laptop", "lib"); ControlServer _ = ControlServer.start(engine, 0)) {
            for (List<String> verb : List.of(List.of("status"), List.of("status", "--json"))) {
                List<String> args = new ArrayList<>(List.of("--home", home.dir().toString()));
                args.addAll(verb);
                Process process = new ProcessBuilder(JavaCommand.of(List.of("-verbose:class"), TidemarkCli.class, args))
                        .redirectErrorStream(true).start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.waitFor()).as(out).isZero();
                assertThat(out).as("answered from the daemon").contains("laptop");
                List<String> loaded = out.lines().filter(line -> line.contains("[class,load] "))
                        .map(line -> line.substring(line.indexOf("[class,load] ") + "[class,load] ".length()).split(" ")[0]).toList();
                assertThat(loaded).as("classes loaded").hasSizeGreaterThan(100);
                assertThat(loaded).as(String.join(" ", verb)).noneMatch(name -> FORBIDDEN.stream().anyMatch(name::startsWith));
            }
        }
    }
}
