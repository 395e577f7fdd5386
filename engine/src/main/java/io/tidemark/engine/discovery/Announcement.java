package io.tidemark.engine.discovery;

import java.util.Map;
import java.util.Optional;

/**
 * The TXT payload of a Tidemark mDNS announcement: device id and protocol version, nothing else.
 *
 * <p>Kept to exactly these two keys because mDNS is broadcast to everyone on the LAN: library names,
 * device names or folder paths must never appear in the clear. Parsing is separate from jmDNS so that
 * incomplete announcements (jmDNS may report a service resolved before its TXT record arrived) can be
 * recognised and tested without a network.
 *
 * @param deviceId the {@code id} record
 * @param protocolVersion the {@code pv} record
 */
record Announcement(String deviceId, int protocolVersion) {

    static final String ID_KEY = "id";
    static final String PROTOCOL_VERSION_KEY = "pv";

    /** The TXT properties to announce: exactly {@code id} and {@code pv}. */
    static Map<String, String> txtProperties(DiscoveryConfig config) {
        return Map.of(ID_KEY, config.deviceId(), PROTOCOL_VERSION_KEY, Integer.toString(config.protocolVersion()));
    }

    /**
     * Reads the two TXT values. Empty when either is missing (not yet received, so worth asking
     * again) or malformed.
     */
    static Optional<Announcement> parse(String id, String protocolVersion) {
        if (id == null || id.isBlank() || protocolVersion == null) {
            return Optional.empty();
        }
        try {
            int pv = Integer.parseInt(protocolVersion.trim());
            return pv < 0 ? Optional.empty() : Optional.of(new Announcement(id, pv));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
