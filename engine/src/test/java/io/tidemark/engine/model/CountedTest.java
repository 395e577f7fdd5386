package io.tidemark.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Numbers with their nouns, as the CLI and doctor print them. */
class CountedTest {
    @Test
    void theNounAgreesWithTheNumber() {
        assertThat(Counted.of(0, "problem", "problems")).isEqualTo("0 problems");
        assertThat(Counted.of(1, "problem", "problems")).isEqualTo("1 problem");
        assertThat(Counted.of(2, "problem", "problems")).isEqualTo("2 problems");
    }

    @Test
    void everyResourceTypeHasPlainNouns() {
        assertThat(ResourceType.ENTRY.counted(1)).isEqualTo("1 entry");
        assertThat(ResourceType.ENTRY.counted(2)).isEqualTo("2 entries");
        assertThat(ResourceType.CONTENT_IDENTITY.counted(1)).isEqualTo("1 content identity");
        assertThat(ResourceType.CONTENT_IDENTITY.plural()).isEqualTo("content identities");
        assertThat(ResourceType.DEVICE.plural()).isEqualTo("devices");
        assertThat(ResourceType.TAG_ASSIGNMENT.plural()).isEqualTo("tag assignments");
        assertThat(ResourceType.COLLECTION_ITEM.plural()).isEqualTo("collection items");
        for (ResourceType type : ResourceType.values()) {
            assertThat(type.singular()).doesNotContain("_").isNotBlank();
            assertThat(type.plural()).doesNotContain("_").startsWith(type.singular().substring(0, type.singular().length() - 1));
        }
    }
}
