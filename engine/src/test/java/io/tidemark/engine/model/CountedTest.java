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

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} ms reads \"{1}\"")
    @org.junit.jupiter.params.provider.CsvSource({
            "0, 0 ms", "999, 999 ms", "-999, 999 ms", "1000, 1 s", "1499, 1 s", "1500, 2 s", "59499, 59 s",
            "59500, 1 min", "125000, 2 min 5 s", "-125000, 2 min 5 s", "3599499, 59 min 59 s", "3599500, 1 h",
            "7199995, 2 h", "7380000, 2 h 3 min", "86399999, 1 day", "86400000, 1 day", "90000000, 1 day 1 h",
            "273600000, 3 days 4 h", "31536000000, 365 days", "69120000000, 800 days"})
    void aSpanReadsInAtMostTwoUnitsRoundedToTheSmaller(long millis, String words) {
        assertThat(Counted.span(millis)).isEqualTo(words);
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
