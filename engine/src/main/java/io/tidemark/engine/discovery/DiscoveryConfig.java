package io.tidemark.engine.discovery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link LanDiscovery} announces and where it listens.
 *
 * <p>Immutable and validated up front so a bad value (an empty id, a port out of range, a TXT value
 * too long for DNS) fails when the daemon starts, not later on a jmDNS thread.
 *
 * @param deviceId this device's id, announced as the {@code id} TXT record; at most 255 UTF-8 bytes
 * @param port the TCP port this device accepts sync connections on, announced in the SRV record
 * @param protocolVersion the sync protocol version, announced as the {@code pv} TXT record
 * @param interfaceNames network interface names to use (as from {@code --discovery-interface}); empty
 *        means every suitable interface, see {@link InterfaceSelection#select}
 * @param interfaceRefresh how often to re-scan interfaces for addresses that came or went
 */
public record DiscoveryConfig(String deviceId, int port, int protocolVersion, Set<String> interfaceNames,
        Duration interfaceRefresh) {

    /** A sensible re-scan period: quick enough to follow a laptop joining Wi-Fi, cheap enough to ignore. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(15);

    public DiscoveryConfig {
        Objects.requireNonNull(deviceId, "deviceId");
        if (deviceId.isBlank() || deviceId.getBytes(StandardCharsets.UTF_8).length > 255
                || deviceId.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("device id must be 1-255 bytes without control characters");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (protocolVersion < 0) {
            throw new IllegalArgumentException("protocol version must not be negative: " + protocolVersion);
        }
        interfaceNames = Set.copyOf(interfaceNames);
        Objects.requireNonNull(interfaceRefresh, "interfaceRefresh");
        if (interfaceRefresh.isNegative() || interfaceRefresh.isZero()) {
            throw new IllegalArgumentException("interface refresh must be positive: " + interfaceRefresh);
        }
    }

    /** Every suitable interface, re-scanned every {@link #DEFAULT_REFRESH}. */
    public static DiscoveryConfig allInterfaces(String deviceId, int port, int protocolVersion) {
        return new DiscoveryConfig(deviceId, port, protocolVersion, Set.of(), DEFAULT_REFRESH);
    }
}
