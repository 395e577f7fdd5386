package io.tidemark.engine.discovery;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * One IPv4 address on one interface that discovery runs a jmDNS instance on.
 *
 * <p>jmDNS binds one instance to one address, and the no-argument {@code JmDNS.create()} may pick a
 * VPN or IPv6 address and see nobody; so discovery runs one instance per selected address and keys
 * them by {@link #key()} to add and remove them as addresses come and go.
 *
 * @param interfaceName the interface's OS name
 * @param address the IPv4 address on it
 */
public record SelectedAddress(String interfaceName, Inet4Address address) {

    public SelectedAddress {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(address, "address");
    }

    /** A stable key such as {@code eth0/192.168.1.20}. */
    public String key() {
        return interfaceName + "/" + address.getHostAddress();
    }
}
