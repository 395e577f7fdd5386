package io.tidemark.engine.transport;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * How many accepted connections may be open at once, in all and from one address. Each holds a
 * reader thread and its buffers until it ends, so without a bound a flood of connections (garbage,
 * or a misbehaving tool) grows threads and memory without end; with it, the excess is closed at
 * accept, before any TLS work.
 */
final class InboundLimit {
    private final int total;
    private final int perAddress;
    private final Map<InetAddress, Integer> open = new HashMap<>();
    private int all;

    InboundLimit(int total, int perAddress) {
        this.total = total;
        this.perAddress = perAddress;
    }

    /** Counts a connection from {@code from} if both limits allow it; false (nothing counted) if not. */
    synchronized boolean admit(InetAddress from) {
        int mine = open.getOrDefault(from, 0);
        if (all >= total || mine >= perAddress) {
            return false;
        }
        open.put(from, mine + 1);
        all++;
        return true;
    }

    /** A connection admitted from {@code from} ended. */
    synchronized void release(InetAddress from) {
        Integer mine = open.get(from);
        if (mine == null) {
            return;
        }
        if (mine <= 1) {
            open.remove(from);
        } else {
            open.put(from, mine - 1);
        }
        all--;
    }

    synchronized int open() {
        return all;
    }
}
