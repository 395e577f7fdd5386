package io.tidemark.engine.store.sync;

import java.util.Locale;

/** What a change-log entry does to its record. A DELETE is a tombstone that travels like any change. */
public enum Operation {
    UPSERT,
    DELETE;

    String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Operation fromDbName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
