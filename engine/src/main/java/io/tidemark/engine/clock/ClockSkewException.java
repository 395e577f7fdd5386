package io.tidemark.engine.clock;

import java.time.Duration;

/** A remote timestamp lies further in the future than the clock accepts; the clock did not move. */
public final class ClockSkewException extends Exception {
    private static final long serialVersionUID = 1L;
    private final HlcTimestamp remote;
    private final Duration ahead;

    public ClockSkewException(HlcTimestamp remote, Duration ahead, Duration maxDrift) {
        super("Refused a remote clock " + remote + ": it is " + ahead.toMillis() + " ms ahead of this device's clock,"
                + " more than the allowed drift of " + maxDrift.toMillis() + " ms. Check the peer's system time.");
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
