package io.tidemark.engine.discovery;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What each jmDNS instance has resolved, merged into one {@link DiscoveredDevice} per device id.
 *
 * <p>A device on a LAN reached through two of our interfaces is seen by two instances, possibly under
 * two service names (jmDNS renames on a name clash); it is still one device, reachable at the union
 * of the addresses. Kept apart from jmDNS so the merging is testable without a network. Not thread
 * safe: {@link LanDiscovery} confines it to its event thread.
 */
final class DeviceTable {

    private static final Comparator<InetSocketAddress> ADDRESS_ORDER = Comparator
            .comparing((InetSocketAddress a) -> a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress())
            .thenComparingInt(InetSocketAddress::getPort);

    private record Sighting(String deviceId, int protocolVersion, List<InetSocketAddress> addresses, Instant seen) {
    }

    /** The part of a device that listeners care about changing; lastSeen alone is not a change. */
    private record View(List<InetSocketAddress> addresses, int protocolVersion) {
    }

    /** source (jmDNS instance key) -> service name (lower case) -> what it announced. */
    private final Map<String, Map<String, Sighting>> bySource = new HashMap<>();

    /** Records a resolved announcement. Returns whether the merged view changed. */
    boolean resolved(String source, String service, Announcement announcement, List<InetSocketAddress> addresses,
            Instant now) {
        Map<String, View> before = views();
        bySource.computeIfAbsent(source, s -> new HashMap<>()).put(service,
                new Sighting(announcement.deviceId(), announcement.protocolVersion(), List.copyOf(addresses), now));
        return !before.equals(views());
    }

    /** Forgets one service seen by one source (it said goodbye or expired). Returns whether the view changed. */
    boolean removed(String source, String service) {
        Map<String, Sighting> services = bySource.get(source);
        if (services == null || !services.containsKey(service)) {
            return false;
        }
        Map<String, View> before = views();
        services.remove(service);
        if (services.isEmpty()) {
            bySource.remove(source);
        }
        return !before.equals(views());
    }

    /** Forgets everything a source saw (its address went away). Returns whether the view changed. */
    boolean sourceGone(String source) {
        Map<String, View> before = views();
        bySource.remove(source);
        return !before.equals(views());
    }

    /** The merged devices, sorted by id. */
    List<DiscoveredDevice> snapshot() {
        Map<String, List<Sighting>> byDevice = new TreeMap<>();
        bySource.values().forEach(services -> services.values()
                .forEach(s -> byDevice.computeIfAbsent(s.deviceId(), id -> new ArrayList<>()).add(s)));
        List<DiscoveredDevice> result = new ArrayList<>();
        byDevice.forEach((id, sightings) -> {
            Sighting latest = sightings.stream().max(Comparator.comparing(Sighting::seen)).orElseThrow();
            Set<InetSocketAddress> addresses = new LinkedHashSet<>();
            sightings.forEach(s -> addresses.addAll(s.addresses()));
            List<InetSocketAddress> sorted = addresses.stream().sorted(ADDRESS_ORDER).toList();
            if (!sorted.isEmpty()) {
                result.add(new DiscoveredDevice(id, sorted, latest.protocolVersion(), latest.seen()));
            }
        });
        return List.copyOf(result);
    }

    private Map<String, View> views() {
        Map<String, View> result = new HashMap<>();
        for (DiscoveredDevice d : snapshot()) {
            result.put(d.deviceId(), new View(d.addresses(), d.protocolVersion()));
        }
        return result;
    }

    @Override
    public String toString() {
        return "DeviceTable" + bySource;
    }
}
