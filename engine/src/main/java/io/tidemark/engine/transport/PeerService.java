package io.tidemark.engine.transport;

import io.tidemark.engine.clock.ClockSkewException;
import io.tidemark.engine.clock.ClockState;
import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.identity.DeviceIdentity;
import io.tidemark.engine.identity.InviteCode;
import io.tidemark.engine.identity.InviteId;
import io.tidemark.engine.identity.InviteRegistry;
import io.tidemark.engine.identity.PairingProof;
import io.tidemark.engine.identity.Redemption;
import io.tidemark.engine.protocol.ClockSample;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.protocol.ProtocolException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This device on the network: accepts TLS connections, dials members, runs the Hello handshake,
 * pairing with invite codes, member introductions, keepalive pings and reconnects.
 *
 * <p>A peer counts as connected only after both sides' Hello passed: same protocol version, same
 * library, and a device id equal to its certificate's. Its clock is never a reason to refuse it: the
 * Hello's stamp is merged (a stamp ahead of our wall clock is what a hybrid logical clock carries
 * after a clock ran ahead), and wall clocks are compared by ping, and reported. Anything
 * else (a plain-TCP client, a bad or forgotten certificate, garbage frames, a handshake that never
 * finishes) is refused with a logged reason and an event, and the connection closed. There is one
 * connection per pair of devices: when both dial at once, the connection dialled by the device with
 * the smaller id survives on both sides.
 */
public final class PeerService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerService.class);

    /** How this device sees a member right now. */
    public enum State { CONNECTED, CONNECTING, OFFLINE }

    /**
     * A member's connection state and measurements; null fields are not known yet. {@code bytesIn} and
     * {@code bytesOut} are the frame bytes read from and written to it over all its connections since
     * this service started; they never decrease.
     */
    public record Status(DeviceId device, State state, Instant lastSeen, Long rttMs, Long clockOffsetMs, String lastError,
                         long bytesIn, long bytesOut) {
    }

    /** Timings; tests shorten them. */
    public record Timing(Duration handshake, Duration ping, Duration idle, Duration firstRetry, Duration maxRetry) {
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(20),
                Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    private final DeviceIdentity identity;
    private final PeerDirectory directory;
    private final HybridLogicalClock clock;
    private final String deviceName;
    private final String os;
    private final Timing timing;
    private final InviteRegistry invites;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService io;
    /** Answers sync requests; two threads, as many as the cores this is built for. */
    private final ExecutorService serving;
    private final Map<DeviceId, PeerLink> links = new ConcurrentHashMap<>();
    private final Map<DeviceId, PeerInfo> info = new ConcurrentHashMap<>();
    private final MemberClocks memberClocks;
    private final ClockJumpReports jumpReports = new ClockJumpReports();
    private final RepeatedEvents repeated = RepeatedEvents.system();
    private final InboundLimit inbound = new InboundLimit(MAX_INBOUND, MAX_INBOUND_PER_ADDRESS);
    private volatile SSLServerSocket server;
    private volatile SyncHandler sync = SyncHandler.NONE;
    private volatile boolean closed;

    /** Mutable per-member bookkeeping, guarded by its own monitor. */
    private static final class PeerInfo {
        boolean dialing;
        int attempts;
        Instant nextAttempt = Instant.EPOCH;
        Instant lastSeen;
        Long rttMs;
        Long offsetMs;
        String lastError;
        final PeerLink.Traffic traffic = new PeerLink.Traffic();
    }

    public PeerService(DeviceIdentity identity, PeerDirectory directory, HybridLogicalClock clock, String deviceName, String os,
                       Timing timing) {
        this.identity = identity;
        this.directory = directory;
        this.clock = clock;
        this.deviceName = deviceName;
        this.os = os;
        this.timing = timing;
        this.invites = new InviteRegistry(Clock.systemUTC());
        this.memberClocks = new MemberClocks(clock.maxDrift(), directory::nameOf);
        AtomicInteger n = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(1, r -> daemon(r, "tidemark-peers-timer-" + n.incrementAndGet()));
        this.io = Executors.newCachedThreadPool(r -> daemon(r, "tidemark-peer-" + n.incrementAndGet()));
        this.serving = Executors.newFixedThreadPool(2, r -> daemon(r, "tidemark-serve-" + n.incrementAndGet()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Who serves pulls and hears about connections; set before {@link #listen}. */
    public void syncHandler(SyncHandler handler) {
        this.sync = handler;
    }

    public DeviceId self() {
        return identity.deviceId();
    }

    /** Starts accepting connections on {@code address} (port 0 picks a free one). */
    public void listen(InetSocketAddress address) throws IOException {
        SSLServerSocket socket = (SSLServerSocket) Tls.server(identity).getServerSocketFactory().createServerSocket();
        socket.setReuseAddress(true);
        socket.bind(address, 50);
        socket.setEnabledProtocols(new String[] {Tls.PROTOCOL});
        socket.setNeedClientAuth(true);
        server = socket;
        io.execute(this::acceptLoop);
        LOG.info("Listening for peers on {}", socket.getLocalSocketAddress());
    }

    /** Starts pinging connected peers and dialling members that are not connected. */
    public void startMaintenance() {
        scheduler.scheduleWithFixedDelay(this::maintain, 0, 500, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::pingAll, timing.ping().toMillis(), timing.ping().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The listening port, or -1 when not listening. */
    public int port() {
        SSLServerSocket s = server;
        return s == null ? -1 : s.getLocalPort();
    }

    /** HOST:PORT pairs where other devices can reach this one. */
    public List<String> advertisedAddresses() {
        SSLServerSocket s = server;
        if (s == null) {
            return List.of();
        }
        InetAddress bound = s.getInetAddress();
        if (!bound.isAnyLocalAddress()) {
            return List.of(hostPort(bound, s.getLocalPort()));
        }
        List<String> addresses = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address) {
                        addresses.add(hostPort(a, s.getLocalPort()));
                    }
                }
            }
        } catch (SocketException e) {
            LOG.warn("Could not list network interfaces: {}", e.toString());
        }
        addresses.add(hostPort(InetAddress.getLoopbackAddress(), s.getLocalPort()));
        return addresses;
    }

    private static String hostPort(InetAddress address, int port) {
        String host = address.getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    // ---------------------------------------------------------------- invites and joining

    /** A one-time invite for this library, naming this device and where it listens. */
    public InviteCode invite() {
        if (server == null) {
            throw new IllegalStateException("This device is not listening for peers, so nobody could join with an invite."
                    + " Start the daemon or the app first.");
        }
        return invites.issue(directory.libraryId(), self(), advertisedAddresses());
    }

    /**
     * Joins the library of {@code code}'s inviter: dials {@code address} (or the code's addresses),
     * proves the invite secret, adopts the library and stays connected like any member.
     */
    public CompletableFuture<Message.PairAccepted> join(InviteCode code, String address) {
        return CompletableFuture.supplyAsync(() -> {
            if (code.isExpiredAt(Instant.now())) {
                throw new IllegalStateException("This invite code has expired; ask for a new one.");
            }
            List<String> candidates = address != null ? List.of(address) : code.addresses();
            if (candidates.isEmpty()) {
                throw new IllegalStateException("The invite code names no address; give one with --address HOST:PORT.");
            }
            String lastProblem = null;
            for (String candidate : candidates) {
                try {
                    return joinAt(code, candidate);
                } catch (IOException e) {
                    lastProblem = candidate + ": " + describe(e);
                }
            }
            throw new IllegalStateException("Could not reach the inviting device (" + lastProblem + ").");
        }, io);
    }

    private Message.PairAccepted joinAt(InviteCode code, String address) throws IOException {
        PeerLink link = dialLink(code.inviter(), address);
        try {
            link.send(new Message.PairRequest(code.inviteId().toString()));
            Message challenge = receiveWithin(link, timing.handshake());
            if (!(challenge instanceof Message.PairChallenge c)) {
                throw new IllegalStateException("The inviting device refused: " + reasonOf(challenge));
            }
            byte[] nonce = Base64.getDecoder().decode(c.nonceBase64());
            byte[] proof = PairingProof.compute(code.secret(), code.inviter(), self(), nonce);
            link.send(new Message.PairProof(code.inviteId().toString(), Base64.getEncoder().encodeToString(proof), deviceName, os));
            Message answer = receiveWithin(link, timing.handshake());
            if (!(answer instanceof Message.PairAccepted accepted)) {
                throw new IllegalStateException("The inviting device refused: " + reasonOf(answer));
            }
            if (!accepted.libraryId().equals(code.libraryId().toString())) {
                throw new IllegalStateException("The inviting device answered for another library than its code named.");
            }
            directory.adopt(code.libraryId(), accepted.libraryName());
            directory.admit(code.inviter(), "", List.of(address));
            directory.event("peer.paired", code.inviter(), "Joined library \"" + accepted.libraryName() + "\"");
            io.execute(() -> runConnected(link, address));
            return accepted;
        } catch (ProtocolException e) {
            link.close(e.getMessage());
            throw new IllegalStateException("The inviting device sent something this version does not understand: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            link.close(String.valueOf(e.getMessage()));
            throw e;
        }
    }

    private static String reasonOf(Message m) {
        if (m instanceof Message.PairRefused r) {
            return r.reason();
        }
        if (m instanceof Message.Refused r) {
            return r.reason();
        }
        return "unexpected " + m.getClass().getSimpleName();
    }

    // ---------------------------------------------------------------- connections

    /** Accepted connections open at once, all addresses together: each holds a reader thread. */
    static final int MAX_INBOUND = 128;
    /** Accepted connections open at once from one address (a host's members, tools and tests included). */
    static final int MAX_INBOUND_PER_ADDRESS = 32;

    private void acceptLoop() {
        int failures = 0;
        while (!closed) {
            SSLSocket socket;
            try {
                socket = (SSLSocket) server.accept();
                failures = 0;
            } catch (IOException e) {
                if (!closed) {
                    // A persistent error (out of file descriptors, say) must not spin the loop: wait 10 ms, doubling to 1 s.
                    failures++;
                    repeatedEvent("peer.accept_failed", null, e.getClass().getName(), "Could not accept peer connections: "
                            + e.getMessage());
                    LOG.warn("Accepting a peer connection failed", e);
                    sleepQuietly(Math.min(1_000L, 10L << Math.min(failures, 7)));
                }
                continue;
            }
            java.net.InetAddress from = socket.getInetAddress();
            if (!inbound.admit(from)) {
                repeatedEvent("peer.refused", null, "too many connections " + from.getHostAddress(), "Refused connections from "
                        + from.getHostAddress() + ": more than " + MAX_INBOUND_PER_ADDRESS + " from one address, or "
                        + MAX_INBOUND + " in all, were open");
                closeQuietly(socket);
                continue;
            }
            try {
                io.execute(() -> {
                    try {
                        accepted(socket);
                    } finally {
                        inbound.release(from);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                inbound.release(from);
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(java.net.Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // gone already
        }
    }

    private void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private void accepted(SSLSocket socket) {
        String from = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        DeviceId remote;
        PeerLink link;
        try {
            socket.setSoTimeout((int) timing.handshake().toMillis());
            socket.startHandshake();
            remote = Tls.peerOf(socket);
            link = new PeerLink(socket, remote, false);
            link.establishWithin(timing.handshake().multipliedBy(4));
        } catch (IOException e) {
            refusedBeforeIdentity(socket, from, e);
            return;
        }
        try {
            switch (directory.trustOf(remote)) {
                case FORGOTTEN -> refuse(link, ProtocolException.Reason.UNPAIRED_CERTIFICATE, removed(remote));
                case UNKNOWN -> pairAsInviter(link);
                case MEMBER -> runConnected(link, null);
                default -> throw new IllegalStateException();
            }
        } catch (RuntimeException e) {
            LOG.warn("Connection from {} failed: {}", from, e.toString());
            link.close(e.toString());
        }
    }

    private void refusedBeforeIdentity(SSLSocket socket, String from, IOException e) {
        String why = e instanceof SocketTimeoutException
                ? "did not finish the TLS handshake within " + timing.handshake().toSeconds() + " s"
                : e instanceof SSLException ? "TLS handshake failed (" + e.getMessage() + "); not a Tidemark peer?" : describe(e);
        LOG.info("Refused connection from {}: {}", from, why);
        repeatedEvent("peer.refused", null, socket.getInetAddress().getHostAddress() + " " + e.getClass().getName(),
                "Refused connection from " + from + ": " + why);
        try {
            socket.close();
        } catch (IOException ignored) {
            // gone already
        }
    }

    /** The inviter's side of pairing, on a connection from a certificate that is not a member. */
    private void pairAsInviter(PeerLink link) {
        try {
            Message first = receiveWithin(link, timing.handshake());
            if (!(first instanceof Message.PairRequest request)) {
                refuse(link, ProtocolException.Reason.UNPAIRED_CERTIFICATE, "device " + link.remote().shortForm()
                        + " is not a member of the library \"" + directory.libraryName() + "\"; pair it with an invite code");
                return;
            }
            byte[] nonce = PairingProof.newNonce();
            link.send(new Message.PairChallenge(request.inviteId(), Base64.getEncoder().encodeToString(nonce)));
            Message second = receiveWithin(link, timing.handshake());
            if (!(second instanceof Message.PairProof proof) || !proof.inviteId().equals(request.inviteId())) {
                refuse(link, ProtocolException.Reason.PAIRING_FAILED, "expected the proof for invite " + request.inviteId());
                return;
            }
            InviteId inviteId;
            byte[] proofBytes;
            try {
                inviteId = new InviteId(HexFormat.of().parseHex(request.inviteId()));
                proofBytes = Base64.getDecoder().decode(proof.proofBase64());
            } catch (IllegalArgumentException e) {
                pairingRefused(link, "the invite id or proof is malformed");
                return;
            }
            Redemption outcome = invites.redeem(inviteId, link.remote(), nonce, proofBytes);
            if (outcome instanceof Redemption.Refused refused) {
                pairingRefused(link, refused.message());
                return;
            }
            directory.admit(link.remote(), proof.deviceName(), List.of());
            broadcastMembers();
            directory.event("peer.paired", link.remote(), "Device \"" + proof.deviceName() + "\" joined with an invite");
            link.send(new Message.PairAccepted(directory.libraryId().toString(), directory.libraryName(), List.of()));
            runConnected(link, null);
        } catch (IOException | ProtocolException e) {
            directory.event("peer.refused", link.remote(), "Pairing with " + link.remote().shortForm() + " failed: " + describe(e));
            link.close(describe(e));
        }
    }

    private void pairingRefused(PeerLink link, String reason) {
        directory.event("peer.refused", link.remote(), "Refused to pair " + link.remote().shortForm() + ": " + reason);
        try {
            link.sendFinal(new Message.PairRefused(reason));
            link.drainAndClose(reason, 1_000);
        } catch (IOException ignored) {
            link.close(reason); // the refusal is best effort; the connection closes either way
        }
    }

    /**
     * Refuses {@code link}'s peer for {@code reason}. {@code message} is sent to the peer as well, so
     * it names devices, never "this device", which the peer would read as itself.
     */
    private void refuse(PeerLink link, ProtocolException.Reason reason, String message) {
        LOG.info("Refused {}: {}", link.remote().shortForm(), message);
        repeatedEvent("peer.refused", link.remote(), "refused " + reason.code(), "Refused " + directory.nameOf(link.remote()) + ": "
                + message);
        try {
            link.sendFinal(new Message.Refused(message, reason.code()));
            link.drainAndClose(message, 1_000);
        } catch (IOException ignored) {
            link.close(message);
        }
        note(link.remote(), message);
    }

    /** Why a forgotten member is refused, in words both ends read right. */
    private String removed(DeviceId device) {
        return directory.nameOf(device) + " was removed from the library \"" + directory.libraryName()
                + "\"; pair it again with a new invite";
    }

    /**
     * Records an event unless it repeats one recorded lately for the same peer and {@code what}
     * (see {@link RepeatedEvents}): a member refused at every dial is said once in a while, not each time.
     */
    private void repeatedEvent(String kind, DeviceId peer, String what, String message) {
        repeated.pass(kind + " " + (peer == null ? "" : peer.toString()) + " " + what, message)
                .ifPresent(m -> directory.event(kind, peer, m));
    }

    private PeerLink dialLink(DeviceId expected, String hostPort) throws IOException {
        InetSocketAddress target = parse(hostPort);
        SSLSocket socket = (SSLSocket) Tls.client(identity, expected).getSocketFactory().createSocket();
        try {
            Tls.restrict(socket);
            socket.connect(target, (int) timing.handshake().toMillis());
            socket.setSoTimeout((int) timing.handshake().toMillis());
            socket.startHandshake();
            return new PeerLink(socket, expected, true);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Validates a HOST:PORT text, with a clear message when it is not one. */
    public static void checkAddress(String hostPort) {
        parse(hostPort);
    }

    static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("Not a HOST:PORT address: " + hostPort);
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a HOST:PORT address: " + hostPort, e);
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("Port out of range in " + hostPort);
        }
        return new InetSocketAddress(host, port);
    }

    /**
     * Runs an authenticated connection to a member until it ends: Hello both ways, then pings, member
     * lists and (later) sync traffic. {@code dialled} is the address this device dialled, or null.
     *
     * @return whether the handshake passed; false: either side refused it, or it broke off, and a
     *         dialler waits as after any failed dial before trying again
     */
    private boolean runConnected(PeerLink link, String dialled) {
        DeviceId remote = link.remote();
        try {
            IOException sendFailure = null;
            try {
                link.send(hello());
            } catch (IOException e) {
                sendFailure = e; // the peer may have refused and closed already: its reason is still readable
            }
            Message first;
            try {
                first = receiveWithin(link, timing.handshake());
            } catch (IOException e) {
                throw sendFailure != null ? sendFailure : e;
            }
            if (first instanceof Message.Refused r) {
                note(remote, "refused by the peer: " + r.reason());
                repeatedEvent("peer.refused", remote, "refused by " + r.code(), directory.nameOf(remote) + " refused this device: "
                        + r.reason());
                link.close(r.reason());
                return false;
            }
            if (!(first instanceof Message.Hello hello)) {
                refuse(link, ProtocolException.Reason.UNEXPECTED_MESSAGE, "expected Hello, got " + first.getClass().getSimpleName());
                return false;
            }
            hello.requireCompatible(Message.PROTOCOL_VERSION, directory.libraryId().toString(), deviceName);
            if (!hello.deviceId().equals(remote.toString())) {
                refuse(link, ProtocolException.Reason.UNPAIRED_CERTIFICATE, "Hello names device " + hello.deviceId()
                        + " but the certificate is " + remote);
                return false;
            }
            mergeClock(remote, HlcTimestamp.parse(hello.hlc()));
        } catch (ProtocolException e) {
            refuse(link, e.reason(), e.getMessage());
            return false;
        } catch (IllegalArgumentException e) {
            refuse(link, ProtocolException.Reason.MALFORMED_MESSAGE, "bad Hello: " + e.getMessage());
            return false;
        } catch (IOException e) {
            note(remote, describe(e));
            link.close(describe(e));
            return false;
        }
        // Trust is checked again here: a forget may have landed while this connection was in its
        // handshake (a crossing dial, say), after the check made when it was accepted or dialled.
        if (directory.trustOf(remote) != PeerDirectory.Trust.MEMBER) {
            refuse(link, ProtocolException.Reason.UNPAIRED_CERTIFICATE, removed(remote));
            return false;
        }
        // Counted before the tie-break below, so that the connection that gives way counts on both
        // ends: one end may have registered it (and counted it) before the other connection arrived,
        // while the other end drops it at once. Were its bytes counted on one end only, one side's
        // "received" could exceed the other's "sent".
        link.countInto(info(remote).traffic);
        if (!register(link)) {
            link.close("a simultaneous connection to " + remote.shortForm() + " was kept instead");
            return true; // not a failure: the other connection is up
        }
        link.tracker(new io.tidemark.engine.protocol.RequestTracker(scheduler));
        try {
            connected(link, dialled);
            boolean started = onIo(() -> {
                try {
                    sync.connected(channel(link));
                } catch (RuntimeException e) {
                    LOG.warn("Sync with {} failed to start: {}", remote.shortForm(), e.toString());
                }
            });
            if (started) {
                readLoop(link);
            }
        } finally {
            links.remove(remote, link);
            link.close("connection ended");
            link.tracker().failAll(new IOException("the connection to " + remote.shortForm() + " closed: " + link.closeReason()));
            sync.disconnected(remote);
            PeerInfo p = info(remote);
            synchronized (p) {
                p.lastSeen = Instant.now();
            }
            directory.seen(remote);
            directory.event("peer.disconnected", remote, "Disconnected from " + directory.nameOf(remote) + ": " + link.closeReason());
        }
        return true;
    }

    /**
     * Merges the clock of a member's Hello. A stamp ahead of our wall clock is merged: it is how a
     * device whose clock once ran ahead (and persisted stamps ahead) goes on syncing once its clock
     * is right. An implausible one is left out and said, but the connection stays: nothing this
     * connection carries needs it (a device-owned record keeps its owner's stamp without moving this
     * clock, and a shared change stamped like it is refused on its own, with its page).
     */
    private void mergeClock(DeviceId remote, HlcTimestamp stamp) {
        try {
            clock.receive(stamp);
        } catch (ClockSkewException e) {
            String name = directory.nameOf(remote);
            LOG.info("Did not merge the clock of {}: {}", remote.shortForm(), e.getMessage());
            repeatedEvent("clock.implausible", remote, "hello", "Did not take " + name + "'s clock: " + e.getMessage() + ". Sync with "
                    + name + " goes on; if " + name + " shows a wrong year, set its time automatically (NTP)");
        }
    }

    private Message.Hello hello() {
        return new Message.Hello(Message.PROTOCOL_VERSION, directory.libraryId().toString(), self().toString(),
                clock.tick().toString(), List.of(), deviceName);
    }

    /** Keeps one connection per device pair; returns false if {@code link} must give way. */
    private boolean register(PeerLink link) {
        synchronized (links) {
            PeerLink existing = links.get(link.remote());
            if (existing != null && !existing.isClosed()) {
                if (!keepsNewConnection(self(), link.remote(), link.outbound())) {
                    return false;
                }
                existing.close("replaced by a simultaneous connection");
            }
            links.put(link.remote(), link);
            return true;
        }
    }

    /**
     * The tie-break when two devices dial each other at once: the connection dialled by the device
     * with the smaller id survives. Both ends compute it from the same two ids, so they keep the same
     * TCP connection.
     *
     * @param newIsOutbound whether {@code self} dialled the newer connection
     */
    static boolean keepsNewConnection(DeviceId self, DeviceId remote, boolean newIsOutbound) {
        boolean selfIsSmaller = Arrays.compareUnsigned(self.bytes(), remote.bytes()) < 0;
        return newIsOutbound == selfIsSmaller;
    }

    /**
     * How long to wait before dialling a member again after {@code attempts} failures: doubling from
     * {@code first} up to {@code max}, times a jitter factor in [0.5, 1.5) so that many devices
     * restarting together do not dial in lockstep.
     */
    static long retryDelayMillis(int attempts, Duration first, Duration max, double random) {
        long base = Math.min(max.toMillis(), first.toMillis() << Math.min(Math.max(attempts - 1, 0), 20));
        return (long) (base * (0.5 + random));
    }

    private void connected(PeerLink link, String dialled) {
        DeviceId remote = link.remote();
        PeerInfo p = info(remote);
        synchronized (p) {
            p.attempts = 0;
            p.lastError = null;
            p.lastSeen = Instant.now();
        }
        if (dialled != null) {
            directory.rememberAddress(remote, dialled);
        }
        directory.seen(remote);
        directory.event("peer.connected", remote, "Connected to " + directory.nameOf(remote) + " at " + link.address());
        LOG.info("Connected to {} at {}", remote.shortForm(), link.address());
        try {
            link.send(memberList());
        } catch (IOException e) {
            link.close(describe(e));
        }
    }

    private Message.MemberList memberList() {
        List<Message.Member> members = new ArrayList<>();
        String me = self().toString();
        for (Message.Member m : directory.members()) {
            members.add(m.deviceId().equals(me)
                    ? new Message.Member(m.deviceId(), m.uuid(), m.stamp(), m.name(), m.os(), m.appVersion(), advertisedAddresses())
                    : m);
        }
        return new Message.MemberList(members);
    }

    private void readLoop(PeerLink link) {
        DeviceId remote = link.remote();
        try {
            link.timeout((int) timing.idle().toMillis());
            while (!link.isClosed()) {
                Optional<Message> next = link.receive();
                if (next.isEmpty()) {
                    link.close("the peer closed the connection");
                    return;
                }
                handle(link, next.get());
            }
        } catch (SocketTimeoutException e) {
            note(remote, "no answer for " + timing.idle().toSeconds() + " s");
            link.close("no answer for " + timing.idle().toSeconds() + " s");
        } catch (ProtocolException e) {
            refuse(link, e.reason(), e.getMessage());
        } catch (IOException e) {
            if (!link.isClosed()) {
                note(remote, describe(e));
                link.close(describe(e));
            }
        }
    }

    private PeerChannel channel(PeerLink link) {
        return new PeerChannel() {
            @Override
            public DeviceId peer() {
                return link.remote();
            }

            @Override
            public <R extends Message.Response> CompletableFuture<R> request(java.util.function.LongFunction<? extends Message.Request> build,
                                                                             Class<R> type, Duration timeout) {
                long id = link.tracker().nextRequestId();
                CompletableFuture<R> response = link.tracker().expect(id, type, timeout);
                try {
                    link.send(build.apply(id));
                } catch (IOException e) {
                    response.completeExceptionally(e);
                }
                return response;
            }

            @Override
            public boolean offer(Message.Notice notice) {
                return link.offer(notice);
            }

            @Override
            public boolean isOpen() {
                return !link.isClosed();
            }
        };
    }

    private void handle(PeerLink link, Message message) throws IOException {
        DeviceId remote = link.remote();
        if (message instanceof Message.Sync && message instanceof Message.Request request) {
            // Served off the reader thread: a 10,000-row page must not hold up pushes and pongs behind it.
            try {
                serving.execute(() -> {
                    Message reply;
                    try {
                        reply = sync.serve(remote, request);
                    } catch (Exception e) {
                        reply = new Message.ErrorMessage(request.requestId(), "sync_failed", String.valueOf(e.getMessage()));
                    }
                    try {
                        link.send(reply);
                    } catch (IOException e) {
                        link.close(describe(e));
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing: the connection goes with it
            }
        } else if (message instanceof Message.Notice notice) {
            sync.notice(remote, notice);
        } else if (message instanceof Message.Response response && !(message instanceof Message.Pong)) {
            link.tracker().complete(response);
        } else if (message instanceof Message.Ping ping) {
            long received = clock.wallMillis();
            link.send(new Message.Pong(ping.requestId(), ping.sentAtMillis(), received, clock.wallMillis()));
        } else if (message instanceof Message.Pong pong) {
            ClockSample sample = ClockSample.from(pong, clock.wallMillis());
            PeerInfo p = info(remote);
            synchronized (p) {
                p.rttMs = sample.rttMillis();
                p.offsetMs = sample.clockOffsetMillis();
                p.lastSeen = Instant.now();
            }
            judgeClocks(remote, sample);
        } else if (message instanceof Message.MemberList list) {
            if (directory.learn(list.members(), remote)) {
                broadcastMembers();
            }
            // The list may have named owners whose records this member can serve.
            onIo(() -> sync.membersChanged(channel(link)));
        } else if (message instanceof Message.Refused refused) {
            note(remote, "refused by the peer: " + refused.reason());
            link.close(refused.reason());
        } else {
            LOG.info("Ignoring {} from {} on an established connection", message.getClass().getSimpleName(), remote.shortForm());
        }
    }

    /**
     * Runs {@code task} on the I/O executor; false if this service is closing (a join, for one, ends
     * its engine as soon as it has what it came for, while messages still arrive): the task is
     * dropped, as the connection is about to be.
     */
    private boolean onIo(Runnable task) {
        try {
            io.execute(task);
            return true;
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            return false;
        }
    }

    /** Tells every connected peer the current member list, after it changed. */
    private void broadcastMembers() {
        Message.MemberList list = memberList();
        for (PeerLink link : links.values()) {
            try {
                link.send(list);
            } catch (IOException e) {
                link.close(describe(e));
            }
        }
    }

    /**
     * Weighs a member's measured wall clock: against a forward jump this device's clock holds (the
     * member may confirm or dispute it), and against the drift bound (said once per change). Ping
     * times are read from the clock's wall clock, the one stamps are taken from, so what is measured
     * is the clock that matters.
     */
    private void judgeClocks(DeviceId member, ClockSample sample) {
        if (!memberClocks.usable(sample)) {
            return;
        }
        HybridLogicalClock.MemberEvidence evidence = clock.compareWithMember(sample.clockOffsetMillis());
        ClockState local = clock.state();
        Optional<ClockEvent> jump = switch (evidence) {
            case DISPUTES -> jumpReports.disputed(local.lastJump(), directory.nameOf(member));
            case CONFIRMS -> jumpReports.confirmed(local.lastJump(), directory.nameOf(member));
            case NONE -> Optional.empty();
        };
        jump.ifPresent(e -> clockEvent(e, null));
        memberClocks.measured(member, sample, local).ifPresent(e -> clockEvent(e, member));
    }

    /** Says what became of a jump of this device's clock that no member's measurement settled. */
    private void reportClockJump() {
        jumpReports.polled(clock.state().lastJump()).ifPresent(e -> clockEvent(e, null));
    }

    /** Records a clock event; a failure to record it is logged, never let through to end a connection or the pinging. */
    private void clockEvent(ClockEvent e, DeviceId peer) {
        LOG.info("{}", e.message());
        try {
            directory.event(e.kind(), peer, e.message());
        } catch (RuntimeException failure) {
            LOG.warn("Could not record a clock event: {}", failure.toString());
        }
    }

    private void pingAll() {
        reportClockJump();
        long now = clock.wallMillis();
        for (PeerLink link : links.values()) {
            try {
                link.send(new Message.Ping(now, now));
            } catch (IOException e) {
                link.close(describe(e));
            }
        }
    }

    /** Dials members that are not connected, with exponential backoff and jitter per member. */
    private void maintain() {
        if (closed) {
            return;
        }
        try {
            Instant now = Instant.now();
            for (Message.Member m : directory.members()) {
                DeviceId member = DeviceId.parse(m.deviceId());
                if (member.equals(self()) || directory.trustOf(member) != PeerDirectory.Trust.MEMBER) {
                    continue;
                }
                PeerLink link = links.get(member);
                if (link != null && !link.isClosed()) {
                    continue;
                }
                List<String> addresses = directory.addressesOf(member);
                PeerInfo p = info(member);
                synchronized (p) {
                    if (p.dialing || now.isBefore(p.nextAttempt) || addresses.isEmpty()) {
                        continue;
                    }
                    p.dialing = true;
                }
                io.execute(() -> dial(member, addresses));
            }
        } catch (RuntimeException e) {
            LOG.warn("Peer maintenance failed: {}", e.toString());
        }
    }

    private void dial(DeviceId member, List<String> addresses) {
        PeerInfo p = info(member);
        String problem = "no address";
        try {
            for (String address : addresses) {
                PeerLink link;
                try {
                    link = dialLink(member, address);
                } catch (IOException | IllegalArgumentException e) {
                    problem = address + ": " + describe(e);
                    continue;
                }
                synchronized (p) {
                    p.dialing = false;
                }
                // A handshake that fails (refused either way, or broken off) is a failed dial too: redialling
                // at the next maintenance, every 500 ms, is what kept a refused device knocking four times a second.
                if (!runConnected(link, address)) {
                    retryLater(p, null);
                }
                return;
            }
            retryLater(p, problem);
        } finally {
            synchronized (p) {
                p.dialing = false;
            }
        }
    }

    /** Counts a failed attempt and waits longer before the next (see {@link #retryDelayMillis}); {@code problem} null keeps the one noted. */
    private void retryLater(PeerInfo p, String problem) {
        synchronized (p) {
            p.attempts++;
            if (problem != null) {
                p.lastError = problem;
            }
            p.nextAttempt = Instant.now().plusMillis(retryDelayMillis(p.attempts, timing.firstRetry(), timing.maxRetry(),
                    ThreadLocalRandom.current().nextDouble()));
        }
    }

    /** Closes the connection to {@code device}, e.g. after it was forgotten. */
    public void disconnect(DeviceId device, String reason) {
        PeerLink link = links.remove(device);
        if (link != null) {
            link.close(reason);
        }
    }

    /** Dials {@code device} at once instead of waiting for its backoff, e.g. after discovery saw it. */
    public void dialSoon(DeviceId device) {
        PeerInfo p = info(device);
        synchronized (p) {
            p.nextAttempt = Instant.EPOCH;
        }
    }

    public boolean isConnected(DeviceId device) {
        PeerLink link = links.get(device);
        return link != null && !link.isClosed();
    }

    /** The state of every member this device knows, itself excluded. */
    public Map<DeviceId, Status> statuses() {
        Map<DeviceId, Status> out = new LinkedHashMap<>();
        for (Message.Member m : directory.members()) {
            DeviceId member = DeviceId.parse(m.deviceId());
            if (member.equals(self())) {
                continue;
            }
            PeerInfo p = info(member);
            synchronized (p) {
                State state = isConnected(member) ? State.CONNECTED : p.dialing ? State.CONNECTING : State.OFFLINE;
                out.put(member, new Status(member, state, p.lastSeen, p.rttMs, p.offsetMs, p.lastError,
                        p.traffic.bytesIn(), p.traffic.bytesOut()));
            }
        }
        return out;
    }

    private PeerInfo info(DeviceId device) {
        return info.computeIfAbsent(device, d -> new PeerInfo());
    }

    private void note(DeviceId device, String error) {
        PeerInfo p = info(device);
        synchronized (p) {
            p.lastError = error;
        }
    }

    private static Message receiveWithin(PeerLink link, Duration timeout) throws IOException, ProtocolException {
        link.timeout((int) timeout.toMillis());
        Optional<Message> m = link.receive();
        if (m.isEmpty()) {
            throw new IOException("the peer closed the connection");
        }
        return m.get();
    }

    private static String describe(Exception e) {
        if (e instanceof SocketTimeoutException) {
            return "timed out";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void close() {
        closed = true;
        SSLServerSocket s = server;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        scheduler.shutdownNow();
        for (PeerLink link : links.values()) {
            link.close("this device is shutting down");
        }
        io.shutdownNow();
        serving.shutdownNow();
        try {
            io.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
