package io.tidemark.app.overview;

import io.tidemark.engine.model.ResourceType;
import java.util.UUID;

/**
 * One row of the counts table: how many rows of {@code type} the library holds for {@code owner}.
 *
 * @param owner      the owning device, or null for a shared type
 * @param ownerName  that device's name, or null for a shared type
 * @param thisDevice whether {@code owner} is the device this app runs on
 */
public record CountRow(ResourceType type, UUID owner, String ownerName, long count, boolean thisDevice) {

    public boolean shared() {
        return owner == null;
    }
}
