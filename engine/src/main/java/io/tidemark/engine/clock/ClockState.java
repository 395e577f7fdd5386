package io.tidemark.engine.clock;

/**
 * The hybrid logical clock as it stands, for doctor and the events about this device's clock.
 *
 * @param last           the last stamp issued or observed
 * @param wallMillis     the wall clock when this was read
 * @param heldBackMillis how far the time stamps are taken on lags the wall clock because of a held
 *                       forward jump; 0 when none is held
 * @param lastJump       the last forward jump seen since the clock was made, or null
 */
public record ClockState(HlcTimestamp last, long wallMillis, long heldBackMillis, ClockJump lastJump) {

    /**
     * How far the last stamp is ahead of the wall clock (negative: behind, as it normally is). Ahead
     * is not a fault: it is what a hybrid logical clock does after it merged a stamp from a clock that
     * ran ahead, and it falls back as the wall clock catches up.
     */
    public long aheadOfWallMillis() {
        return last.physicalMillis() - wallMillis;
    }
}
