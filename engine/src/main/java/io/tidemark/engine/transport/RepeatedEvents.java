package io.tidemark.engine.transport;

import io.tidemark.engine.model.Counted;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Holds back repeats of an event that keeps happening, such as a member refused at every dial: the
 * first is recorded, repeats within the quiet period are only counted, and the first one after it
 * says how many were held back. The history stays readable, and sync.db does not fill with the same
 * line several times a second (a refused device once redialled every 500 ms).
 */
final class RepeatedEvents {
    static final Duration QUIET = Duration.ofMinutes(10);

    private final long quietMillis;
    private final LongSupplier elapsedMillis;
    private final Map<String, Said> said = new HashMap<>();

    private record Said(long atMillis, int heldBack) {
    }

    /** @param elapsedMillis a monotonic clock: the quiet period must not end because the wall clock jumped */
    RepeatedEvents(Duration quiet, LongSupplier elapsedMillis) {
        this.quietMillis = quiet.toMillis();
        this.elapsedMillis = elapsedMillis;
    }

    static RepeatedEvents system() {
        return new RepeatedEvents(QUIET, () -> System.nanoTime() / 1_000_000);
    }

    /**
     * The message to record for an event of the kind {@code key} names (e.g. one peer refused for one
     * reason), or empty if it repeats one recorded less than the quiet period ago.
     */
    synchronized Optional<String> pass(String key, String message) {
        long now = elapsedMillis.getAsLong();
        Said last = said.get(key);
        if (last != null && now - last.atMillis() < quietMillis) {
            said.put(key, new Said(last.atMillis(), last.heldBack() + 1));
            return Optional.empty();
        }
        said.put(key, new Said(now, 0));
        if (last == null || last.heldBack() == 0) {
            return Optional.of(message);
        }
        return Optional.of(message + " (and " + Counted.of(last.heldBack(), "time", "times") + " more in the "
                + Counted.span(now - last.atMillis()) + " before)");
    }
}
