package io.tidemark.engine.api;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.sync.Event;
import io.tidemark.engine.store.sync.Peer;
import io.tidemark.engine.store.sync.SyncStore;
import io.tidemark.engine.store.sync.Trust;
import io.tidemark.engine.transport.PeerDirectory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Membership over the stores. Who is trusted lives in sync.db's peers table (MEMBER or FORGOTTEN,
 * with addresses and last seen); what a member is (name, OS, version, the uuid owning its rows)
 * lives in its device record in library.db, which only its owner writes and others apply.
 */
final class StorePeerDirectory implements PeerDirectory {
    private static final int MAX_ADDRESSES = 8;

    private final LibraryStore library;
    private final SyncStore sync;
    private final DeviceId self;
    private final Map<DeviceId, CompletableFuture<Void>> introductions = new ConcurrentHashMap<>();
    private final Object eventSignal = new Object();
    private long eventsVersion;

    StorePeerDirectory(LibraryStore library, SyncStore sync, DeviceId self) {
        this.library = library;
        this.sync = sync;
        this.self = self;
    }

    @Override
    public UUID libraryId() {
        return library.identity().libraryId();
    }

    @Override
    public String libraryName() {
        return library.identity().libraryName();
    }

    @Override
    public Trust trustOf(DeviceId device) {
        if (device.equals(self)) {
            return Trust.MEMBER;
        }
        return sync.peers().get(device.bytes()).map(p -> switch (p.trust()) {
            case MEMBER -> Trust.MEMBER;
            case FORGOTTEN -> Trust.FORGOTTEN;
            default -> Trust.UNKNOWN;
        }).orElse(Trust.UNKNOWN);
    }

    @Override
    public List<Message.Member> members() {
        Map<String, DeviceRecord> records = new HashMap<>();
        for (DeviceRecord d : library.devices()) {
            if (d.certFingerprint() != null && d.certFingerprint().length == DeviceId.LENGTH) {
                records.put(new DeviceId(d.certFingerprint()).toString(), d);
            }
        }
        Map<String, Message.Member> members = new LinkedHashMap<>();
        members.put(self.toString(), member(self, records.get(self.toString()), "", List.of()));
        for (Peer p : sync.peers().list(io.tidemark.engine.store.sync.Trust.MEMBER)) {
            DeviceId id = new DeviceId(p.deviceId());
            members.putIfAbsent(id.toString(), member(id, records.get(id.toString()), p.name(), p.addresses()));
        }
        return new ArrayList<>(members.values());
    }

    /** A member as told to peers; before its device record arrives, its uuid derives from its device id. */
    private static Message.Member member(DeviceId id, DeviceRecord record, String name, List<String> addresses) {
        if (record == null) {
            return new Message.Member(id.toString(), Ids.fromDigest(id.bytes()).toString(), 0, name, "", "", addresses);
        }
        return new Message.Member(id.toString(), record.uuid().toString(), record.stamp(), record.name(),
                nullToEmpty(record.os()), nullToEmpty(record.appVersion()), addresses);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public boolean learn(List<Message.Member> members, DeviceId from) {
        boolean changed = false;
        List<DeviceRecord> records = new ArrayList<>();
        Set<UUID> held = new java.util.HashSet<>();
        library.devices().forEach(d -> held.add(d.uuid()));
        for (Message.Member m : members) {
            DeviceId id;
            UUID uuid;
            try {
                id = DeviceId.parse(m.deviceId());
                uuid = UUID.fromString(m.uuid());
            } catch (IllegalArgumentException e) {
                event("peer.refused", from, "Ignored a malformed member entry from " + from.shortForm() + ": " + e.getMessage());
                continue;
            }
            if (id.equals(self)) {
                continue;
            }
            if (!uuid.equals(Ids.fromDigest(id.bytes()))) {
                // A device's records are owned by the uuid its certificate gives it; any other would let a
                // member plant a device record (a name, an owner) that no certificate stands behind.
                event("peer.refused", from, "Ignored a member entry from " + nameOf(from) + ": the record it carries for "
                        + m.name() + " does not belong to that device");
                continue;
            }
            Trust trust = trustOf(id);
            if (trust == Trust.FORGOTTEN) {
                continue; // forgotten here stays forgotten, whoever still lists it
            }
            if (trust == Trust.UNKNOWN) {
                sync.peers().upsert(new Peer(id.bytes(), m.name(), cap(m.addresses()), io.tidemark.engine.store.sync.Trust.MEMBER, null));
                event("peer.introduced", id, nameOf(from) + " introduced " + (m.name().isBlank() ? id.shortForm() : m.name()));
                changed = true;
            } else {
                changed |= addAddresses(id, m.addresses());
            }
            // Only the device itself sets its record; another member only the first one, as it introduces
            // the device (later changes come from the owner, by pull or from its own list).
            if (m.stamp() > 0 && (id.equals(from) || !held.contains(uuid))) {
                records.add(new DeviceRecord(uuid, uuid, m.stamp(), m.name(), m.os(), m.appVersion(), id.bytes()));
                held.add(uuid);
            }
        }
        if (!records.isEmpty()) {
            library.applyOwned(records);
        }
        introductions.computeIfAbsent(from, f -> new CompletableFuture<>()).complete(null);
        return changed;
    }

    /** Appends addresses not known yet (never reorders, so two peers' lists cannot ping-pong). */
    private boolean addAddresses(DeviceId id, List<String> addresses) {
        Optional<Peer> existing = sync.peers().get(id.bytes());
        if (existing.isEmpty()) {
            return false;
        }
        Peer p = existing.get();
        List<String> merged = new ArrayList<>(p.addresses());
        addresses.stream().filter(a -> !merged.contains(a)).forEach(merged::add);
        if (merged.size() == p.addresses().size() || p.addresses().size() >= MAX_ADDRESSES) {
            return false;
        }
        sync.peers().setAddresses(p.deviceId(), cap(merged));
        return true;
    }

    /** Completes once {@code peer} has told this device its member list. */
    CompletableFuture<Void> introducedBy(DeviceId peer) {
        return introductions.computeIfAbsent(peer, f -> new CompletableFuture<>());
    }

    @Override
    public void admit(DeviceId device, String name, List<String> addresses) {
        Optional<Peer> existing = sync.peers().get(device.bytes());
        Set<String> merged = new LinkedHashSet<>(addresses);
        existing.ifPresent(p -> merged.addAll(p.addresses()));
        String shownName = !name.isBlank() ? name : existing.map(Peer::name).orElse("");
        sync.peers().upsert(new Peer(device.bytes(), shownName, cap(new ArrayList<>(merged)), io.tidemark.engine.store.sync.Trust.MEMBER,
                existing.map(Peer::lastSeen).orElse(null)));
    }

    @Override
    public void adopt(UUID libraryId, String libraryName) {
        if (library.identity().libraryId().equals(libraryId)) {
            return;
        }
        library.adoptLibrary(libraryId, libraryName);
        sync.adoptLibrary(libraryId);
    }

    @Override
    public List<String> addressesOf(DeviceId device) {
        return sync.peers().get(device.bytes()).map(Peer::addresses).orElse(List.of());
    }

    @Override
    public void rememberAddress(DeviceId device, String hostPort) {
        sync.peers().get(device.bytes()).ifPresent(p -> {
            if (p.addresses().isEmpty() || !p.addresses().get(0).equals(hostPort)) {
                List<String> addresses = new ArrayList<>();
                addresses.add(hostPort);
                p.addresses().stream().filter(a -> !a.equals(hostPort)).forEach(addresses::add);
                sync.peers().setAddresses(p.deviceId(), cap(addresses));
            }
        });
    }

    private static List<String> cap(List<String> addresses) {
        return addresses.size() <= MAX_ADDRESSES ? addresses : addresses.subList(0, MAX_ADDRESSES);
    }

    @Override
    public void seen(DeviceId device) {
        sync.peers().touch(device.bytes(), Instant.now());
    }

    @Override
    public void event(String kind, DeviceId peer, String message) {
        sync.events().append(new Event(Instant.now(), kind, peer == null ? null : peer.bytes(), message, null));
        synchronized (eventSignal) {
            eventsVersion++;
            eventSignal.notifyAll();
        }
    }

    /** Bumped on every recorded event; see {@link #awaitEvents}. */
    long eventsVersion() {
        synchronized (eventSignal) {
            return eventsVersion;
        }
    }

    /** Waits until an event newer than {@code seenVersion} is recorded, or {@code timeoutMillis} pass. */
    void awaitEvents(long seenVersion, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (eventSignal) {
            for (long left = timeoutMillis; eventsVersion == seenVersion && left > 0; left = deadline - System.currentTimeMillis()) {
                eventSignal.wait(left);
            }
        }
    }

    /** Forgets a member: refused from now on, whoever lists it. */
    boolean forget(DeviceId device) {
        return sync.peers().setTrust(device.bytes(), io.tidemark.engine.store.sync.Trust.FORGOTTEN);
    }

    @Override
    public String nameOf(DeviceId device) {
        UUID uuid = io.tidemark.engine.model.Ids.fromDigest(device.bytes());
        return library.devices().stream().filter(d -> d.uuid().equals(uuid)).map(d -> d.name())
                .filter(n -> n != null && !n.isBlank()).findFirst().orElse(device.shortForm());
    }
}
