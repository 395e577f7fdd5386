package io.tidemark.engine.model;

import java.util.UUID;

/**
 * The order-independent digest of a set of record versions: the sum, mod 2^64, of one 64-bit hash
 * per item (uuid, version, deleted). A sum can be kept up to date in the transaction that writes:
 * adding a row adds its hash, replacing a version subtracts the old hash and adds the new one. Two
 * devices that hold the same versions of the same records, rows and deletes alike, have the same
 * digest whatever order they received them in; a missing, extra or stale version changes it
 * (with probability 1 - 2^-64 per difference, as PowerSync's additive bucket checksums argue).
 */
public final class KeyDigest {
    private KeyDigest() {
    }

    /** The hash of one held version: of a row ({@code deleted} false) or of a delete. */
    public static long item(UUID uuid, long version, boolean deleted) {
        long h = mix(uuid.getMostSignificantBits() ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ uuid.getLeastSignificantBits());
        h = mix(h ^ version);
        return mix(h ^ (deleted ? 0xD1B54A32D192ED03L : 0x2545F4914F6CDD1DL));
    }

    /**
     * The hash of one held version of a shared record: its uuid, HLC, the device that wrote it
     * ({@code origin}), and whether it is a delete. Two writes of one uuid at the same HLC by two
     * devices differ, as last writer wins tells them apart.
     */
    public static long sharedItem(UUID uuid, long hlc, UUID origin, boolean deleted) {
        long h = item(uuid, hlc, deleted);
        h = mix(h ^ origin.getMostSignificantBits());
        return mix(h ^ origin.getLeastSignificantBits());
    }

    /** SplitMix64's finalizer: every input bit reaches every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The digest as it is shown and exchanged: 16 hex digits. */
    public static String hex(long digest) {
        return String.format("%016x", digest);
    }
}
