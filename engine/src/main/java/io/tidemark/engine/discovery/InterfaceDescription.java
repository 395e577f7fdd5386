package io.tidemark.engine.discovery;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facts about one network interface that interface selection needs.
 *
 * <p>A plain record rather than {@link NetworkInterface} so that {@link InterfaceSelection#select}
 * is a pure function that tests can feed made-up interfaces, without reading (let alone using) the
 * machine's real network.
 *
 * @param name the OS name, e.g. {@code eth0}, {@code wlan0}, {@code lo} (what {@code --discovery-interface} names)
 * @param displayName the human name, which on Windows is where "Virtual" or "VPN" shows; may equal name
 * @param up whether the interface is up
 * @param loopback whether it is a loopback interface
 * @param virtual whether Java reports it as a virtual sub-interface
 * @param pointToPoint whether it is point-to-point (typical of VPN tunnels)
 * @param multicast whether it supports multicast
 * @param addresses its addresses, IPv4 and IPv6
 */
public record InterfaceDescription(String name, String displayName, boolean up, boolean loopback,
        boolean virtual, boolean pointToPoint, boolean multicast, List<InetAddress> addresses) {

    private static final Logger LOG = LoggerFactory.getLogger(InterfaceDescription.class);

    public InterfaceDescription {
        Objects.requireNonNull(name, "name");
        displayName = displayName == null ? name : displayName;
        addresses = List.copyOf(addresses);
    }

    /**
     * Reads the machine's interfaces. Only asks the OS what exists; sends nothing. An interface whose
     * flags cannot be read is left out (it may have vanished while being listed).
     */
    public static List<InterfaceDescription> fromSystem() {
        List<InterfaceDescription> result = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                try {
                    result.add(new InterfaceDescription(ni.getName(), ni.getDisplayName(), ni.isUp(),
                            ni.isLoopback(), ni.isVirtual(), ni.isPointToPoint(), ni.supportsMulticast(),
                            Collections.list(ni.getInetAddresses())));
                } catch (SocketException e) {
                    LOG.debug("cannot read network interface {}: {}", ni.getName(), e.toString());
                }
            }
        } catch (SocketException e) {
            LOG.warn("cannot list network interfaces", e);
        }
        return List.copyOf(result);
    }
}
