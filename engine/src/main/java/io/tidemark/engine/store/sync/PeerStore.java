package io.tidemark.engine.store.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.engine.store.Database;
import io.tidemark.engine.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The devices this one knows: members of the library, forgotten former members and nearby
 * strangers. Addresses are kept as a JSON array of strings.
 */
public final class PeerStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "device_id, name, addresses, trust, last_seen";
    private static final String UPSERT = "INSERT INTO peer (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (device_id) DO UPDATE SET name = excluded.name, addresses = excluded.addresses,"
            + " trust = excluded.trust, last_seen = excluded.last_seen";
    private static final String SELECT_ONE = "SELECT " + COLUMNS + " FROM peer WHERE device_id = ?";
    private static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM peer ORDER BY device_id";
    private static final String SELECT_TRUST = "SELECT " + COLUMNS + " FROM peer WHERE trust = ? ORDER BY device_id";
    private static final String SET_TRUST = "UPDATE peer SET trust = ? WHERE device_id = ?";
    // Last-seen only moves forward: a late report of an older sighting must not hide a newer one.
    private static final String TOUCH = "UPDATE peer SET last_seen = max(coalesce(last_seen, ?1), ?1) WHERE device_id = ?2";

    private final Database db;

    PeerStore(Database db) {
        this.db = db;
    }

    /** Inserts {@code peer}, or replaces every field of the peer with the same device id. */
    public void upsert(Peer peer) {
        Objects.requireNonNull(peer, "peer");
        String addresses = toJson(peer.addresses());
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                ps.setBytes(1, peer.deviceId());
                ps.setString(2, peer.name());
                ps.setString(3, addresses);
                ps.setString(4, peer.trust().dbName());
                SqlValues.setInstant(ps, 5, peer.lastSeen());
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Peer> get(byte[] deviceId) {
        byte[] id = SqlValues.peerId(deviceId, "deviceId");
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_ONE)) {
                ps.setBytes(1, id);
                List<Peer> found = query(ps);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    /** Every known peer, ordered by device id. */
    public List<Peer> list() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_ALL)) {
                return query(ps);
            }
        });
    }

    /** The peers with the given trust, ordered by device id. */
    public List<Peer> list(Trust trust) {
        Objects.requireNonNull(trust, "trust");
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_TRUST)) {
                ps.setString(1, trust.dbName());
                return query(ps);
            }
        });
    }

    /**
     * Replaces only a peer's addresses. Unlike {@link #upsert}, it cannot undo a trust change made
     * meanwhile (a forget racing an address update must stay a forget). False if the peer is unknown.
     */
    public boolean setAddresses(byte[] deviceId, List<String> addresses) {
        byte[] id = SqlValues.peerId(deviceId, "deviceId");
        String json = toJson(List.copyOf(addresses));
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE peer SET addresses = ? WHERE device_id = ?")) {
                ps.setString(1, json);
                ps.setBytes(2, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Changes a peer's trust; false if the peer is unknown. */
    public boolean setTrust(byte[] deviceId, Trust trust) {
        byte[] id = SqlValues.peerId(deviceId, "deviceId");
        Objects.requireNonNull(trust, "trust");
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(SET_TRUST)) {
                ps.setString(1, trust.dbName());
                ps.setBytes(2, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /**
     * Records that the peer was seen at {@code seenAt}; an earlier time than the stored one is
     * ignored. Returns false if the peer is unknown.
     */
    public boolean touch(byte[] deviceId, Instant seenAt) {
        byte[] id = SqlValues.peerId(deviceId, "deviceId");
        Instant at = SqlValues.requireMillis(seenAt, "seenAt");
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(TOUCH)) {
                ps.setLong(1, at.toEpochMilli());
                ps.setBytes(2, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static List<Peer> query(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<Peer> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Peer(
                        rs.getBytes("device_id"),
                        rs.getString("name"),
                        fromJson(rs.getString("addresses")),
                        Trust.fromDbName(rs.getString("trust")),
                        SqlValues.instant(rs, "last_seen")));
            }
            return out;
        }
    }

    private static String toJson(List<String> addresses) {
        try {
            return JSON.writeValueAsString(addresses);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Peer addresses cannot be written as JSON: " + addresses, e);
        }
    }

    private static List<String> fromJson(String text) {
        try {
            String[] addresses = JSON.readValue(text, String[].class);
            if (addresses != null && Arrays.stream(addresses).allMatch(Objects::nonNull)) {
                return List.of(addresses);
            }
        } catch (JsonProcessingException e) {
            throw unreadable(text, e);
        }
        throw unreadable(text, null);
    }

    private static StoreException unreadable(String text, Exception cause) {
        return new StoreException("sync.db holds unreadable peer addresses (" + text
                + "); the file may be damaged. Forget and re-pair the peer.", cause);
    }
}
