package io.tidemark.engine.store.library;

import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.model.Ids;
import java.nio.file.Path;
import java.util.UUID;

/** A second process writing the same library.db, for {@link CommitStampTest}. Args: db, transactions, rows each. */
public final class ConcurrentWriterMain {
    private ConcurrentWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        int transactions = Integer.parseInt(args[1]);
        int rows = Integer.parseInt(args[2]);
        try (LibraryStore store = LibraryStore.open(db, HybridLogicalClock.system())) {
            UUID self = store.identity().deviceId();
            UUID location = Ids.newId();
            for (int t = 0; t < transactions; t++) {
                store.writeLocal(tx -> {
                    for (int i = 0; i < rows; i++) {
                        tx.put(TestLibraries.entry(self, 0, location));
                    }
                    return null;
                });
            }
        }
        System.out.println("done");
    }
}
