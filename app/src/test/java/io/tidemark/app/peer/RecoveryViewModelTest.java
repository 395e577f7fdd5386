package io.tidemark.app.peer;

import static io.tidemark.app.testing.PeerSnapshots.LAPTOP_ID;
import static io.tidemark.app.testing.PeerSnapshots.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.common.I18n;
import io.tidemark.app.peer.RecoveryViewModel.Phase;
import io.tidemark.app.testing.FakePeerActions;
import io.tidemark.app.testing.RecoveryOutcomes;
import io.tidemark.app.testing.SyncSnapshots;
import io.tidemark.engine.api.EngineSnapshot.PeerState;
import io.tidemark.engine.api.EngineSnapshot.SyncState;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.sync.RecoveryView;
import io.tidemark.engine.sync.SyncEngine.RecoveryOutcome;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * A surgical recovery from the peer page, over a fake engine with queues standing in for the
 * threads: the dry run's preview, the confirmed run with the same filter, its progress and outcome,
 * cancelling, and failures in words.
 */
class RecoveryViewModelTest {
    private static final String ENTRIES = "recover " + LAPTOP_ID + " " + SyncSnapshots.LAPTOP_OWNER + " entry";

    private final Queue<Runnable> fxQueue = new ArrayDeque<>();
    private final Queue<Runnable> backgroundQueue = new ArrayDeque<>();
    private final Executor fxThread = fxQueue::add;
    private final Executor background = backgroundQueue::add;
    private final FakePeerActions peers = new FakePeerActions()
            .recovering(RecoveryOutcomes.plan(), RecoveryOutcomes.recovered());

    private PeerViewModel page(Locale locale) {
        PeerViewModel model = new PeerViewModel(peers, background, fxThread, I18n.forLocale(locale),
                Clock.fixed(NOW, ZoneId.of("Europe/Berlin")));
        model.update(SyncSnapshots.withGaps(null));
        model.show(LAPTOP_ID);
        return model;
    }

    /** Runs what the background thread was handed, then what it handed back to the FX thread. */
    private void settle() {
        for (Runnable r; (r = backgroundQueue.poll()) != null; ) {
            r.run();
        }
        for (Runnable r; (r = fxQueue.poll()) != null; ) {
            r.run();
        }
    }

    private static ResourceRow.Key row(PeerViewModel page, ResourceType type) {
        return page.rows().stream().map(ResourceRow::key).filter(k -> k.type() == type).findFirst().orElseThrow();
    }

    @Test
    void theDryRunIsPreviewedKeyByKeyThenTheSameRecoveryRunsAndSaysWhatItDid() {
        PeerViewModel page = page(Locale.ENGLISH);
        assertThat(page.recoverEnabledProperty().get()).isTrue();
        RecoveryViewModel recovery = page.recover(null).orElseThrow();

        assertThat(recovery.phaseProperty().get()).isEqualTo(Phase.PLANNING);
        assertThat(recovery.headerProperty().get()).isEqualTo("Comparing with laptop\u2026");
        assertThat(recovery.workingProperty().get()).as("a progress bar while the dry run runs").isTrue();
        assertThat(recovery.confirmableProperty().get()).isFalse();
        assertThat(peers.controls).as("not on the FX thread").isEmpty();
        assertThat(List.of(page.busyProperty().get(), page.catchUpEnabledProperty().get(), page.recoverEnabledProperty().get(),
                page.resyncEnabledProperty().get())).containsExactly(true, false, false, false);

        settle();
        assertThat(peers.controls).containsExactly("recover " + LAPTOP_ID + " all all dry-run");
        assertThat(recovery.phaseProperty().get()).isEqualTo(Phase.PREVIEW);
        assertThat(recovery.headerProperty().get()).isEqualTo("Recover from laptop?");
        assertThat(recovery.bodyProperty().get()).isEqualTo("Only these records move; everything that matches stays as it is.");
        assertThat(recovery.lines()).containsExactly(
                "Locations from laptop: 3 to fetch, 0 to remove, about 412 bytes",
                "Entries from laptop: 33,000 to fetch, 0 to remove, about 1.9 MB");
        assertThat(recovery.workingProperty().get()).isFalse();
        assertThat(recovery.confirmableProperty().get()).isTrue();
        assertThat(recovery.dismissTextProperty().get()).isEqualTo("Cancel");

        assertThat(recovery.confirm()).isTrue();
        assertThat(recovery.confirm()).as("once").isFalse();
        assertThat(recovery.phaseProperty().get()).isEqualTo(Phase.RUNNING);
        assertThat(recovery.headerProperty().get()).isEqualTo("Recovering from laptop\u2026");
        assertThat(recovery.dismissTextProperty().get()).isEqualTo("Close");
        assertThat(recovery.progressProperty().get()).isEqualTo(PeerViewModel.INDETERMINATE);
        // The engine reports the repair's progress in its snapshots.
        page.update(SyncSnapshots.withGaps(new RecoveryView(RecoveryView.Phase.REPAIRING, 20_460, 33_000, null)));
        assertThat(recovery.progressProperty().get()).isEqualTo(0.62);
        assertThat(recovery.progressTextProperty().get()).isEqualTo("20,460 of 33,000 records");
        assertThat(page.rows().get(3).values().digests()).isEqualTo("repairing 62%");

        settle();
        assertThat(peers.controls).as("the same filter as the preview").containsExactly(
                "recover " + LAPTOP_ID + " all all dry-run", "recover " + LAPTOP_ID + " all all now");
        assertThat(recovery.phaseProperty().get()).isEqualTo(Phase.DONE);
        assertThat(recovery.headerProperty().get()).isEqualTo("Recovered from laptop");
        assertThat(recovery.lines()).containsExactly(
                "Locations from laptop: 3 fetched, 0 removed, 480 bytes in 420 ms; now 3 here, as on laptop",
                "Entries from laptop: 33,000 fetched, 0 removed, 2 MB in 2.8 s; now 170,000 here, as on laptop");
        assertThat(recovery.bodyProperty().get()).isEqualTo("What moved (also written to the recent events):");
        assertThat(recovery.workingProperty().get()).isFalse();
        assertThat(page.busyProperty().get()).isFalse();
        assertThat(page.statusProperty().get()).isEqualTo(PeerViewModel.Status.DONE);
        assertThat(page.statusTextProperty().get())
                .isEqualTo("Surgical recovery from laptop: 33,003 records fetched, 0 removed.");
        assertThat(page.recoverEnabledProperty().get()).isTrue();
    }

    @Test
    void aRowsRecoveryAsksForThatOwnerAndTypeOnlyBothTimes() {
        PeerViewModel page = page(Locale.ENGLISH);
        // Ten entries were added on laptop meanwhile: the counts after still differ, and say so.
        peers.recovering(RecoveryOutcomes.plan().subList(1, 2), List.of(new RecoveryOutcome(SyncSnapshots.LAPTOP_OWNER,
                ResourceType.ENTRY, 137_000, 170_010, 33_000, 0, 1_956_000, 7, 12_400, 170_000, false, false)));
        RecoveryViewModel recovery = page.recover(row(page, ResourceType.ENTRY)).orElseThrow();
        settle();
        assertThat(recovery.lines()).containsExactly("Entries from laptop: 33,000 to fetch, 0 to remove, about 1.9 MB");
        recovery.confirm();
        settle();
        assertThat(peers.controls).containsExactly(ENTRIES + " dry-run", ENTRIES + " now");
        assertThat(recovery.lines()).containsExactly(
                "Entries from laptop: 33,000 fetched, 0 removed, 2 MB in 12 s; now 170,000 here, 170,010 on laptop");
        assertThat(page.statusTextProperty().get())
                .isEqualTo("Surgical recovery from laptop: 33,000 records fetched, 0 removed.");

        ResourceRow.Key shared = row(page, ResourceType.CONTENT_IDENTITY);
        assertThat(page.recover(shared)).as("a shared type is not recovered by owner").isEmpty();
    }

    @Test
    void whenNothingDiffersThePreviewSaysSoAndOffersNoRecovery() {
        PeerViewModel page = page(Locale.ENGLISH);
        peers.recovering(List.of(), List.of());
        RecoveryViewModel all = page.recover(null).orElseThrow();
        settle();
        assertThat(all.phaseProperty().get()).isEqualTo(Phase.NOTHING);
        assertThat(all.headerProperty().get()).isEqualTo("Nothing differs from laptop");
        assertThat(all.bodyProperty().get())
                .isEqualTo("Counts and digests agree for everything laptop holds; there is nothing to recover.");
        assertThat(all.lines()).isEmpty();
        assertThat(all.confirmableProperty().get()).isFalse();
        assertThat(all.confirm()).isFalse();
        assertThat(all.dismissTextProperty().get()).isEqualTo("Close");
        assertThat(page.busyProperty().get()).as("until the dialog closes").isTrue();
        all.close();
        assertThat(page.busyProperty().get()).isFalse();
        assertThat(page.statusProperty().get()).isEqualTo(PeerViewModel.Status.IDLE);
        assertThat(page.statusTextProperty().get()).isEmpty();

        RecoveryViewModel volumes = page.recover(row(page, ResourceType.VOLUME)).orElseThrow();
        settle();
        assertThat(volumes.bodyProperty().get())
                .isEqualTo("Volumes from laptop: counts and digests agree; there is nothing to recover.");
        assertThat(peers.controls).containsExactly("recover " + LAPTOP_ID + " all all dry-run",
                "recover " + LAPTOP_ID + " " + SyncSnapshots.LAPTOP_OWNER + " volume dry-run");
    }

    @Test
    void cancellingThePreviewRecoversNothing() {
        PeerViewModel page = page(Locale.ENGLISH);
        RecoveryViewModel recovery = page.recover(null).orElseThrow();
        settle();
        recovery.close();
        assertThat(recovery.confirm()).as("too late: the dialog is gone").isFalse();
        settle();
        assertThat(peers.controls).containsExactly("recover " + LAPTOP_ID + " all all dry-run");
        assertThat(page.busyProperty().get()).isFalse();
        assertThat(page.statusTextProperty().get()).isEmpty();
    }

    @Test
    void aDryRunAnsweringAfterTheDialogClosedIsIgnored() {
        PeerViewModel page = page(Locale.ENGLISH);
        RecoveryViewModel recovery = page.recover(null).orElseThrow();
        recovery.close();
        assertThat(page.busyProperty().get()).isFalse();
        settle();
        assertThat(recovery.phaseProperty().get()).isEqualTo(Phase.PLANNING);
        assertThat(recovery.lines()).isEmpty();
        assertThat(page.statusTextProperty().get()).isEmpty();
    }

    @Test
    void failuresAreShownInWordsInTheDialogAndOnThePage() {
        PeerViewModel page = page(Locale.ENGLISH);
        peers.controlsFailWith(new IllegalStateException("laptop is not connected; a recovery needs it online."));
        RecoveryViewModel plan = page.recover(null).orElseThrow();
        settle();
        assertThat(plan.phaseProperty().get()).isEqualTo(Phase.FAILED);
        assertThat(plan.headerProperty().get()).isEqualTo("Could not recover from laptop");
        assertThat(plan.bodyProperty().get()).isEqualTo("laptop is not connected; a recovery needs it online.");
        assertThat(plan.lines()).isEmpty();
        assertThat(plan.dismissTextProperty().get()).isEqualTo("Close");
        assertThat(page.statusProperty().get()).isEqualTo(PeerViewModel.Status.FAILED);
        assertThat(page.statusTextProperty().get())
                .isEqualTo("Could not compare with laptop: laptop is not connected; a recovery needs it online.");
        assertThat(page.busyProperty().get()).isFalse();

        // The dry run works, the recovery itself fails halfway.
        peers.controlsFailWith(null);
        peers.recoveryWaitsFor(CompletableFuture.failedFuture(new IllegalStateException("The connection to laptop was lost.")));
        RecoveryViewModel run = page.recover(null).orElseThrow();
        settle();
        run.confirm();
        settle();
        assertThat(run.phaseProperty().get()).isEqualTo(Phase.FAILED);
        assertThat(run.bodyProperty().get()).isEqualTo("The connection to laptop was lost.");
        assertThat(run.lines()).as("the preview's lines are gone: they were not done").isEmpty();
        assertThat(page.statusTextProperty().get()).isEqualTo("Could not recover from laptop: The connection to laptop was lost.");
    }

    @Test
    void aRecoveryNeedsTheMemberOnlineUnpausedAndNothingElseRunning() {
        PeerViewModel page = page(Locale.ENGLISH);
        page.update(SyncSnapshots.laptopIn(SyncState.OFFLINE, PeerState.OFFLINE));
        assertThat(page.recoverEnabledProperty().get()).isFalse();
        assertThat(page.recover(null)).isEmpty();
        page.update(SyncSnapshots.laptopIn(SyncState.PAUSED, PeerState.CONNECTED));
        assertThat(page.recoverEnabledProperty().get()).isFalse();
        page.update(SyncSnapshots.laptopIn(SyncState.BACKFILLING, PeerState.CONNECTED));
        assertThat(page.recoverEnabledProperty().get()).isTrue();
        page.catchUp();
        assertThat(page.recoverEnabledProperty().get()).isFalse();
        assertThat(page.recover(null)).isEmpty();
        assertThat(backgroundQueue).hasSize(1);
    }

    @Test
    void theLinesReadInGerman() {
        PeerViewModel page = page(Locale.GERMAN);
        RecoveryViewModel recovery = page.recover(null).orElseThrow();
        assertThat(recovery.headerProperty().get()).isEqualTo("Vergleiche mit laptop\u2026");
        settle();
        assertThat(recovery.headerProperty().get()).isEqualTo("Von laptop wiederherstellen?");
        assertThat(recovery.lines()).containsExactly(
                "Speicherorte von laptop: 3 zu holen, 0 zu entfernen, etwa 412 Byte",
                "Eintr\u00e4ge von laptop: 33.000 zu holen, 0 zu entfernen, etwa 1,9 MB");
        recovery.confirm();
        settle();
        assertThat(recovery.lines()).containsExactly(
                "Speicherorte von laptop: 3 geholt, 0 entfernt, 480 Byte in 420 ms; jetzt 3 hier, wie auf laptop",
                "Eintr\u00e4ge von laptop: 33.000 geholt, 0 entfernt, 2 MB in 2,8 s; jetzt 170.000 hier, wie auf laptop");
        assertThat(page.statusTextProperty().get())
                .isEqualTo("Gezielte Wiederherstellung von laptop: 33.003 Datens\u00e4tze geholt, 0 entfernt.");
    }
}
