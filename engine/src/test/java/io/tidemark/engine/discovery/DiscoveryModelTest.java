package io.tidemark.engine.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import javax.jmdns.ServiceInfo;
import org.junit.jupiter.api.Test;

/**
 * The parts of discovery that need no network: config validation, the TXT payload, and merging what
 * several jmDNS instances resolved. Builds a {@link ServiceInfo} (a plain value) but never a JmDNS.
 */
class DiscoveryModelTest {

    private static final String ID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private static InetSocketAddress at(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port); // a literal, never looked up
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theAnnouncementCarriesExactlyIdAndProtocolVersion() {
        DiscoveryConfig config = new DiscoveryConfig(ID, 47100, 3, Set.of("eth0"), Duration.ofSeconds(5));
        ServiceInfo info = LanDiscovery.serviceInfo(config);
        assertThat(info.getType()).isEqualTo("_tidemark._tcp.local.");
        assertThat(info.getName()).isEqualTo("0f1e2d3c-4b5a-69");
        assertThat(info.getPort()).isEqualTo(47100);
        assertThat(Collections.list(info.getPropertyNames())).containsExactlyInAnyOrder("id", "pv");
        assertThat(info.getPropertyString("id")).isEqualTo(ID);
        assertThat(info.getPropertyString("pv")).isEqualTo("3");
    }

    @Test
    void incompleteOrMalformedTxtIsNotAnAnnouncement() {
        assertThat(Announcement.parse(ID, "2")).contains(new Announcement(ID, 2));
        assertThat(Announcement.parse(null, null)).isEmpty();
        assertThat(Announcement.parse(ID, null)).isEmpty();
        assertThat(Announcement.parse(" ", "2")).isEmpty();
        assertThat(Announcement.parse(ID, "two")).isEmpty();
        assertThat(Announcement.parse(ID, "-1")).isEmpty();
    }

    @Test
    void configRejectsBadValuesAndCopiesNames() {
        assertThatThrownBy(() -> DiscoveryConfig.allInterfaces("", 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DiscoveryConfig.allInterfaces(ID, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DiscoveryConfig.allInterfaces(ID, 65536, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DiscoveryConfig(ID, 1, 1, Set.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DiscoveryConfig.allInterfaces("x".repeat(256), 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(DiscoveryConfig.allInterfaces(ID, 1, 1).interfaceNames()).isEmpty();
    }

    @Test
    void aDeviceSeenOnTwoInterfacesIsOneDeviceWithBothAddresses() {
        DeviceTable table = new DeviceTable();
        Announcement peer = new Announcement("peer", 1);
        assertThat(table.resolved("eth0/192.168.1.2", "peer._tidemark._tcp.local.", peer,
                List.of(at("192.168.1.9", 4000)), T0)).isTrue();
        assertThat(table.resolved("wlan0/10.0.0.2", "peer (2)._tidemark._tcp.local.", peer,
                List.of(at("10.0.0.9", 4000)), T0.plusSeconds(1))).isTrue();
        assertThat(table.snapshot()).containsExactly(new DiscoveredDevice("peer",
                List.of(at("10.0.0.9", 4000), at("192.168.1.9", 4000)), 1, T0.plusSeconds(1)));

        assertThat(table.resolved("wlan0/10.0.0.2", "peer (2)._tidemark._tcp.local.", peer,
                List.of(at("10.0.0.9", 4000)), T0.plusSeconds(2))).as("re-announcement is no change").isFalse();

        assertThat(table.sourceGone("wlan0/10.0.0.2")).isTrue();
        assertThat(table.snapshot()).singleElement().extracting(DiscoveredDevice::addresses)
                .isEqualTo(List.of(at("192.168.1.9", 4000)));

        assertThat(table.removed("eth0/192.168.1.2", "unknown._tidemark._tcp.local.")).isFalse();
        assertThat(table.removed("eth0/192.168.1.2", "peer._tidemark._tcp.local.")).isTrue();
        assertThat(table.snapshot()).isEmpty();
    }

    @Test
    void aChangedPortOrVersionIsAnUpdate() {
        DeviceTable table = new DeviceTable();
        table.resolved("lo/127.0.0.1", "a", new Announcement("peer", 1), List.of(at("127.0.0.1", 4000)), T0);
        assertThat(table.resolved("lo/127.0.0.1", "a", new Announcement("peer", 2), List.of(at("127.0.0.1", 4000)),
                T0)).isTrue();
        assertThat(table.resolved("lo/127.0.0.1", "a", new Announcement("peer", 2), List.of(at("127.0.0.1", 4001)),
                T0)).isTrue();
        assertThat(table.snapshot()).containsExactly(
                new DiscoveredDevice("peer", List.of(at("127.0.0.1", 4001)), 2, T0));
    }

    @Test
    void instanceNamesAreTheFirstSixteenCharactersOfTheId() {
        assertThat(LanDiscovery.instanceName(ID)).isEqualTo("0f1e2d3c-4b5a-69");
        assertThat(LanDiscovery.instanceName("a.b")).isEqualTo("a-b");
    }
}
