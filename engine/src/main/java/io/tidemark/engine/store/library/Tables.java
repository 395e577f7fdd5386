package io.tidemark.engine.store.library;

import io.tidemark.engine.model.CollectionItemRecord;
import io.tidemark.engine.model.CollectionRecord;
import io.tidemark.engine.model.ContentIdentityRecord;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.OwnedRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SharedRecord;
import io.tidemark.engine.model.TagAssignmentRecord;
import io.tidemark.engine.model.TagRecord;
import io.tidemark.engine.model.VolumeRecord;

/** The one instance of each table's SQL. */
public final class Tables {
    public static final OwnedTable<DeviceRecord> DEVICES = new OwnedTable.Devices();
    public static final OwnedTable<VolumeRecord> VOLUMES = new OwnedTable.Volumes();
    public static final OwnedTable<LocationRecord> LOCATIONS = new OwnedTable.Locations();
    public static final OwnedTable<EntryRecord> ENTRIES = new OwnedTable.Entries();
    public static final SharedTable<ContentIdentityRecord> CONTENT_IDENTITIES = new SharedTable.ContentIdentities();
    public static final SharedTable<TagRecord> TAGS = new SharedTable.Tags();
    public static final SharedTable<CollectionRecord> COLLECTIONS = new SharedTable.Collections();
    public static final SharedTable<TagAssignmentRecord> TAG_ASSIGNMENTS = new SharedTable.TagAssignments();
    public static final SharedTable<CollectionItemRecord> COLLECTION_ITEMS = new SharedTable.CollectionItems();

    private Tables() {
    }

    public static OwnedTable<? extends OwnedRecord> owned(ResourceType type) {
        return switch (type) {
            case DEVICE -> DEVICES;
            case VOLUME -> VOLUMES;
            case LOCATION -> LOCATIONS;
            case ENTRY -> ENTRIES;
            default -> throw new IllegalArgumentException(type + " is not device-owned");
        };
    }

    public static SharedTable<? extends SharedRecord> shared(ResourceType type) {
        return switch (type) {
            case CONTENT_IDENTITY -> CONTENT_IDENTITIES;
            case TAG -> TAGS;
            case COLLECTION -> COLLECTIONS;
            case TAG_ASSIGNMENT -> TAG_ASSIGNMENTS;
            case COLLECTION_ITEM -> COLLECTION_ITEMS;
            default -> throw new IllegalArgumentException(type + " is not shared");
        };
    }

    @SuppressWarnings("unchecked")
    static <R extends OwnedRecord> OwnedTable<R> ownedFor(R record) {
        return (OwnedTable<R>) owned(record.type());
    }

    @SuppressWarnings("unchecked")
    static <R extends SharedRecord> SharedTable<R> sharedFor(R record) {
        return (SharedTable<R>) shared(record.type());
    }
}
