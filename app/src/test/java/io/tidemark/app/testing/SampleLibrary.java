package io.tidemark.app.testing;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.index.GenerateOptions;
import io.tidemark.engine.index.GenerateReport;
import io.tidemark.engine.index.LibraryGenerator;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.VolumeRecord;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A generated library with a known shape, written through the engine's API: this device's data from
 * the engine's {@link LibraryGenerator} (exact location and entry counts), plus a peer device's rows
 * applied as sync would apply them, so the table has two owners. {@link #expected()} says what the
 * counts table must show for it.
 */
public final class SampleLibrary {
    public static final String PEER_NAME = "studio-laptop";

    public static final int LOCATIONS = 3;
    public static final long ENTRIES = 1_250;
    public static final int TAGS = 4;
    public static final int COLLECTIONS = 2;
    public static final long SEED = 42;
    public static final int PEER_ENTRIES = 40;

    private final String thisDeviceName;
    private final GenerateReport generated;

    private SampleLibrary(String thisDeviceName, GenerateReport generated) {
        this.thisDeviceName = thisDeviceName;
        this.generated = generated;
    }

    /** One expected row: {@code ownerName} null for a shared type. */
    public record Expected(String ownerName, long count) {
    }

    /** Writes the sample into {@code engine}'s library (on the calling thread). */
    public static SampleLibrary populate(Engine engine) {
        GenerateReport report = new LibraryGenerator(engine.library())
                .generate(new GenerateOptions(LOCATIONS, ENTRIES, TAGS, COLLECTIONS, SEED));

        // A peer's rows arrive through sync with the peer's own stamps.
        UUID peer = Ids.newId();
        long stamp = engine.library().clock().tick().packed();
        UUID volume = Ids.newId();
        UUID location = Ids.newId();
        List<OwnedRecord> peerRows = new ArrayList<>();
        peerRows.add(new DeviceRecord(peer, peer, stamp, PEER_NAME, "macOS 14", "0.1.0", null));
        peerRows.add(new VolumeRecord(volume, peer, stamp, "Macintosh HD", "/", "apfs", 500_000_000_000L));
        peerRows.add(new LocationRecord(location, peer, stamp, volume, "/Users/sam/Pictures", "Pictures"));
        UUID root = Ids.newId();
        peerRows.add(new EntryRecord(root, peer, stamp, location, null, "Pictures", EntryKind.DIRECTORY, 0,
                1_700_000_000_000L, null));
        for (int i = 1; i < PEER_ENTRIES; i++) {
            peerRows.add(new EntryRecord(Ids.newId(), peer, stamp, location, root, "img-" + i + ".heic", EntryKind.FILE,
                    0, 1_700_000_000_000L + i, null));
        }
        engine.library().applyOwned(peerRows);
        return new SampleLibrary(engine.snapshot().device().name(), report);
    }

    /** What the generator reported adding. */
    public GenerateReport generated() {
        return generated;
    }

    /** The rows the counts table must show, per type, owners by name. */
    public Map<ResourceType, List<Expected>> expected() {
        Map<ResourceType, List<Expected>> e = new EnumMap<>(ResourceType.class);
        e.put(ResourceType.DEVICE, byOwnerName(1, 1));
        e.put(ResourceType.VOLUME, byOwnerName(1, generated.volumes()));
        e.put(ResourceType.LOCATION, byOwnerName(1, generated.locations()));
        e.put(ResourceType.ENTRY, byOwnerName(PEER_ENTRIES, generated.entries()));
        e.put(ResourceType.CONTENT_IDENTITY, shared(generated.contentIdentities()));
        e.put(ResourceType.TAG, shared(generated.tags()));
        e.put(ResourceType.COLLECTION, shared(generated.collections()));
        e.put(ResourceType.TAG_ASSIGNMENT, shared(generated.tagAssignments()));
        e.put(ResourceType.COLLECTION_ITEM, shared(generated.collectionItems()));
        return e;
    }

    private static List<Expected> shared(long count) {
        return List.of(new Expected(null, count));
    }

    private List<Expected> byOwnerName(long peerCount, long selfCount) {
        Expected p = new Expected(PEER_NAME, peerCount);
        Expected self = new Expected(thisDeviceName, selfCount);
        return PEER_NAME.compareToIgnoreCase(thisDeviceName) <= 0 ? List.of(p, self) : List.of(self, p);
    }
}
