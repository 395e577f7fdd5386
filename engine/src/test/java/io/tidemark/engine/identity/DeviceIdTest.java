package io.tidemark.engine.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

class DeviceIdTest {

    private static DeviceId randomId(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new DeviceId(bytes);
    }

    @Test
    void roundTripsManyRandomIdsInTheGroupedFormat() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            DeviceId id = randomId(random);
            String text = id.toString();
            assertThat(text).matches("[A-Z2-7]{7}(-[A-Z2-7]{7}){7}");
            assertThat(DeviceId.parse(text)).isEqualTo(id);
            assertThat(id.shortForm()).isEqualTo(text.substring(0, 7));
        }
    }

    @Test
    void parseIgnoresCaseDashesAndWhitespace() {
        DeviceId id = randomId(new Random(7));
        String text = id.toString();
        String bare = text.replace("-", "");
        assertThat(DeviceId.parse(text.toLowerCase(Locale.ROOT))).isEqualTo(id);
        assertThat(DeviceId.parse(bare)).isEqualTo(id);
        assertThat(DeviceId.parse(" " + text.replace('-', ' ') + "\n")).isEqualTo(id);
        assertThat(DeviceId.parse(bare.substring(0, 20).toLowerCase(Locale.ROOT) + "\t" + bare.substring(20)))
                .isEqualTo(id);
    }

    @Test
    void detectsEverySingleCharacterTypo() {
        Random random = new Random(3);
        for (int round = 0; round < 20; round++) {
            String text = randomId(random).toString();
            for (int pos = 0; pos < text.length(); pos++) {
                if (text.charAt(pos) == '-') {
                    continue;
                }
                for (char replacement : Base32.ALPHABET.toCharArray()) {
                    if (replacement == text.charAt(pos)) {
                        continue;
                    }
                    String typo = text.substring(0, pos) + replacement + text.substring(pos + 1);
                    assertThatThrownBy(() -> DeviceId.parse(typo))
                            .as("typo at %d in %s", pos, typo)
                            .isInstanceOf(IllegalArgumentException.class);
                }
            }
        }
    }

    @Test
    void aChangedCharacterIsReportedAsAFailedCheck() {
        String text = randomId(new Random(11)).toString();
        char first = text.charAt(0);
        String typo = (first == 'A' ? 'B' : 'A') + text.substring(1);
        assertThatThrownBy(() -> DeviceId.parse(typo))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("check character 1")
                .hasMessageContaining("mistyped");
    }

    @Test
    void rejectsWrongLengthWithAClearMessage() {
        String text = randomId(new Random(5)).toString();
        assertThatThrownBy(() -> DeviceId.parse(text.substring(0, text.length() - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("56")
                .hasMessageContaining("got 55");
        assertThatThrownBy(() -> DeviceId.parse(text + "A"))
                .hasMessageContaining("got 57");
        assertThatThrownBy(() -> DeviceId.parse(""))
                .hasMessageContaining("got 0");
    }

    @Test
    void rejectsBadCharactersNamingThemAndHintingAtLookAlikes() {
        String text = randomId(new Random(6)).toString();
        assertThatThrownBy(() -> DeviceId.parse("0" + text.substring(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'0'")
                .hasMessageContaining("position 1")
                .hasMessageContaining("letter O");
        assertThatThrownBy(() -> DeviceId.parse(text.substring(0, 9) + "!" + text.substring(10)))
                .hasMessageContaining("'!'");
        // Dotless i upper-cases to ASCII 'I' but must not be accepted as one.
        String withI = text.replaceFirst("I", "\u0131");
        if (!withI.equals(text)) {
            assertThatThrownBy(() -> DeviceId.parse(withI)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void ofDerIsTheSha256OfTheBytes() throws Exception {
        byte[] der = "tidemark known answer".getBytes(StandardCharsets.US_ASCII);
        DeviceId id = DeviceId.ofDer(der);
        assertThat(id.bytes()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(der));
        // SHA-256 of the empty input is a fixed, published value.
        assertThat(HexFormat.of().formatHex(DeviceId.ofDer(new byte[0]).bytes()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void knownAnswerTextForm() {
        // 32 zero bytes: 52 'A's, each Luhn check of 13 'A's is 'A'.
        assertThat(new DeviceId(new byte[32]).toString())
                .isEqualTo("AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA");
        // Upstream Syncthing's lib/protocol luhn_test.go vector.
        assertThat(DeviceId.luhn32("AB725E4GHIQPL3ZFGT")).isEqualTo('G');
        // Hand-checked: "AAAAAAAAAAAAB": B=1 at index 12 (factor 1) -> sum 1 -> check (32-1)%32 = 31 -> '7'.
        assertThat(DeviceId.luhn32("AAAAAAAAAAAAB")).isEqualTo('7');
        // "AAAAAAAAAAABA": B=1 at index 11 (factor 2) -> sum 2 -> check 30 -> '6'.
        assertThat(DeviceId.luhn32("AAAAAAAAAAABA")).isEqualTo('6');
    }

    @Test
    void interoperatesWithSyncthingsFormattedVector() {
        // Upstream Syncthing's deviceid_test.go canonical id: same base32, grouping and Luhn rules.
        String formatted = "P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2";
        DeviceId id = DeviceId.parse(formatted);
        assertThat(id.toString()).isEqualTo(formatted);
        assertThat(id.shortForm()).isEqualTo("P56IOI7");
        assertThat(DeviceId.parse(formatted.toLowerCase(Locale.ROOT).replace("-", ""))).isEqualTo(id);
    }

    @Test
    void copiesBytesInAndOutAndComparesByContent() {
        byte[] bytes = new byte[32];
        bytes[0] = 1;
        DeviceId id = new DeviceId(bytes);
        bytes[0] = 2;
        assertThat(id.bytes()[0]).isEqualTo((byte) 1);
        id.bytes()[0] = 3;
        assertThat(id.bytes()[0]).isEqualTo((byte) 1);
        byte[] same = new byte[32];
        same[0] = 1;
        assertThat(id).isEqualTo(new DeviceId(same)).hasSameHashCodeAs(new DeviceId(same));
        assertThatThrownBy(() -> new DeviceId(new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32");
    }
}
