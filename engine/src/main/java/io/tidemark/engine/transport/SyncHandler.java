package io.tidemark.engine.transport;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.protocol.Message;

/**
 * The sync engine's side of the transport: told when members come and go, answering their sync
 * requests and taking their notices. The transport only moves {@link Message.Sync} messages; what
 * they mean is up to the handler.
 */
public interface SyncHandler {
    SyncHandler NONE = new SyncHandler() {
        @Override
        public void connected(PeerChannel channel) {
        }

        @Override
        public void disconnected(DeviceId peer) {
        }

        @Override
        public Message.Response serve(DeviceId peer, Message.Request request) {
            throw new IllegalStateException("this device does not serve records");
        }

        @Override
        public void notice(DeviceId peer, Message.Notice notice) {
        }
    };

    /** A member finished its handshake; called on a transport thread that may block. */
    void connected(PeerChannel channel);

    /** A member told us of other members, whose records it may hold. By default, as {@link #connected}. */
    default void membersChanged(PeerChannel channel) {
        connected(channel);
    }

    void disconnected(DeviceId peer);

    /** Answers a sync request ({@link Message.Sync} and {@link Message.Request}); runs on a serving thread. */
    Message.Response serve(DeviceId peer, Message.Request request) throws Exception;

    /** Takes a notice on the connection's reader thread, in the order they were sent: must not block long. */
    void notice(DeviceId peer, Message.Notice notice);
}
