package io.tidemark.engine.sync;

import io.tidemark.engine.model.Cursor;
import io.tidemark.engine.model.KeySummary;
import io.tidemark.engine.protocol.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What this device holds: per (owner, type) the cursor it holds contiguously (for its own records,
 * its newest change; for others, its watermark), its count and summary; plus the shared marks.
 */
public record Marks(Map<SyncKey, Cursor> held, Map<SyncKey, Long> counts, Map<SyncKey, Cursor> watermarks,
                    Map<SyncKey, Instant> advancedAt, Map<SyncKey, Cursor> checkpointed, List<Message.Mark> shared,
                    Map<SyncKey, KeySummary> summaries) {
    /** The marks as the exchange sends them. */
    public List<Message.Mark> all() {
        List<Message.Mark> out = new ArrayList<>();
        held.forEach((key, cursor) -> {
            KeySummary s = summaries.getOrDefault(key, KeySummary.empty(key.owner(), key.type()));
            out.add(new Message.Mark(key.owner().toString(), key.type().wireName(), cursor.stamp(), cursor.uuid().toString(),
                    s.rows(), s.deleted(), s.digest(), s.maxVersion()));
        });
        out.addAll(shared);
        return out;
    }

    /** What we hold of {@code key}: its summary, empty if we hold nothing of it. */
    public KeySummary summary(SyncKey key) {
        return summaries.getOrDefault(key, KeySummary.empty(key.owner(), key.type()));
    }
}
