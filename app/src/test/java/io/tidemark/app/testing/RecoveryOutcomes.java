package io.tidemark.app.testing;

import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.sync.SyncEngine.RecoveryOutcome;
import java.util.List;

/**
 * What a surgical recovery with laptop answers for the gaps of {@link SyncSnapshots#withGaps}: its
 * three locations held in other versions, and the {@link SyncSnapshots#GAP} entries missing here; as
 * the engine lists them, in sync order.
 */
public final class RecoveryOutcomes {
    private RecoveryOutcomes() {
    }

    /** The dry run: what would move. */
    public static List<RecoveryOutcome> plan() {
        return List.of(
                new RecoveryOutcome(SyncSnapshots.LAPTOP_OWNER, ResourceType.LOCATION, 3, 3, 3, 0, 412, 0, 0, 3, false, true),
                new RecoveryOutcome(SyncSnapshots.LAPTOP_OWNER, ResourceType.ENTRY, SyncSnapshots.LAPTOP_ENTRIES - SyncSnapshots.GAP,
                        SyncSnapshots.LAPTOP_ENTRIES, SyncSnapshots.GAP, 0, 1_904_000, 0, 0,
                        SyncSnapshots.LAPTOP_ENTRIES - SyncSnapshots.GAP, false, true));
    }

    /** The recovery: what moved, and the counts after. */
    public static List<RecoveryOutcome> recovered() {
        return List.of(
                new RecoveryOutcome(SyncSnapshots.LAPTOP_OWNER, ResourceType.LOCATION, 3, 3, 3, 0, 480, 1, 420, 3, false, false),
                new RecoveryOutcome(SyncSnapshots.LAPTOP_OWNER, ResourceType.ENTRY, SyncSnapshots.LAPTOP_ENTRIES - SyncSnapshots.GAP,
                        SyncSnapshots.LAPTOP_ENTRIES, SyncSnapshots.GAP, 0, 1_956_000, 7, 2_849, SyncSnapshots.LAPTOP_ENTRIES,
                        false, false));
    }
}
