package io.tidemark.engine.model;

import java.util.UUID;

/** A member device of the library. Its owner is itself. {@code certFingerprint} is filled once devices pair. */
public record DeviceRecord(UUID uuid, UUID owner, long stamp, String name, String os, String appVersion,
                           byte[] certFingerprint) implements OwnedRecord {
    @Override
    public ResourceType type() {
        return ResourceType.DEVICE;
    }
}
