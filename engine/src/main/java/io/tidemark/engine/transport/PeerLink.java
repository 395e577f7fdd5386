package io.tidemark.engine.transport;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.protocol.FrameCodec;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.protocol.MessageCodec;
import io.tidemark.engine.protocol.ProtocolException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;

/** One established TLS connection to a device: framed messages in both directions. Thread-safe sends. */
final class PeerLink implements AutoCloseable {
    private static final FrameCodec FRAMES = new FrameCodec();
    /**
     * What a connection may send before it is established (hello or pairing done): a hello, a pairing
     * proof or a welcome with the member list fit easily. Without this bound, every connection that
     * has proven nothing could make this device hold a 16 MiB frame while it trickles bytes.
     */
    static final int UNESTABLISHED_FRAME = 256 * 1024;
    private static final FrameCodec SMALL_FRAMES = new FrameCodec(UNESTABLISHED_FRAME);
    private static final MessageCodec MESSAGES = new MessageCodec();

    private final SSLSocket socket;
    private final DeviceId remote;
    private final boolean outbound;
    private final InputStream in;
    private final OutputStream out;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set when a refusal went out: nothing else may follow it on this connection. */
    private volatile boolean closing;
    private volatile String closeReason;
    private volatile io.tidemark.engine.protocol.RequestTracker tracker;
    /** Messages waiting for the sender thread; bounded so a slow peer cannot make us hold unbounded data. */
    private final java.util.concurrent.BlockingQueue<Message> outbox = new java.util.concurrent.ArrayBlockingQueue<>(OUTBOX_CAPACITY);
    private final AtomicBoolean senderStarted = new AtomicBoolean();
    /** Frame bytes (header and payload) this connection read and wrote; guarded by {@code this}. */
    private long bytesIn;
    private long bytesOut;
    /** The member's totals across its connections, once this connection counts for it; guarded by {@code this}. */
    private Traffic sink;

    /** Queued notices per connection; a realtime batch holds at most 100 records, so this bounds a backlog to ~25,000. */
    static final int OUTBOX_CAPACITY = 256;

    PeerLink(SSLSocket socket, DeviceId remote, boolean outbound) throws IOException {
        this.socket = socket;
        this.remote = remote;
        this.outbound = outbound;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    DeviceId remote() {
        return remote;
    }

    /** Whether this device dialled (as opposed to accepted) the connection. */
    boolean outbound() {
        return outbound;
    }

    String address() {
        return socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }

    void send(Message message) throws IOException {
        write(message, false);
    }

    /**
     * Queues {@code message} for a background sender and returns at once: a slow peer never blocks
     * the caller. Returns false, dropping the message, if the queue is full or the connection is
     * closing; the caller then falls back to something that cannot be lost (a catch-up).
     */
    boolean offer(Message message) {
        if (isClosed() || !outbox.offer(message)) {
            return false;
        }
        if (senderStarted.compareAndSet(false, true)) {
            Thread sender = new Thread(this::drainOutbox, "tidemark-send-" + remote.shortForm());
            sender.setDaemon(true);
            sender.start();
        }
        return true;
    }

    private void drainOutbox() {
        try {
            while (!isClosed()) {
                Message next = outbox.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                if (next != null) {
                    send(next);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            close("sending failed: " + e.getMessage());
        }
        outbox.clear();
    }

    /** Sends {@code message} as the last one: any send after it fails, so a refusal is always the final word. */
    void sendFinal(Message message) throws IOException {
        write(message, true);
    }

    private void write(Message message, boolean last) throws IOException {
        byte[] payload = MESSAGES.encode(message);
        synchronized (out) {
            // Checked under the lock: a sender that was waiting for it must not follow a final message.
            if (closing || closed.get()) {
                throw new IOException("the connection is closing");
            }
            try {
                FRAMES.checkSendable(payload);
                // Counted before the bytes leave: the peer may read and count them before write() returns,
                // and a sender's total must never trail what its peer has already received.
                counted(0, FrameCodec.HEADER_BYTES + payload.length);
                FRAMES.write(out, payload);
            } catch (ProtocolException e) {
                throw new IOException("could not send " + message.getClass().getSimpleName() + ": " + e.getMessage(), e);
            } finally {
                if (last) {
                    closing = true;
                }
            }
        }
    }

    /** The next message, or empty when the peer closed the connection cleanly. */
    Optional<Message> receive() throws IOException, ProtocolException {
        Optional<byte[]> frame = (tracker == null ? SMALL_FRAMES : FRAMES).read(in);
        if (frame.isEmpty()) {
            return Optional.empty();
        }
        counted(FrameCodec.HEADER_BYTES + frame.get().length, 0);
        return Optional.of(MESSAGES.decode(frame.get()));
    }

    private synchronized void counted(long in, long written) {
        bytesIn += in;
        bytesOut += written;
        if (sink != null) {
            sink.add(in, written);
        }
    }

    /**
     * From now on this connection's bytes, including those already moved (the handshake), also count
     * in {@code totals}. Handing over under the same lock that counts means no byte is lost or
     * counted twice, so the totals only ever grow (Prometheus reads a drop as a counter reset).
     */
    synchronized void countInto(Traffic totals) {
        if (sink == null) {
            totals.add(bytesIn, bytesOut);
            sink = totals;
        }
    }

    synchronized long bytesIn() {
        return bytesIn;
    }

    synchronized long bytesOut() {
        return bytesOut;
    }

    /** Running byte totals of one member across all its connections. */
    static final class Traffic {
        private final java.util.concurrent.atomic.AtomicLong in = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong out = new java.util.concurrent.atomic.AtomicLong();

        void add(long bytesIn, long bytesOut) {
            in.addAndGet(bytesIn);
            out.addAndGet(bytesOut);
        }

        long bytesIn() {
            return in.get();
        }

        long bytesOut() {
            return out.get();
        }
    }

    /**
     * Closes this connection if it is not established within {@code limit}: a read timeout bounds
     * each wait for bytes, but a peer that sends one byte per wait would hold the connection (and
     * what it buffered) forever.
     */
    void establishWithin(java.time.Duration limit) {
        Thread.ofVirtual().name("tidemark-deadline-" + remote.shortForm()).start(() -> {
            try {
                Thread.sleep(limit);
            } catch (InterruptedException e) {
                return;
            }
            if (tracker == null && !isClosed()) {
                close("did not finish its hello or pairing within " + limit.toSeconds() + " s");
            }
        });
    }

    /** Read timeout for the next receive; 0 waits forever. */
    void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Correlates this connection's requests with their responses; set once the connection is established. */
    io.tidemark.engine.protocol.RequestTracker tracker() {
        return tracker;
    }

    /** Establishes the connection: from now on frames up to the full limit are read. */
    void tracker(io.tidemark.engine.protocol.RequestTracker tracker) {
        this.tracker = tracker;
    }

    boolean isClosed() {
        return closed.get() || closing;
    }

    String closeReason() {
        return closeReason;
    }

    /**
     * Closes after the peer had a chance to read what was sent last (a refusal with its reason):
     * reads and discards until the peer closes or {@code millis} pass. Closing at once, with the
     * peer's own message still unread, makes TCP reset the connection, which can destroy the
     * refusal before the peer reads it.
     */
    void drainAndClose(String reason, int millis) {
        closing = true;
        try {
            socket.setSoTimeout(millis);
            long deadline = System.currentTimeMillis() + millis;
            byte[] sink = new byte[4096];
            while (System.currentTimeMillis() < deadline && in.read(sink) >= 0) {
                // discard
            }
        } catch (IOException ignored) {
            // timed out or reset: close anyway
        }
        close(reason);
    }

    /** Closes once; the first reason given is kept. */
    void close(String reason) {
        if (closed.compareAndSet(false, true)) {
            closeReason = reason;
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    @Override
    public void close() {
        close("closed");
    }
}
