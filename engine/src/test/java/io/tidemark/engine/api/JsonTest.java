package io.tidemark.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The CLI's JSON reads and prints exactly as an ObjectMapper did, so scripts see the same text. */
class JsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String STATUS_LIKE = """
            {"device":{"id":"34WIXU3-MG6AS4P","name":"Zoë's \\"laptop\\"\\n","uuid":null},
             "counts":[{"type":"entry","owner":null,"count":1234567},{"count":12345678901},{"count":123456789012345678901234567890}],
             "peers":[],"nearby":[{"addresses":["10.0.0.2:22100"]}],
             "backfill":{"active":true,"rate":1234.5,"tiny":1.0E-7,"whole":3.0,"negative":-0},
             "flags":[true,false,null],"empty":{}}""";

    @Test
    void readsTheSameTreeAsAnObjectMapper() throws IOException {
        assertThat(Json.read(STATUS_LIKE)).isEqualTo(MAPPER.readTree(STATUS_LIKE));
        assertThat(Json.read("[1, 2.5, \"x\"]")).isEqualTo(MAPPER.readTree("[1, 2.5, \"x\"]"));
        assertThat(Json.read("").isMissingNode()).isTrue();
    }

    @Test
    void printsTheSameTextAsAnObjectMapper() throws IOException {
        JsonNode tree = MAPPER.readTree(STATUS_LIKE);
        assertThat(Json.pretty(tree)).isEqualTo(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree));
        assertThat(Json.write(tree)).isEqualTo(tree.toString());
        // Built trees too, as the snapshot's JSON makes them: longs, big numbers, nulls.
        JsonNode built = Json.object().put("long", 5L).put("big", new BigInteger("123456789012345678901234567890"))
                .put("decimal", new BigDecimal("1.50")).put("float", 0.25f).putNull("none");
        assertThat(Json.pretty(built)).isEqualTo(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(built));
    }

    @Test
    void textThatIsNotJsonIsAnIoException() {
        assertThatThrownBy(() -> Json.read("<html>502 Bad Gateway</html>")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Json.read("{\"a\":")).isInstanceOf(IOException.class);
    }
}
