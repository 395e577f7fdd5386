package io.tidemark.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncOrderTest {

    @Test
    void everyTypeComesAfterEveryTypeItReferences() {
        List<ResourceType> order = SyncOrder.all();
        assertThat(order).containsExactlyInAnyOrder(ResourceType.values());
        for (ResourceType type : ResourceType.values()) {
            for (ResourceType dependency : type.dependencies()) {
                assertThat(order.indexOf(dependency)).as("%s must come before %s", dependency, type)
                        .isLessThan(order.indexOf(type));
            }
        }
    }

    @Test
    void orderIsDerivedNotDeclarationOrder() {
        // ENTRY is declared before CONTENT_IDENTITY but references it.
        assertThat(ResourceType.ENTRY.ordinal()).isLessThan(ResourceType.CONTENT_IDENTITY.ordinal());
        assertThat(SyncOrder.all().indexOf(ResourceType.CONTENT_IDENTITY)).isLessThan(SyncOrder.all().indexOf(ResourceType.ENTRY));
    }

    @Test
    void subsetsIgnoreDependenciesOutsideTheSet() {
        assertThat(SyncOrder.of(EnumSet.of(ResourceType.ENTRY, ResourceType.LOCATION)))
                .containsExactly(ResourceType.LOCATION, ResourceType.ENTRY);
        assertThat(SyncOrder.deviceOwned()).containsExactly(ResourceType.DEVICE, ResourceType.VOLUME, ResourceType.LOCATION, ResourceType.ENTRY);
        assertThat(SyncOrder.shared()).allMatch(t -> !t.deviceOwned());
    }

    @Test
    void wireNamesRoundTrip() {
        for (ResourceType type : ResourceType.values()) {
            assertThat(ResourceType.fromWireName(type.wireName())).isEqualTo(type);
        }
    }
}
