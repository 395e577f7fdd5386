package io.tidemark.engine.sync;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.transport.PeerChannel;

/**
 * "Data available" notices to members. Nothing waits on a slow member: a notice goes through the
 * connection's bounded queue, and one that does not fit is owed and paid once there is room.
 */
final class Notices {
    private final Sessions sessions;

    Notices(Sessions sessions) {
        this.sessions = sessions;
    }

    /** Tells every active member that we hold new records. */
    void all(String reason) {
        for (PeerSession s : sessions.active()) {
            offer(s, new Message.DataAvailable(reason));
        }
    }

    /** Tells the other members that we hold new records they may want (we may be their only route). */
    void others(DeviceId except, String reason) {
        for (PeerSession s : sessions.active()) {
            if (!s.peer.equals(except)) {
                offer(s, new Message.DataAvailable(reason));
            }
        }
    }

    /** Queues {@code notice} to the member, or owes it a "data available" if its queue is full. */
    static void offer(PeerSession session, Message.Notice notice) {
        PeerChannel channel = session.channel;
        if (channel == null || !channel.offer(notice)) {
            session.noticeOwed.set(true);
        }
    }

    /** Sends the notices owed to members whose queues have room again. */
    void payOwed() {
        for (PeerSession s : sessions.active()) {
            if (s.noticeOwed.get() && s.channel.offer(new Message.DataAvailable("realtime changes were dropped; catch up"))) {
                s.noticeOwed.set(false);
            }
        }
    }
}
