package io.tidemark.engine.sync;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.transport.PeerChannel;
import java.util.List;

/** What the peer sessions need from the shared change-log sync. */
interface SharedSide {
    /** Appends local shared changes (from any process) to the log; returns how many were new. */
    int tail();

    Message.SharedPullPage serve(DeviceId peer, Message.SharedPullRequest request);

    /** Pulls what the member's log holds past what we pulled from it; returns the changes applied. */
    long pull(PeerChannel channel);

    void acked(DeviceId peer, long seq);

    long headSeq();

    long pulledSeq(DeviceId source);

    /** Forgets how far the member's log was pulled, so the next pull starts over (a full resync). */
    void resetPulled(DeviceId source);

    /** Per shared type: newest HLC and row count. */
    List<Message.Mark> marks();

    int prune();

    SharedSide NONE = new SharedSide() {
        @Override
        public int tail() {
            return 0;
        }

        @Override
        public Message.SharedPullPage serve(DeviceId peer, Message.SharedPullRequest request) {
            return new Message.SharedPullPage(request.requestId(), List.of(), request.afterSeq(), 0, false);
        }

        @Override
        public long pull(PeerChannel channel) {
            return 0;
        }

        @Override
        public void acked(DeviceId peer, long seq) {
        }

        @Override
        public long headSeq() {
            return 0;
        }

        @Override
        public long pulledSeq(DeviceId source) {
            return 0;
        }

        @Override
        public void resetPulled(DeviceId source) {
        }

        @Override
        public List<Message.Mark> marks() {
            return List.of();
        }

        @Override
        public int prune() {
            return 0;
        }
    };
}
