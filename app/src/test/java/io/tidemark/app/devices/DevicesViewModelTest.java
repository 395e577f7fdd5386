package io.tidemark.app.devices;

import static io.tidemark.app.testing.PeerSnapshots.LAPTOP_ID;
import static io.tidemark.app.testing.PeerSnapshots.NAS_ERROR;
import static io.tidemark.app.testing.PeerSnapshots.NAS_ID;
import static io.tidemark.app.testing.PeerSnapshots.NEARBY_ID;
import static io.tidemark.app.testing.PeerSnapshots.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.common.I18n;
import io.tidemark.app.devices.DevicesViewModel.MemberRow;
import io.tidemark.app.devices.DevicesViewModel.NearbyRow;
import io.tidemark.app.testing.FakePeerActions;
import io.tidemark.app.testing.PeerSnapshots;
import io.tidemark.engine.api.EngineSnapshot.PeerState;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

/** The sidebar's rows and the forget action, with queues standing in for the threads: no toolkit. */
class DevicesViewModelTest {
    private final Queue<Runnable> fxQueue = new ArrayDeque<>();
    private final Queue<Runnable> backgroundQueue = new ArrayDeque<>();
    private final Executor fxThread = fxQueue::add;
    private final Executor background = backgroundQueue::add;
    private final I18n i18n = I18n.forLocale(Locale.ENGLISH);
    private final FakePeerActions peers = new FakePeerActions();
    private final DevicesViewModel model = new DevicesViewModel(peers, background, fxThread, i18n,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static void drain(Queue<Runnable> queue) {
        for (Runnable r; (r = queue.poll()) != null; ) {
            r.run();
        }
    }

    @Test
    void mapsMembersAndNearbyDevicesToExactlyTheseRows() {
        assertThat(model.update(PeerSnapshots.twoMembersOneNearby())).isTrue();

        assertThat(model.selfNameProperty().get()).isEqualTo("workstation");
        assertThat(model.selfShortIdProperty().get()).isEqualTo("0192");
        assertThat(model.selfIdProperty().get()).isEqualTo("0192 f3a4 7b2c 7d4e 8a1b 2c3d 4e5f 6a7b");
        // Connected before offline, whatever the engine's order.
        assertThat(model.members()).containsExactly(
                new MemberRow(LAPTOP_ID, "MFRGGZD", "laptop", PeerState.CONNECTED, "Connected", "RTT 12 ms", ""),
                new MemberRow(NAS_ID, "NBSWY3D", "nas", PeerState.OFFLINE, "Offline for 5 min", "", NAS_ERROR));
        assertThat(model.nearby()).containsExactly(
                new NearbyRow(NEARBY_ID, "ORSXG5A", "192.168.1.44:22000, [fe80::1]:22000"));
    }

    @Test
    void aSnapshotWithTheSameContentChangesNothing() {
        AtomicInteger changes = new AtomicInteger();
        model.members().addListener((ListChangeListener<MemberRow>) c -> changes.incrementAndGet());
        model.update(PeerSnapshots.twoMembersOneNearby());
        assertThat(model.update(PeerSnapshots.twoMembersOneNearby())).isFalse();
        assertThat(changes).hasValue(1);
    }

    @Test
    void offlineTextUsesTheLargestWholeUnit() {
        assertThat(DevicesViewModel.offlineText(null, NOW, i18n)).isEqualTo("Offline");
        assertThat(DevicesViewModel.offlineText(NOW.minusSeconds(59), NOW, i18n)).isEqualTo("Offline for under a minute");
        assertThat(DevicesViewModel.offlineText(NOW.minus(Duration.ofMinutes(59)), NOW, i18n)).isEqualTo("Offline for 59 min");
        assertThat(DevicesViewModel.offlineText(NOW.minus(Duration.ofHours(30)), NOW, i18n)).isEqualTo("Offline for 30 h");
        assertThat(DevicesViewModel.offlineText(NOW.minus(Duration.ofDays(3)), NOW, i18n)).isEqualTo("Offline for 3 days");
        assertThat(DevicesViewModel.offlineText(NOW.minus(Duration.ofMinutes(5)), NOW, I18n.forLocale(Locale.GERMAN)))
                .isEqualTo("Offline seit 5 Min.");
    }

    @Test
    void forgetRunsOnTheBackgroundExecutorAndReportsInTheStatusLine() {
        model.update(PeerSnapshots.twoMembersOneNearby());
        MemberRow nas = model.members().get(1);

        model.forget(nas);
        assertThat(peers.forgotten).as("not on the calling thread").isEmpty();
        assertThat(model.statusTextProperty().get()).isEqualTo("Forgetting nas…");
        drain(backgroundQueue);
        assertThat(peers.forgotten).containsExactly(NAS_ID);
        drain(fxQueue);
        assertThat(model.statusProperty().get()).isEqualTo(DevicesViewModel.Status.DONE);
        assertThat(model.statusTextProperty().get()).isEqualTo("Forgot nas.");
    }

    @Test
    void aFailedForgetShowsTheEnginesMessage() {
        peers.forgetFailsWith(new IllegalStateException("The library store is closed."));
        model.update(PeerSnapshots.twoMembersOneNearby());
        model.forget(model.members().get(0));
        drain(backgroundQueue);
        drain(fxQueue);
        assertThat(model.statusProperty().get()).isEqualTo(DevicesViewModel.Status.FAILED);
        assertThat(model.statusTextProperty().get()).isEqualTo("Could not forget laptop: The library store is closed.");
    }

    @Test
    void selectingAMemberNamesItUntilItIsForgotten() {
        model.update(PeerSnapshots.twoMembersOneNearby());
        assertThat(model.selectedIdProperty().get()).isEmpty();
        model.select(NAS_ID);
        assertThat(model.selectedIdProperty().get()).isEqualTo(NAS_ID);
        model.select(NEARBY_ID);
        assertThat(model.selectedIdProperty().get()).as("a nearby device has no member page").isEmpty();
        model.select(LAPTOP_ID);
        model.select(null);
        assertThat(model.selectedIdProperty().get()).isEmpty();

        model.select(LAPTOP_ID);
        io.tidemark.engine.api.EngineSnapshot full = PeerSnapshots.twoMembersOneNearby();
        io.tidemark.engine.api.EngineSnapshot withoutLaptop = new io.tidemark.engine.api.EngineSnapshot(full.device(),
                full.library(), full.counts(), full.peers().subList(0, 1), full.nearby(), full.takenAt());
        assertThat(model.update(withoutLaptop)).isTrue();
        assertThat(model.selectedIdProperty().get()).as("forgotten, so no longer selected").isEmpty();
    }
}
