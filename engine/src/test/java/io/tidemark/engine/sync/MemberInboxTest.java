package io.tidemark.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.protocol.Message;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A member's notices wait in order, off the reader thread, within a bound; overflow and failures are reported, never silent. */
class MemberInboxTest {
    private final Queue<Runnable> executor = new ArrayDeque<>();
    private final List<String> applied = new ArrayList<>();
    private final AtomicInteger overflows = new AtomicInteger();
    private final List<String> failures = new ArrayList<>();
    private final PeerSession session = new PeerSession(new DeviceId(new byte[DeviceId.LENGTH]), Clock.systemUTC());

    private MemberInbox inbox() {
        return new MemberInbox(session, executor::add, (s, n) -> {
            String reason = ((Message.DataAvailable) n).reason();
            if (reason.startsWith("bad")) {
                throw new IllegalStateException("could not apply " + reason);
            }
            applied.add(reason);
        }, overflows::incrementAndGet, (s, e) -> failures.add(e.getMessage()));
    }

    private static Message.DataAvailable notice(String what) {
        return new Message.DataAvailable(what);
    }

    private void runAll() {
        while (!executor.isEmpty()) {
            executor.poll().run();
        }
    }

    @Test
    void noticesWaitForTheExecutorAndKeepTheirOrder() {
        MemberInbox inbox = inbox();
        for (int i = 0; i < 10; i++) {
            inbox.offer(notice("n" + i));
        }
        assertThat(applied).as("nothing is applied on the offering thread").isEmpty();
        assertThat(executor).as("one drain for the whole burst").hasSize(1);
        runAll();
        assertThat(applied).containsExactly("n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9");
        inbox.offer(notice("later"));
        runAll();
        assertThat(applied).endsWith("later");
        assertThat(overflows).hasValue(0);
    }

    @Test
    void aFullInboxDropsWhatDoesNotFitAndOwesARoundOnceItIsEmpty() {
        MemberInbox inbox = inbox();
        for (int i = 0; i < MemberInbox.CAPACITY + 7; i++) {
            inbox.offer(notice("n" + i));
        }
        runAll();
        assertThat(applied).hasSize(MemberInbox.CAPACITY).startsWith("n0").endsWith("n" + (MemberInbox.CAPACITY - 1));
        assertThat(overflows).as("one round owed for the 7 dropped").hasValue(1);
        inbox.offer(notice("after"));
        runAll();
        assertThat(applied).endsWith("after");
        assertThat(overflows).as("not owed again").hasValue(1);
    }

    @Test
    void aNoticeThatFailsIsReportedAndTheNextOnesStillApply() {
        MemberInbox inbox = inbox();
        inbox.offer(notice("a"));
        inbox.offer(notice("bad one"));
        inbox.offer(notice("b"));
        runAll();
        assertThat(applied).containsExactly("a", "b");
        assertThat(failures).containsExactly("could not apply bad one");
    }
}
