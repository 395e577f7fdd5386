package io.tidemark.engine.discovery;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Another Tidemark device seen on the LAN by mDNS.
 *
 * <p>Immutable so a snapshot can be handed to listeners on the discovery thread and read later on
 * any other thread (the UI, the dialler) without copying or locking. One record per device id: the
 * same device announced on several of our interfaces is merged, so {@code addresses} is the union of
 * every IPv4 address and port it was seen at, sorted so equal sets compare equal.
 *
 * @param deviceId the device id from the announcement's {@code id} TXT record
 * @param addresses where it can be dialled (IPv4 address and the announced port); never empty
 * @param protocolVersion the {@code pv} TXT record, so an incompatible peer can be shown but not dialled
 * @param lastSeen when an announcement from it was last resolved
 */
public record DiscoveredDevice(String deviceId, List<InetSocketAddress> addresses, int protocolVersion,
        Instant lastSeen) {

    public DiscoveredDevice {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(lastSeen, "lastSeen");
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a discovered device needs at least one address");
        }
    }
}
