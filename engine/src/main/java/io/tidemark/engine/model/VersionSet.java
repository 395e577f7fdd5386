package io.tidemark.engine.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.LongConsumer;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * A set of record versions of one (owner, type), as a compressed (Roaring) bitmap: versions are
 * dense per owner, so what a device holds is mostly long runs, a few bytes each, and a scattered
 * hole costs about a bit. A recovery sends the versions it holds this way; the authority answers
 * with exactly the records whose versions are not in it. Immutable once built.
 */
public final class VersionSet {
    /** Serialized sets above this are refused when read: more than any real key needs, far below the frame limit. */
    public static final int MAX_BYTES = 8 * 1024 * 1024;

    private final Roaring64NavigableMap bits;

    private VersionSet(Roaring64NavigableMap bits) {
        this.bits = bits;
    }

    /** Collects versions into a set. */
    public static final class Builder {
        private final Roaring64NavigableMap bits = new Roaring64NavigableMap();

        /** Adds {@code version}; 0 (a version not known) is left out. */
        public Builder add(long version) {
            if (version > 0) {
                bits.addLong(version);
            }
            return this;
        }

        public VersionSet build() {
            bits.runOptimize();
            return new VersionSet(bits);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static VersionSet empty() {
        return builder().build();
    }

    /** This set with every version from {@code from} to {@code to} (inclusive) added; itself if the range is empty. */
    public VersionSet withRange(long from, long to) {
        long start = Math.max(1, from);
        if (to < start) {
            return this;
        }
        Roaring64NavigableMap copy = new Roaring64NavigableMap();
        copy.or(bits);
        copy.addRange(start, to + 1);
        copy.runOptimize();
        return new VersionSet(copy);
    }

    public boolean contains(long version) {
        return bits.contains(version);
    }

    public long size() {
        return bits.getLongCardinality();
    }

    /** The versions in this set and not in {@code other}. */
    public VersionSet minus(VersionSet other) {
        Roaring64NavigableMap copy = new Roaring64NavigableMap();
        copy.or(bits);
        copy.andNot(other.bits);
        copy.runOptimize();
        return new VersionSet(copy);
    }

    /** How many of this set's versions are at most {@code version}. */
    public long countAtMost(long version) {
        return version <= 0 ? 0 : bits.rankLong(version);
    }

    public void forEach(LongConsumer each) {
        bits.forEach(each::accept);
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, bits.serializedSizeInBytes()));
            try (DataOutputStream data = new DataOutputStream(out)) {
                bits.serialize(data);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a set sent by a peer.
     *
     * @throws IllegalArgumentException if the bytes are not a well-formed set, or too large
     */
    public static VersionSet fromBytes(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("a version set of " + bytes.length + " bytes is larger than the "
                    + MAX_BYTES + " allowed");
        }
        // Our sets are unsigned (first byte 0) and hold a non-negative number of buckets; Roaring reads
        // anything else without complaint, so the header is checked here and the containers below.
        if (bytes.length >= 1 && bytes[0] != 0) {
            throw new IllegalArgumentException("not a well-formed version set: its first byte is " + bytes[0] + ", not 0");
        }
        if (bytes.length >= 5 && bytes[1] < 0) {
            throw new IllegalArgumentException("not a well-formed version set: a negative number of buckets");
        }
        Roaring64NavigableMap bits = new Roaring64NavigableMap();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            bits.deserialize(in);
            if (in.available() > 0) {
                throw new IllegalArgumentException("a version set has " + in.available() + " bytes after its end");
            }
            if (!bits.validate()) {
                throw new IllegalArgumentException("not a well-formed version set: its containers contradict themselves");
            }
            // Versions run from 1 to Long.MAX_VALUE: an unsigned set holding 0 or a "negative" one came from no honest peer.
            if (!bits.isEmpty() && (bits.select(0) < 1 || bits.getReverseLongIterator().next() < 1)) {
                throw new IllegalArgumentException("not a well-formed version set: it holds a version outside 1.."
                        + Long.MAX_VALUE);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && (iae.getMessage().startsWith("a version set")
                    || iae.getMessage().startsWith("not a well-formed"))) {
                throw iae;
            }
            throw new IllegalArgumentException("not a well-formed version set: " + e.getMessage(), e);
        }
        return new VersionSet(bits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionSet other && bits.equals(other.bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    @Override
    public String toString() {
        return "VersionSet[" + size() + " versions]";
    }
}
