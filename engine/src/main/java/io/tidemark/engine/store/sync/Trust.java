package io.tidemark.engine.store.sync;

import java.util.Locale;

/** How far this device trusts a peer. Only members take part in sync and hold up log pruning. */
public enum Trust {
    /** A paired device of this library: syncs, and the change log is kept until it has acknowledged. */
    MEMBER,
    /** A former member that was removed: kept for history, ignored by sync and pruning. */
    FORGOTTEN,
    /** Discovered nearby but never paired. */
    NEARBY;

    String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Trust fromDbName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
