package io.tidemark.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.store.library.LibraryStore.OwnedChanges;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A page read ahead is handed out only for the very request it was read for, once. */
class PageReadAheadTest {
    private final PageReadAhead readAhead = new PageReadAhead(Runnable::run);
    private final DeviceId member = new DeviceId(new byte[DeviceId.LENGTH]);
    private final UUID owner = Ids.newId();
    private final Cursor after = new Cursor(42, Ids.newId());
    private final PageReadAhead.Key key = new PageReadAhead.Key(member, owner, ResourceType.ENTRY, after, 10_000, null);
    private final OwnedChanges page = new OwnedChanges(List.of(), List.of(), after, -1);
    private final AtomicInteger reads = new AtomicInteger();

    private OwnedChanges read() {
        reads.incrementAndGet();
        return page;
    }

    @Test
    void theSameRequestGetsThePageOnceAndOnlyOnce() {
        readAhead.readAhead(key, this::read);
        assertThat(readAhead.take(key)).isSameAs(page);
        assertThat(readAhead.take(key)).as("used up").isNull();
        assertThat(reads).hasValue(1);
    }

    @Test
    void anyOtherRequestDropsIt() {
        List<PageReadAhead.Key> others = List.of(
                new PageReadAhead.Key(member, owner, ResourceType.ENTRY, new Cursor(43, after.uuid()), 10_000, null),
                new PageReadAhead.Key(member, owner, ResourceType.LOCATION, after, 10_000, null),
                new PageReadAhead.Key(member, Ids.newId(), ResourceType.ENTRY, after, 10_000, null),
                new PageReadAhead.Key(member, owner, ResourceType.ENTRY, after, 500, null),
                // Our watermark moved since: the page was read under another cap.
                new PageReadAhead.Key(member, owner, ResourceType.ENTRY, after, 10_000, new Cursor(99, Ids.newId())));
        for (PageReadAhead.Key other : others) {
            readAhead.readAhead(key, this::read);
            assertThat(readAhead.take(other)).as("%s", other).isNull();
            assertThat(readAhead.take(key)).as("dropped by %s", other).isNull();
        }
    }

    @Test
    void aFailedReadIsReadAgainByTheRequestAndAGoneMemberKeepsNothing() {
        readAhead.readAhead(key, () -> {
            throw new IllegalStateException("disk gone");
        });
        assertThat(readAhead.take(key)).isNull();

        readAhead.readAhead(key, this::read);
        readAhead.forget(member);
        assertThat(readAhead.take(key)).isNull();
    }
}
