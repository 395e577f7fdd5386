package io.tidemark.engine.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/** Derives the order in which resource types are synced from their declared dependencies (Kahn's algorithm). */
public final class SyncOrder {
    private SyncOrder() {
    }

    /** Every type after everything it references; ties broken by name so the order is stable. */
    public static List<ResourceType> all() {
        return of(EnumSet.allOf(ResourceType.class));
    }

    public static List<ResourceType> deviceOwned() {
        return all().stream().filter(ResourceType::deviceOwned).toList();
    }

    public static List<ResourceType> shared() {
        return all().stream().filter(t -> !t.deviceOwned()).toList();
    }

    /**
     * Topologically sorts {@code types}; dependencies outside the set are ignored.
     *
     * @throws IllegalStateException if the declarations contain a cycle
     */
    public static List<ResourceType> of(Set<ResourceType> types) {
        Map<ResourceType, Integer> pending = new EnumMap<>(ResourceType.class);
        for (ResourceType t : types) {
            pending.put(t, (int) t.dependencies().stream().filter(d -> d != t && types.contains(d)).count());
        }
        PriorityQueue<ResourceType> ready = new PriorityQueue<>(Comparator.comparing(ResourceType::wireName));
        pending.forEach((t, n) -> {
            if (n == 0) {
                ready.add(t);
            }
        });
        List<ResourceType> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            ResourceType next = ready.poll();
            order.add(next);
            for (ResourceType t : types) {
                if (t != next && t.dependencies().contains(next) && pending.merge(t, -1, Integer::sum) == 0) {
                    ready.add(t);
                }
            }
        }
        if (order.size() != types.size()) {
            throw new IllegalStateException("Resource type dependencies form a cycle among " + pending);
        }
        return List.copyOf(order);
    }
}
