package io.tidemark.engine.sim;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.transport.PeerChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;

/**
 * The in-memory network between simulated devices. A connection is a pair of {@link PeerChannel}s
 * sharing one open flag. A request is served at once by the other device's engine, in the asking
 * task, the way a fast LAN answers; what can go wrong is what goes wrong on a real one: the request or
 * its answer is lost (the asker sees a timeout, the server may have acted), or the connection drops
 * there and then. Notices (realtime batches, "data available", acks) travel as tasks of their own,
 * with a delay, and may be duplicated, reordered or lost in a partition.
 */
final class SimNetwork {
    /** How often each fault strikes; all zero once the network is healed. */
    record Faults(double lostRequest, double lostAnswer, double dropDuringRequest, double duplicateNotice,
                  double lateNotice) {
        static final Faults NONE = new Faults(0, 0, 0, 0, 0);
    }

    private final SimScheduler scheduler;
    private final Map<String, Link> links = new LinkedHashMap<>();
    /** One-way partitions: messages from the first device to the second are lost. */
    private final Set<String> cut = new HashSet<>();
    private Faults faults = Faults.NONE;
    private long requestIds;
    long requests;
    long notices;

    SimNetwork(SimScheduler scheduler) {
        this.scheduler = scheduler;
    }

    void faults(Faults faults) {
        this.faults = faults;
    }

    private static String pair(SimDevice a, SimDevice b) {
        return a.name().compareTo(b.name()) < 0 ? a.name() + "|" + b.name() : b.name() + "|" + a.name();
    }

    /** Cuts traffic from {@code from} to {@code to} only (an asymmetric partition), or heals it. */
    void cut(SimDevice from, SimDevice to, boolean lost) {
        if (lost) {
            cut.add(from.name() + ">" + to.name());
        } else {
            cut.remove(from.name() + ">" + to.name());
        }
    }

    void healPartitions() {
        cut.clear();
    }

    private boolean lost(SimDevice from, SimDevice to) {
        return cut.contains(from.name() + ">" + to.name());
    }

    boolean connected(SimDevice a, SimDevice b) {
        Link link = links.get(pair(a, b));
        return link != null && link.open;
    }

    /** Opens a connection between two running devices; both engines hear of it in tasks of their own. */
    void connect(SimDevice a, SimDevice b) {
        if (!a.running() || !b.running() || connected(a, b)) {
            return;
        }
        Link link = new Link(a, b);
        links.put(pair(a, b), link);
        a.whenRunning("connected " + b.name(), () -> a.engine().connected(link.toB));
        b.whenRunning("connected " + a.name(), () -> b.engine().connected(link.toA));
    }

    void disconnect(SimDevice a, SimDevice b) {
        Link link = links.get(pair(a, b));
        if (link != null) {
            link.close();
        }
    }

    /** Ends every connection of a device that stopped or crashed. */
    void dropAll(SimDevice d) {
        for (Link link : List.copyOf(links.values())) {
            if (link.a == d || link.b == d) {
                link.close();
            }
        }
    }

    private final class Link {
        final SimDevice a;
        final SimDevice b;
        final Channel toB;
        final Channel toA;
        boolean open = true;

        Link(SimDevice a, SimDevice b) {
            this.a = a;
            this.b = b;
            this.toB = new Channel(this, a, b);
            this.toA = new Channel(this, b, a);
        }

        void close() {
            if (!open) {
                return;
            }
            open = false;
            a.whenRunning("disconnected " + b.name(), () -> a.engine().disconnected(b.id()));
            b.whenRunning("disconnected " + a.name(), () -> b.engine().disconnected(a.id()));
        }
    }

    /** {@code from}'s end of a connection to {@code to}. */
    private final class Channel implements PeerChannel {
        private final Link link;
        private final SimDevice from;
        private final SimDevice to;

        Channel(Link link, SimDevice from, SimDevice to) {
            this.link = link;
            this.from = from;
            this.to = to;
        }

        @Override
        public DeviceId peer() {
            return to.id();
        }

        @Override
        public boolean isOpen() {
            return link.open && from.running() && to.running();
        }

        @Override
        public <R extends Message.Response> CompletableFuture<R> request(LongFunction<? extends Message.Request> build,
                                                                         Class<R> type, Duration timeout) {
            Random random = scheduler.random();
            if (!isOpen()) {
                return CompletableFuture.failedFuture(new IOException("the connection is closed"));
            }
            requests++;
            Message.Request request = build.apply(++requestIds);
            if (random.nextDouble() < faults.dropDuringRequest()) {
                link.close();
                return CompletableFuture.failedFuture(new IOException("the connection dropped"));
            }
            if (lost(from, to) || random.nextDouble() < faults.lostRequest()) {
                return CompletableFuture.failedFuture(new TimeoutException("no answer within " + timeout.toSeconds() + " s"));
            }
            Message.Response response;
            try {
                response = to.engine().serve(from.id(), request);
            } catch (Exception e) {
                // An error reply: the production transport completes the request exceptionally with its text.
                return CompletableFuture.failedFuture(new IOException(to.name() + " refused: " + e.getMessage(), e));
            }
            scheduler.mix(response.getClass().getSimpleName().hashCode());
            if (lost(to, from) || random.nextDouble() < faults.lostAnswer()) {
                return CompletableFuture.failedFuture(new TimeoutException("no answer within " + timeout.toSeconds() + " s"));
            }
            if (!type.isInstance(response)) {
                return CompletableFuture.failedFuture(new IOException("unexpected answer " + response.getClass().getSimpleName()));
            }
            return CompletableFuture.completedFuture(type.cast(response));
        }

        @Override
        public boolean offer(Message.Notice notice) {
            if (!isOpen()) {
                return false;
            }
            notices++;
            Random random = scheduler.random();
            int copies = random.nextDouble() < faults.duplicateNotice() ? 2 : 1;
            for (int i = 0; i < copies; i++) {
                long delay = 1 + random.nextInt(20) + (random.nextDouble() < faults.lateNotice() ? random.nextInt(3_000) : 0);
                scheduler.after(delay, "deliver " + from.name() + ">" + to.name(), () -> link.open && to.running(), () -> {
                    if (!lost(from, to)) {
                        to.engine().notice(from.id(), notice);
                    }
                });
            }
            return true;
        }
    }
}
