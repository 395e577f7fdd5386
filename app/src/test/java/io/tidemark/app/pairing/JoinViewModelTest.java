package io.tidemark.app.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.common.I18n;
import io.tidemark.app.testing.FakePeerActions;
import io.tidemark.engine.api.PeerActions;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The join form's validation and outcome, without a toolkit. */
class JoinViewModelTest {
    private final Queue<Runnable> fxQueue = new ArrayDeque<>();
    private final Executor fxThread = fxQueue::add;
    private final I18n i18n = I18n.forLocale(Locale.ENGLISH);
    private final CompletableFuture<PeerActions.Joined> result = new CompletableFuture<>();
    private final FakePeerActions peers = new FakePeerActions().joinAnswers(result);
    private final JoinViewModel model = new JoinViewModel(peers, fxThread, i18n);

    @Test
    void addresses() {
        for (String ok : List.of("", "  ", "192.168.1.20:22000", "nas.local:1", "[fe80::1]:65535", "host-1.example.org:443")) {
            assertThat(JoinViewModel.isValidAddress(ok)).as(ok).isTrue();
        }
        for (String bad : List.of("192.168.1.20", ":22000", "nas:0", "nas:65536", "nas:port", "fe80::1:22000", "a b:1")) {
            assertThat(JoinViewModel.isValidAddress(bad)).as(bad).isFalse();
        }
    }

    @Test
    void joinIsOnlyPossibleWithACodeAndAValidAddress() {
        assertThat(model.canJoinProperty().get()).isFalse();
        assertThat(model.join()).isFalse();
        model.codeProperty().set("TM1-ABCDE");
        assertThat(model.canJoinProperty().get()).isTrue();
        model.addressProperty().set("nas");
        assertThat(model.addressValidProperty().get()).isFalse();
        assertThat(model.canJoinProperty().get()).isFalse();
        model.addressProperty().set("nas:22000");
        assertThat(model.canJoinProperty().get()).isTrue();
    }

    @Test
    void joinsWithTheTrimmedCodeAndShowsTheOutcome() {
        model.codeProperty().set("  TM1-ABCDE-\nFGHIJ ");
        assertThat(model.join()).isTrue();
        assertThat(peers.joins).containsExactly(new FakePeerActions.JoinCall("TM1-ABCDE-FGHIJ", null));
        assertThat(model.stateProperty().get()).isEqualTo(JoinViewModel.State.JOINING);
        assertThat(model.canJoinProperty().get()).as("no second join while one runs").isFalse();
        result.complete(new PeerActions.Joined("lib", "Home", "workstation", List.of("a", "b")));
        fxQueue.poll().run();
        assertThat(model.stateProperty().get()).isEqualTo(JoinViewModel.State.JOINED);
        assertThat(model.messageTextProperty().get()).isEqualTo("Joined “Home”, invited by workstation. 2 members.");
    }

    @Test
    void aFailedJoinShowsTheEnginesMessageAndMayBeRetried() {
        model.codeProperty().set("TM1-ABCDE");
        model.addressProperty().set("192.168.1.20:22000");
        model.join();
        assertThat(peers.joins).containsExactly(new FakePeerActions.JoinCall("TM1-ABCDE", "192.168.1.20:22000"));
        result.completeExceptionally(new IllegalArgumentException("This invite code has expired."));
        fxQueue.poll().run();
        assertThat(model.stateProperty().get()).isEqualTo(JoinViewModel.State.FAILED);
        assertThat(model.messageTextProperty().get()).isEqualTo("Could not join: This invite code has expired.");
        assertThat(model.canJoinProperty().get()).isTrue();
    }
}
