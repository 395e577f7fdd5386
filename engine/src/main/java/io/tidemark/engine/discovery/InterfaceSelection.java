package io.tidemark.engine.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which IPv4 addresses discovery runs on, and why others were left out.
 *
 * <p>Computed by the pure function {@link #select} so the rules can be tested without a network and
 * the warnings can be shown to the user (an interface named with {@code --discovery-interface} that
 * does not exist must say so, not silently discover nothing).
 *
 * @param addresses the chosen addresses, sorted by interface name then address
 * @param warnings human-readable reasons the selection is empty or a named interface was not used
 */
public record InterfaceSelection(List<SelectedAddress> addresses, List<String> warnings) {

    /**
     * Interface name/display-name fragments of VPNs, container bridges and hypervisor adapters: mDNS
     * on them either reaches no other device or leaks announcements where they do not belong.
     */
    private static final List<String> VIRTUAL_NAME_PREFIXES = List.of("docker", "br-", "veth", "virbr", "vmnet",
            "vboxnet", "tun", "tap", "utun", "wg", "tailscale", "zt", "ppp", "ipsec", "lxc", "lxd", "cni",
            "flannel", "cali", "podman", "vethernet", "awdl", "llw", "gif", "stf", "anpi", "bridge");
    private static final List<String> VIRTUAL_DISPLAY_FRAGMENTS = List.of("virtual", "vpn", "hyper-v", "vmware",
            "virtualbox", "tap-windows", "wireguard", "tailscale", "zerotier", "pseudo", "teredo", "loopback");

    public InterfaceSelection {
        addresses = List.copyOf(addresses);
        warnings = List.copyOf(warnings);
    }

    /**
     * Chooses the addresses to run discovery on.
     *
     * <p>With no names: every IPv4 address of every interface that is up, multicast-capable, not
     * loopback, not point-to-point and does not look virtual (by flag or by name). With names: exactly
     * those interfaces, even loopback or virtual ones (the user asked), provided each exists, is up,
     * supports multicast and has an IPv4 address; each one that does not gets a warning.
     *
     * @param interfaces the interfaces present, e.g. {@link InterfaceDescription#fromSystem()}
     * @param names interface names to restrict to; empty for automatic choice
     */
    public static InterfaceSelection select(List<InterfaceDescription> interfaces, Set<String> names) {
        List<SelectedAddress> chosen = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (names.isEmpty()) {
            for (InterfaceDescription i : interfaces) {
                if (i.up() && i.multicast() && !i.loopback() && !i.virtual() && !i.pointToPoint()
                        && !looksVirtual(i)) {
                    ipv4(i).forEach(a -> chosen.add(new SelectedAddress(i.name(), a)));
                }
            }
            if (chosen.isEmpty()) {
                warnings.add("no suitable network interface for discovery (one that is up, multicast-capable, has an"
                        + " IPv4 address and is not loopback, VPN or virtual); name one with --discovery-interface"
                        + " or add peers as HOST:PORT");
            }
        } else {
            Map<String, InterfaceDescription> byName = interfaces.stream()
                    .collect(Collectors.toMap(InterfaceDescription::name, Function.identity(), (a, b) -> a));
            for (String name : new TreeSet<>(names)) {
                InterfaceDescription i = byName.get(name);
                if (i == null) {
                    warnings.add("no network interface named '" + name + "' (available: "
                            + String.join(", ", new TreeSet<>(byName.keySet())) + ")");
                } else if (!i.up()) {
                    warnings.add("network interface '" + name + "' is down");
                } else if (!i.multicast()) {
                    warnings.add("network interface '" + name + "' does not support multicast"
                            + (i.loopback() ? " (on Linux: ip link set " + name + " multicast on)" : ""));
                } else if (ipv4(i).isEmpty()) {
                    warnings.add("network interface '" + name + "' has no IPv4 address");
                } else {
                    ipv4(i).forEach(a -> chosen.add(new SelectedAddress(i.name(), a)));
                }
            }
        }
        chosen.sort(Comparator.comparing(SelectedAddress::interfaceName)
                .thenComparing(s -> s.address().getAddress(), Arrays::compareUnsigned));
        return new InterfaceSelection(chosen.stream().distinct().toList(), warnings);
    }

    private static List<Inet4Address> ipv4(InterfaceDescription i) {
        List<Inet4Address> result = new ArrayList<>();
        for (InetAddress a : i.addresses()) {
            if (a instanceof Inet4Address v4) {
                result.add(v4);
            }
        }
        return result;
    }

    /** Whether the name or display name looks like a VPN, container or hypervisor interface. */
    static boolean looksVirtual(InterfaceDescription i) {
        String name = i.name().toLowerCase(Locale.ROOT);
        String display = i.displayName().toLowerCase(Locale.ROOT);
        return VIRTUAL_NAME_PREFIXES.stream().anyMatch(name::startsWith)
                || VIRTUAL_DISPLAY_FRAGMENTS.stream().anyMatch(display::contains);
    }
}
