package io.tidemark.engine.sync;

import io.tidemark.engine.identity.DeviceId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Every member this engine has a session with, and the members sync is paused with (kept across restarts). */
final class Sessions {
    private final Map<DeviceId, PeerSession> sessions = new ConcurrentHashMap<>();
    private final Set<DeviceId> paused = ConcurrentHashMap.newKeySet();
    private final Consumer<Set<DeviceId>> pausedSaver;
    private final Clock clock;

    Sessions(Clock clock, Set<DeviceId> initiallyPaused, Consumer<Set<DeviceId>> pausedSaver) {
        this.clock = clock;
        this.paused.addAll(initiallyPaused);
        this.pausedSaver = pausedSaver;
    }

    /** The member's session, made on first use. */
    PeerSession of(DeviceId peer) {
        return sessions.computeIfAbsent(peer, p -> new PeerSession(p, clock));
    }

    /** The member's session if it has one, else null. */
    PeerSession existing(DeviceId peer) {
        return sessions.get(peer);
    }

    Collection<PeerSession> all() {
        return sessions.values();
    }

    boolean isPaused(DeviceId peer) {
        return paused.contains(peer);
    }

    /** @return whether this paused it (false: it was paused already) */
    boolean pause(DeviceId peer) {
        boolean changed = paused.add(peer);
        if (changed) {
            pausedSaver.accept(Set.copyOf(paused));
        }
        return changed;
    }

    /** @return whether this resumed it (false: it was not paused) */
    boolean resume(DeviceId peer) {
        boolean changed = paused.remove(peer);
        if (changed) {
            pausedSaver.accept(Set.copyOf(paused));
        }
        return changed;
    }

    /** Connected members sync is not paused with: where realtime changes and notices go. */
    List<PeerSession> active() {
        List<PeerSession> out = new ArrayList<>();
        for (PeerSession s : sessions.values()) {
            if (s.connected() && !paused.contains(s.peer)) {
                out.add(s);
            }
        }
        return out;
    }
}
