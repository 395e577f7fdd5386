package io.tidemark.engine.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The kinds of record a library holds. Each declares which types its rows reference; the order in
 * which sync applies types is derived from those declarations by {@link SyncOrder}, never written by
 * hand, so adding a type cannot silently put it before something it needs.
 */
public enum ResourceType {
    DEVICE(Ownership.DEVICE_OWNED, "device"),
    VOLUME(Ownership.DEVICE_OWNED, "volume", "DEVICE"),
    LOCATION(Ownership.DEVICE_OWNED, "location", "DEVICE", "VOLUME"),
    ENTRY(Ownership.DEVICE_OWNED, "entry", "LOCATION", "CONTENT_IDENTITY"),
    CONTENT_IDENTITY(Ownership.SHARED, "content_identity"),
    TAG(Ownership.SHARED, "tag"),
    COLLECTION(Ownership.SHARED, "collection"),
    TAG_ASSIGNMENT(Ownership.SHARED, "tag_assignment", "TAG", "CONTENT_IDENTITY"),
    COLLECTION_ITEM(Ownership.SHARED, "collection_item", "COLLECTION", "CONTENT_IDENTITY");

    private final Ownership ownership;
    private final String table;
    // Names, not constants: an enum constant cannot reference one declared after it.
    private final String[] dependencyNames;

    ResourceType(Ownership ownership, String table, String... dependencyNames) {
        this.ownership = ownership;
        this.table = table;
        this.dependencyNames = dependencyNames;
    }

    public Ownership ownership() {
        return ownership;
    }

    public boolean deviceOwned() {
        return ownership == Ownership.DEVICE_OWNED;
    }

    /** The library.db table holding this type's rows. */
    public String table() {
        return table;
    }

    /** Types whose rows this type's rows reference (not counting references to rows of its own type). */
    public List<ResourceType> dependencies() {
        return Arrays.stream(dependencyNames).map(ResourceType::valueOf).toList();
    }

    /** The name used on the wire, in sync.db and in the CLI, e.g. {@code content_identity}. */
    public String wireName() {
        return table;
    }

    /** One record of this type in plain words: "entry", "content identity". */
    public String singular() {
        return table.replace('_', ' ');
    }

    /** Several records of this type in plain words: "entries", "content identities". */
    public String plural() {
        String one = singular();
        return one.endsWith("y") ? one.substring(0, one.length() - 1) + "ies" : one + "s";
    }

    /** This type's records counted in plain words: "1 entry", "3,720 content identities". */
    public String counted(long n) {
        return Counted.of(n, singular(), plural());
    }

    public static ResourceType fromWireName(String name) {
        for (ResourceType t : values()) {
            if (t.table.equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("Unknown resource type: " + name);
    }
}
