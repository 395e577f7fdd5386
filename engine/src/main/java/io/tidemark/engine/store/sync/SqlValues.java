package io.tidemark.engine.store.sync;

import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.ResourceType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * Conversions shared by the sync stores. Times are stored as epoch milliseconds (INTEGER), which is
 * what every value record truncates its instants to, so what is written is exactly what is read.
 */
final class SqlValues {
    private SqlValues() {
    }

    static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    static Instant requireMillis(Instant instant, String what) {
        return millis(Objects.requireNonNull(instant, what));
    }

    static long epochMillis(Instant instant) {
        return instant.toEpochMilli();
    }

    /**
     * The smallest whole millisecond at or after {@code instant}, saturating at the long range: for a
     * stored millisecond {@code m}, {@code m >= t} and {@code m < t} hold exactly when they hold
     * against this value, so range bounds with sub-millisecond parts stay exact.
     */
    static long ceilMillis(Instant instant) {
        try {
            long floor = instant.toEpochMilli();
            return instant.getNano() % 1_000_000 == 0 ? floor : Math.addExact(floor, 1);
        } catch (ArithmeticException e) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, java.sql.Types.INTEGER);
        } else {
            ps.setLong(index, instant.toEpochMilli());
        }
    }

    static byte[] uuid(UUID id) {
        return Ids.toBytes(id);
    }

    static UUID uuid(ResultSet rs, String column) throws SQLException {
        return Ids.fromBytes(rs.getBytes(column));
    }

    static ResourceType type(ResultSet rs, String column) throws SQLException {
        return ResourceType.fromWireName(rs.getString(column));
    }

    /**
     * Validates and copies a peer (device) id. Peer ids are kept length-agnostic: today a UUID's
     * 16 bytes, later possibly a 32-byte SHA-256 key fingerprint.
     */
    static byte[] peerId(byte[] id, String what) {
        Objects.requireNonNull(id, what);
        if (id.length == 0) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return id.clone();
    }

    static byte[] nullablePeerId(byte[] id, String what) {
        return id == null ? null : peerId(id, what);
    }

    static String hex(byte[] bytes) {
        return bytes == null ? "null" : HexFormat.of().formatHex(bytes);
    }

    static int requireLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        return limit;
    }
}
