package io.tidemark.engine.store.library;

import io.tidemark.engine.model.ResourceType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one delete removed, per type (types with nothing removed are absent). Each removed row left
 * exactly one tombstone, so these are also the deletes the change adds to sync.
 */
public record Removed(Map<ResourceType, Integer> counts) {
    public static final Removed NONE = new Removed(Map.of());

    public Removed {
        EnumMap<ResourceType, Integer> nonZero = new EnumMap<>(ResourceType.class);
        counts.forEach((type, n) -> {
            if (n < 0) {
                throw new IllegalArgumentException("negative count " + n + " of " + type);
            }
            if (n > 0) {
                nonZero.put(type, n);
            }
        });
        counts = Collections.unmodifiableMap(nonZero);
    }

    public int count(ResourceType type) {
        return counts.getOrDefault(type, 0);
    }

    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }
}
