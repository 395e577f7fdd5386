package io.tidemark.app.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.common.I18n;
import io.tidemark.app.common.UnavailablePeerActions;
import io.tidemark.app.testing.FakePeerActions;
import io.tidemark.engine.api.PeerActions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** Making an invite and counting it down, without a toolkit. */
class InviteViewModelTest {
    private static final Instant EXPIRES = Instant.parse("2025-03-14T12:10:00Z");
    private final Queue<Runnable> fxQueue = new ArrayDeque<>();
    private final Queue<Runnable> backgroundQueue = new ArrayDeque<>();
    private final Executor fxThread = fxQueue::add;
    private final Executor background = backgroundQueue::add;
    private final I18n i18n = I18n.forLocale(Locale.ENGLISH);
    private Instant now = EXPIRES.minusSeconds(9 * 60 + 42);
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private void drain() {
        for (Runnable r; (r = backgroundQueue.poll()) != null; ) {
            r.run();
        }
        for (Runnable r; (r = fxQueue.poll()) != null; ) {
            r.run();
        }
    }

    @Test
    void showsTheCodeAndCountsDownToExpiry() {
        FakePeerActions peers = new FakePeerActions().inviting(
                new PeerActions.Invitation("TM1-ABCDE-FGHIJ", EXPIRES, List.of("192.168.1.5:22000")));
        InviteViewModel model = new InviteViewModel(peers, background, fxThread, i18n, clock);

        assertThat(model.create()).isTrue();
        assertThat(model.stateProperty().get()).isEqualTo(InviteViewModel.State.CREATING);
        assertThat(model.validityTextProperty().get()).isEqualTo("Making a code…");
        assertThat(model.create()).as("one code at a time").isFalse();
        drain();
        assertThat(model.stateProperty().get()).isEqualTo(InviteViewModel.State.READY);
        assertThat(model.codeProperty().get()).isEqualTo("TM1-ABCDE-FGHIJ");
        assertThat(model.validityTextProperty().get()).isEqualTo("Valid for 9:42");
        assertThat(model.addressesTextProperty().get()).isEqualTo("This device listens on 192.168.1.5:22000.");

        now = EXPIRES.minusSeconds(5);
        model.tick();
        assertThat(model.validityTextProperty().get()).isEqualTo("Valid for 0:05");
        now = EXPIRES;
        model.tick();
        assertThat(model.stateProperty().get()).isEqualTo(InviteViewModel.State.EXPIRED);
        assertThat(model.validityTextProperty().get()).isEqualTo("This code has expired.");
    }

    @Test
    void anEngineWithoutPeerSupportSaysSo() {
        InviteViewModel model = new InviteViewModel(UnavailablePeerActions.of(new Object(), i18n), background, fxThread,
                i18n, clock);
        model.create();
        drain();
        assertThat(model.stateProperty().get()).isEqualTo(InviteViewModel.State.FAILED);
        assertThat(model.codeProperty().get()).isEmpty();
        assertThat(model.errorTextProperty().get())
                .isEqualTo("Could not make an invite code: Connecting devices is not available in this build.");
    }
}
