package io.tidemark.engine.clock;

import java.time.Duration;

/**
 * A remote stamp lies implausibly far in the future (see {@link HybridLogicalClock#IMPLAUSIBLE_AHEAD}):
 * it was not merged, and the clock did not move.
 */
public final class ClockSkewException extends Exception {
    private static final long serialVersionUID = 1L;
    private final HlcTimestamp remote;
    private final Duration ahead;

    public ClockSkewException(HlcTimestamp remote, Duration ahead) {
        super("a stamp of " + remote + " is " + TimeSpans.words(ahead.toMillis()) + " ahead of this device's clock, more than "
                + TimeSpans.words(HybridLogicalClock.IMPLAUSIBLE_AHEAD.toMillis())
                + "; no clock that is merely wrong is that far off, so the stamp was taken to be corrupt and not used");
        this.remote = remote;
        this.ahead = ahead;
    }

    public HlcTimestamp remote() {
        return remote;
    }

    public Duration ahead() {
        return ahead;
    }
}
