package io.tidemark.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.engine.identity.DeviceId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class PeerResolverTest {
    private static final String BRAVO = id(1);
    private static final String CHARLIE = id(2);
    private static final String TWIN_A = id(3);
    private static final String TWIN_B = id(4);
    private static final List<PeerResolver.Member> MEMBERS = List.of(new PeerResolver.Member(BRAVO, "bravo"),
            new PeerResolver.Member(CHARLIE, "Charlie"), new PeerResolver.Member(TWIN_A, "twin"), new PeerResolver.Member(TWIN_B, "twin"));

    private static String id(int n) {
        byte[] bytes = new byte[DeviceId.LENGTH];
        Arrays.fill(bytes, (byte) (n * 40));
        return new DeviceId(bytes).toString();
    }

    private static String resolve(String text) {
        return PeerResolver.resolve(text, MEMBERS).id();
    }

    @Test
    void acceptsTheFullIdInAnySpellingTheShortFormAndUniqueNames() {
        assertThat(BRAVO.substring(0, 7)).isNotEqualTo(CHARLIE.substring(0, 7));
        assertThat(resolve(BRAVO)).isEqualTo(BRAVO);
        assertThat(resolve(BRAVO.replace("-", "").toLowerCase(Locale.ROOT))).isEqualTo(BRAVO);
        assertThat(resolve(" " + CHARLIE.substring(0, 7).toLowerCase(Locale.ROOT) + " ")).isEqualTo(CHARLIE);
        assertThat(resolve(CHARLIE.substring(0, 15))).as("a longer start of the id, dash included").isEqualTo(CHARLIE);
        assertThat(resolve("bravo")).isEqualTo(BRAVO);
        assertThat(resolve("charlie")).as("names match case-insensitively when nothing matches exactly").isEqualTo(CHARLIE);
        assertThat(PeerResolver.resolve("bravo", MEMBERS).name()).isEqualTo("bravo");
    }

    @Test
    void aWellFormedIdOfNoMemberIsLeftToTheAction() {
        String stranger = id(5);
        assertThat(PeerResolver.resolve(stranger, MEMBERS)).isEqualTo(new PeerResolver.Member(stranger, null));
    }

    @Test
    void nothingOrSeveralMatchingIsAClearError() {
        assertThatThrownBy(() -> resolve("zulu")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No member matches 'zulu'. Members: bravo (" + BRAVO.substring(0, 7) + "), Charlie ("
                        + CHARLIE.substring(0, 7) + "), twin (" + TWIN_A.substring(0, 7) + "), twin (" + TWIN_B.substring(0, 7) + ").");
        assertThatThrownBy(() -> resolve("twin")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'twin' matches 2 members: twin (" + TWIN_A.substring(0, 7) + ") " + TWIN_A + ", twin ("
                        + TWIN_B.substring(0, 7) + ") " + TWIN_B + ". Use the full device id.");
        assertThatThrownBy(() -> PeerResolver.resolve("bravo", List.of())).hasMessage("No member matches 'bravo'. This device has no other members yet.");
        assertThatThrownBy(() -> resolve("  ")).hasMessageStartingWith("Name the member");
        assertThatThrownBy(() -> resolve("BRAV")).as("too short to be a short form").hasMessageStartingWith("No member matches 'BRAV'");
        char[] typo = BRAVO.toCharArray();
        typo[3] = typo[3] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> resolve(new String(typo))).as("a mistyped full id says so")
                .hasMessageContaining("mistyped");
    }
}
