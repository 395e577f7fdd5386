package io.tidemark.engine.model;

import java.util.UUID;

/** A member device of the library. Its owner is itself. {@code certFingerprint} is filled once devices pair. */
public record DeviceRecord(UUID uuid, UUID owner, long stamp, String name, String os, String appVersion,
                           byte[] certFingerprint, long version) implements OwnedRecord {
    /** A record not yet committed: its owner's commit gives it a version. */
    public DeviceRecord(UUID uuid, UUID owner, long stamp, String name, String os, String appVersion, byte[] certFingerprint) {
        this(uuid, owner, stamp, name, os, appVersion, certFingerprint, 0);
    }

    @Override
    public ResourceType type() {
        return ResourceType.DEVICE;
    }

    // A record's own equals compares arrays by identity; two copies of one device (one read back from
    // the wire or the database) must be equal.
    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceRecord d && java.util.Objects.equals(uuid, d.uuid) && java.util.Objects.equals(owner, d.owner) && stamp == d.stamp
                && java.util.Objects.equals(name, d.name) && java.util.Objects.equals(os, d.os) && java.util.Objects.equals(appVersion, d.appVersion)
                && java.util.Arrays.equals(certFingerprint, d.certFingerprint) && version == d.version;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(uuid, owner, stamp, name, os, appVersion, version) * 31 + java.util.Arrays.hashCode(certFingerprint);
    }

    @Override
    public String toString() {
        return "DeviceRecord[uuid=" + uuid + ", owner=" + owner + ", stamp=" + stamp + ", name=" + name + ", os=" + os
                + ", appVersion=" + appVersion + ", certFingerprint=" + java.util.HexFormat.of().formatHex(
                certFingerprint == null ? new byte[0] : certFingerprint) + ", version=" + version + "]";
    }
}
