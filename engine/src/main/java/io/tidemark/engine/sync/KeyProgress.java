package io.tidemark.engine.sync;

import java.time.Duration;
import java.time.Instant;

/**
 * Progress of one pull of one (owner, type) from one peer: {@code done} of {@code total} records,
 * where the total is what the serving peer reported (done plus its remaining count) on the last page.
 * A pull resumed from a checkpoint starts with the checkpoint's done count, but its rate counts only
 * this run ({@code runDone} at {@code runStartedAt}), so a crash or a night offline does not drag it down.
 * Immutable; the puller replaces it after every page.
 */
public record KeyProgress(long done, long total, long runDone, Instant runStartedAt, Instant updatedAt, boolean active,
                          boolean backfill) {

    public static KeyProgress start(long done, long total, boolean backfill, Instant now) {
        return new KeyProgress(done, Math.max(done, total), done, now, now, true, backfill);
    }

    /** After a page of {@code rows}; {@code remaining} -1 when the server did not count (the total stands). */
    public KeyProgress page(long rows, long remaining, Instant now) {
        long newDone = done + rows;
        long newTotal = remaining >= 0 ? newDone + remaining : Math.max(total, newDone);
        return new KeyProgress(newDone, newTotal, runDone, runStartedAt, now, true, backfill);
    }

    public KeyProgress finished(Instant now) {
        return new KeyProgress(done, done, runDone, runStartedAt, now, false, backfill);
    }

    /** Records per second in this run (0 until there is something to measure). */
    public double ratePerSecond() {
        double seconds = Duration.between(runStartedAt, updatedAt).toMillis() / 1000.0;
        return seconds < 0.05 ? 0 : (done - runDone) / seconds;
    }

    /** Seconds left at this run's rate, or null when unknown or finished. */
    public Long etaSeconds() {
        double rate = ratePerSecond();
        if (!active || rate <= 0) {
            return null;
        }
        return (long) Math.ceil(Math.max(0, total - done) / rate);
    }
}
