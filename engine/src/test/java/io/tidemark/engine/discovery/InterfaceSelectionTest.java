package io.tidemark.engine.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Interface selection over made-up interfaces: no sockets, nothing read from or sent to the network. */
class InterfaceSelectionTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InterfaceDescription nic(String name, boolean up, boolean multicast, String... addresses) {
        return new InterfaceDescription(name, name, up, false, false, false, multicast,
                List.of(addresses).stream().map(InterfaceSelectionTest::ip).toList());
    }

    private static final InterfaceDescription LO = new InterfaceDescription("lo", "lo", true, true, false, false, true,
            List.of(ip("127.0.0.1"), ip("::1")));
    private static final InterfaceDescription ETH0 = nic("eth0", true, true, "192.168.1.20", "fe80::1");
    private static final InterfaceDescription WLAN0 = nic("wlan0", true, true, "10.0.0.7", "10.0.0.8");

    private static List<String> keys(InterfaceSelection s) {
        return s.addresses().stream().map(SelectedAddress::key).toList();
    }

    @Test
    void automaticChoiceTakesEveryIpv4AddressOfSuitableInterfacesAndNoIpv6() {
        InterfaceSelection s = InterfaceSelection.select(List.of(WLAN0, LO, ETH0), Set.of());
        assertThat(keys(s)).containsExactly("eth0/192.168.1.20", "wlan0/10.0.0.7", "wlan0/10.0.0.8");
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void loopbackIsExcludedUnlessNamed() {
        assertThat(keys(InterfaceSelection.select(List.of(LO), Set.of()))).isEmpty();
        assertThat(keys(InterfaceSelection.select(List.of(LO, ETH0), Set.of("lo")))).containsExactly("lo/127.0.0.1");
    }

    @Test
    void downAndNonMulticastInterfacesAreExcluded() {
        InterfaceDescription down = nic("eth1", false, true, "192.168.2.2");
        InterfaceDescription noMulticast = nic("eth2", true, false, "192.168.3.3");
        assertThat(keys(InterfaceSelection.select(List.of(down, noMulticast, ETH0), Set.of())))
                .containsExactly("eth0/192.168.1.20");
    }

    @Test
    void namedButDownOrNonMulticastInterfacesAreExcludedWithAReason() {
        InterfaceDescription down = nic("eth1", false, true, "192.168.2.2");
        InterfaceDescription loNoMulticast = new InterfaceDescription("lo", "lo", true, true, false, false, false,
                List.of(ip("127.0.0.1")));
        InterfaceSelection s = InterfaceSelection.select(List.of(down, loNoMulticast), Set.of("eth1", "lo"));
        assertThat(s.addresses()).isEmpty();
        assertThat(s.warnings()).containsExactly("network interface 'eth1' is down",
                "network interface 'lo' does not support multicast (on Linux: ip link set lo multicast on)");
    }

    @Test
    void ipv6OnlyInterfacesAreExcluded() {
        InterfaceDescription v6 = nic("eth3", true, true, "fe80::2", "2001:db8::3");
        assertThat(keys(InterfaceSelection.select(List.of(v6), Set.of()))).isEmpty();
        InterfaceSelection named = InterfaceSelection.select(List.of(v6), Set.of("eth3"));
        assertThat(named.addresses()).isEmpty();
        assertThat(named.warnings()).containsExactly("network interface 'eth3' has no IPv4 address");
    }

    @Test
    void vpnContainerAndVirtualInterfacesAreExcludedAutomaticallyButUsableWhenNamed() {
        InterfaceDescription docker = nic("docker0", true, true, "172.17.0.1");
        InterfaceDescription wireguard = nic("wg0", true, true, "10.8.0.2");
        InterfaceDescription pointToPoint = new InterfaceDescription("ppp9", "ppp9", true, false, false, true, true,
                List.of(ip("10.9.0.2")));
        InterfaceDescription hyperV = new InterfaceDescription("eth7", "Hyper-V Virtual Ethernet Adapter", true, false,
                false, false, true, List.of(ip("172.20.0.1")));
        InterfaceDescription subInterface = new InterfaceDescription("eth0:1", "eth0:1", true, false, true, false, true,
                List.of(ip("192.168.1.99")));
        List<InterfaceDescription> all = List.of(docker, wireguard, pointToPoint, hyperV, subInterface, ETH0);
        assertThat(keys(InterfaceSelection.select(all, Set.of()))).containsExactly("eth0/192.168.1.20");
        assertThat(keys(InterfaceSelection.select(all, Set.of("docker0")))).containsExactly("docker0/172.17.0.1");
    }

    @Test
    void namedFilterKeepsOnlyTheNamedInterfaces() {
        InterfaceSelection s = InterfaceSelection.select(List.of(LO, ETH0, WLAN0), Set.of("wlan0"));
        assertThat(keys(s)).containsExactly("wlan0/10.0.0.7", "wlan0/10.0.0.8");
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void anUnknownNameYieldsAnEmptySelectionAndSaysWhatExists() {
        InterfaceSelection s = InterfaceSelection.select(List.of(LO, ETH0, WLAN0), Set.of("en9"));
        assertThat(s.addresses()).isEmpty();
        assertThat(s.warnings()).containsExactly("no network interface named 'en9' (available: eth0, lo, wlan0)");
    }

    @Test
    void noSuitableInterfaceAtAllIsExplained() {
        InterfaceSelection s = InterfaceSelection.select(List.of(LO), Set.of());
        assertThat(s.addresses()).isEmpty();
        assertThat(s.warnings()).singleElement().asString()
                .startsWith("no suitable network interface for discovery").contains("--discovery-interface");
    }
}
