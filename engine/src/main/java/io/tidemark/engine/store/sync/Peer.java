package io.tidemark.engine.store.sync;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A device this one knows of.
 *
 * @param deviceId  its id, length-agnostic (a 16-byte UUID today, possibly a 32-byte key fingerprint later)
 * @param name      its human-readable name
 * @param addresses where it was last reachable, in preference order (e.g. {@code 192.168.1.5:7420})
 * @param trust     how far it is trusted
 * @param lastSeen  when it was last seen (millisecond precision), or null if never
 */
public record Peer(byte[] deviceId, String name, List<String> addresses, Trust trust, Instant lastSeen) {

    public Peer {
        deviceId = SqlValues.peerId(deviceId, "deviceId");
        Objects.requireNonNull(name, "name");
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(trust, "trust");
        lastSeen = SqlValues.millis(lastSeen);
    }

    @Override
    public byte[] deviceId() {
        return deviceId.clone();
    }

    public Peer withTrust(Trust newTrust) {
        return new Peer(deviceId, name, addresses, newTrust, lastSeen);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Peer p
                && Arrays.equals(deviceId, p.deviceId) && name.equals(p.name) && addresses.equals(p.addresses)
                && trust == p.trust && Objects.equals(lastSeen, p.lastSeen);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(deviceId), name, addresses, trust, lastSeen);
    }

    @Override
    public String toString() {
        return "Peer[deviceId=" + SqlValues.hex(deviceId) + ", name=" + name + ", addresses=" + addresses
                + ", trust=" + trust + ", lastSeen=" + lastSeen + "]";
    }
}
