package io.tidemark.app.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {
    @Test
    void homeComesFromEitherSpelling() {
        assertThat(LaunchOptions.parse(List.of()).home()).isNull();
        assertThat(LaunchOptions.parse(List.of("--home", "/tmp/a")).home()).isEqualTo("/tmp/a");
        assertThat(LaunchOptions.parse(List.of("--home=/tmp/b")).home()).isEqualTo("/tmp/b");
        assertThat(LaunchOptions.parse(List.of("--other", "--home", "/tmp/c", "x")).home()).isEqualTo("/tmp/c");
    }

    @Test
    void homeWithoutAFolderIsRefused() {
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--home")))
                .isInstanceOf(LaunchOptions.MissingHomeValueException.class);
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--home", "--verbose")))
                .isInstanceOf(LaunchOptions.MissingHomeValueException.class);
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--home=")))
                .isInstanceOf(LaunchOptions.MissingHomeValueException.class);
    }

    @Test
    void theSelfTestIsAskedForByItsFlagAndLeftAloneByTheParser() {
        List<String> args = List.of("--self-test", "--home", "/tmp/a");

        assertThat(LaunchOptions.asksForSelfTest(args)).isTrue();
        assertThat(LaunchOptions.asksForSelfTest(List.of("--home", "/tmp/a"))).isFalse();
        assertThat(LaunchOptions.parse(args).home()).isEqualTo("/tmp/a");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--home", "--self-test")))
                .isInstanceOf(LaunchOptions.MissingHomeValueException.class);
    }
}
