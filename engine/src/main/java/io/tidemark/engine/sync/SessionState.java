package io.tidemark.engine.sync;

/** Where sync with one member stands; the snapshot shows it with a reason. */
public enum SessionState {
    CONNECTING, BACKFILLING, CATCHING_UP, RECOVERING, READY, PAUSED, OFFLINE, ERROR
}
