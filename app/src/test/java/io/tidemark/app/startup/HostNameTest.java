package io.tidemark.app.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostNameTest {
    @Test
    void domainIsDroppedAndUselessNamesAreEmpty() {
        assertThat(HostName.clean("laptop.local")).contains("laptop");
        assertThat(HostName.clean("  studio  ")).contains("studio");
        assertThat(HostName.clean("192.168.1.20")).contains("192.168.1.20");
        assertThat(HostName.clean("localhost")).isEmpty();
        assertThat(HostName.clean(" ")).isEmpty();
        assertThat(HostName.clean(null)).isEmpty();
    }

    @Test
    void environmentIsAskedFirst() {
        assertThat(HostName.fromEnvironment(Map.of("COMPUTERNAME", "DESKTOP-1", "HOSTNAME", "x"))).contains("DESKTOP-1");
        assertThat(HostName.fromEnvironment(Map.of("HOSTNAME", "box.example.org"))).contains("box");
        assertThat(HostName.fromEnvironment(Map.of())).isEqualTo(Optional.empty());
    }
}
