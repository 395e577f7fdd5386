package io.tidemark.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HomeTest {

    @Test
    void explicitBeatsEnvironmentBeatsOsDefault() {
        Map<String, String> env = Map.of(Home.ENV, "/env/home", "XDG_DATA_HOME", "/xdg");
        assertThat(Home.resolve("/explicit", env, "Linux", "/home/u").dir()).isEqualTo(Path.of("/explicit"));
        assertThat(Home.resolve(null, env, "Linux", "/home/u").dir()).isEqualTo(Path.of("/env/home"));
    }

    @Test
    void osDefaults() {
        assertThat(Home.resolve(null, Map.of("XDG_DATA_HOME", "/xdg"), "Linux", "/home/u").dir()).isEqualTo(Path.of("/xdg/tidemark"));
        assertThat(Home.resolve(null, Map.of(), "Linux", "/home/u").dir()).isEqualTo(Path.of("/home/u/.local/share/tidemark"));
        assertThat(Home.resolve(null, Map.of(), "Mac OS X", "/Users/u").dir())
                .isEqualTo(Path.of("/Users/u/Library/Application Support/Tidemark"));
        assertThat(Home.resolve(null, Map.of("APPDATA", "C:/Users/u/AppData/Roaming"), "Windows 11", "C:/Users/u").dir())
                .isEqualTo(Path.of("C:/Users/u/AppData/Roaming", "Tidemark"));
    }

    @Test
    void filesLiveInTheHome() {
        Home home = new Home(Path.of("/h"));
        assertThat(home.libraryDb()).isEqualTo(Path.of("/h/library.db"));
        assertThat(home.syncDb()).isEqualTo(Path.of("/h/sync.db"));
    }
}
