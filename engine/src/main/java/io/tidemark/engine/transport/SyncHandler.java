package io.tidemark.engine.transport;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.protocol.Message;

/** The sync engine's side of the transport: told when members come and go, and serving their pulls. */
public interface SyncHandler {
    SyncHandler NONE = new SyncHandler() {
        @Override
        public void connected(PeerChannel channel) {
        }

        @Override
        public void disconnected(DeviceId peer) {
        }

        @Override
        public Message.PullPage serve(DeviceId peer, Message.PullRequest request) {
            throw new IllegalStateException("this device does not serve records");
        }
    };

    /** A member finished its handshake; called on a transport thread that may block. */
    void connected(PeerChannel channel);

    void disconnected(DeviceId peer);

    /** Answers a pull; runs on the connection's reader thread. */
    Message.PullPage serve(DeviceId peer, Message.PullRequest request) throws Exception;
}
