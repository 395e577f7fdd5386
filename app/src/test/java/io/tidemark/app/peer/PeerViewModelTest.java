package io.tidemark.app.peer;

import static io.tidemark.app.testing.PeerSnapshots.LAPTOP_ID;
import static io.tidemark.app.testing.PeerSnapshots.NAS_ID;
import static io.tidemark.app.testing.PeerSnapshots.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.common.I18n;
import io.tidemark.app.peer.PeerViewModel.EventRow;
import io.tidemark.app.peer.ResourceRow.Check;
import io.tidemark.app.testing.FakePeerActions;
import io.tidemark.app.testing.SyncSnapshots;
import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.api.EngineSnapshot.Backfill;
import io.tidemark.engine.api.EngineSnapshot.EventLine;
import io.tidemark.engine.api.EngineSnapshot.PeerState;
import io.tidemark.engine.api.EngineSnapshot.Resource;
import io.tidemark.engine.api.EngineSnapshot.SyncState;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.sync.RecoveryView;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

/**
 * A member's sync page from fake snapshots, with queues standing in for the threads: no toolkit.
 * Times are shown in Berlin (UTC+1 on {@link io.tidemark.app.testing.PeerSnapshots#NOW}, 12:00 UTC).
 */
class PeerViewModelTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String DASH = "\u2014";
    private static final ResourceRow.Values NO_BACKFILL_DEVICE = new ResourceRow.Values("laptop", "Device", "1", "1",
            false, DASH, DASH, Check.UNKNOWN, "2025-03-14 10:00:00", "3 h ago", false, 0, "");

    private final Queue<Runnable> fxQueue = new ArrayDeque<>();
    private final Queue<Runnable> backgroundQueue = new ArrayDeque<>();
    private final Executor fxThread = fxQueue::add;
    private final Executor background = backgroundQueue::add;
    private final I18n i18n = I18n.forLocale(Locale.ENGLISH);
    private final FakePeerActions peers = new FakePeerActions();
    private final PeerViewModel model = new PeerViewModel(peers, background, fxThread, i18n, Clock.fixed(NOW, BERLIN));

    private static void drain(Queue<Runnable> queue) {
        for (Runnable r; (r = queue.poll()) != null; ) {
            r.run();
        }
    }

    private List<ResourceRow.Values> shownRows() {
        return model.rows().stream().map(ResourceRow::values).toList();
    }

    @Test
    void aBackfillingMemberShowsExactlyThisHeaderProgressAndRows() {
        model.update(SyncSnapshots.backfilling(412_000));
        model.show(LAPTOP_ID);

        assertThat(model.presentProperty().get()).isTrue();
        assertThat(model.nameProperty().get()).isEqualTo("laptop");
        assertThat(model.shortIdProperty().get()).isEqualTo("MFRGGZD");
        assertThat(model.syncStateProperty().get()).isEqualTo(SyncState.BACKFILLING);
        assertThat(model.stateTextProperty().get()).isEqualTo("Backfilling");
        assertThat(model.reasonProperty().get()).isEqualTo(SyncSnapshots.LAPTOP_REASON);
        assertThat(model.sinceProperty().get()).isEqualTo("since 12:59:00 (1 min ago)");
        assertThat(model.rttProperty().get()).isEqualTo("RTT 12 ms");
        assertThat(model.overallShownProperty().get()).isTrue();
        assertThat(model.overallProgressProperty().get()).isEqualTo(0.412);
        assertThat(model.overallTextProperty().get())
                .isEqualTo("412,000 of 1,000,000 records \u00b7 25,000 records/s \u00b7 ETA 24 s");

        // Owners by name (shared last), each owner's types in sync order; counts grouped, the
        // watermark in local time, the unknown peer count as a dash.
        assertThat(shownRows()).containsExactly(
                NO_BACKFILL_DEVICE,
                new ResourceRow.Values("laptop", "Volume", "2", "2", false, DASH, DASH, Check.UNKNOWN,
                        "2025-03-14 10:00:00", "3 h ago", false, 0, ""),
                new ResourceRow.Values("laptop", "Location", "3", "3", false, DASH, DASH, Check.UNKNOWN,
                        "2025-03-14 10:00:00", "3 h ago", false, 0, ""),
                new ResourceRow.Values("laptop", "Entry", "412,000", "1,000,000", true, DASH, DASH, Check.UNKNOWN,
                        "2025-03-14 12:59:30", "12 s ago", true, 0.412, "41% \u00b7 25,000/s \u00b7 ETA 24 s"),
                new ResourceRow.Values("shared", "Content identity", "500", DASH, false, DASH, DASH, Check.UNKNOWN,
                        DASH, DASH, false, 0, ""));
        assertThat(model.rows()).extracting(r -> r.key().owner()).containsExactly(SyncSnapshots.LAPTOP_OWNER,
                SyncSnapshots.LAPTOP_OWNER, SyncSnapshots.LAPTOP_OWNER, SyncSnapshots.LAPTOP_OWNER, null);
        assertThat(model.resyncTypes()).containsExactly(ResourceType.CONTENT_IDENTITY, ResourceType.DEVICE,
                ResourceType.VOLUME, ResourceType.LOCATION, ResourceType.ENTRY);
    }

    @Test
    void eventsAreThoseOfTheShownMemberNewestFirst() {
        model.update(SyncSnapshots.backfilling(0));
        model.show(LAPTOP_ID);
        assertThat(model.events()).containsExactly(
                new EventRow(6, "12:59:55", "page", "Applied 5,000 entries"),
                new EventRow(4, "12:59:00", "backfill-started", "Backfilling 1,000,000 entries"),
                new EventRow(2, "12:58:00", "connected", "Connected to laptop"));

        model.show(NAS_ID);
        // An event of another day carries its date.
        assertThat(model.events()).containsExactly(
                new EventRow(5, "12:59:30", "ready", "Up to date with nas"),
                new EventRow(1, "2025-03-12 13:00:00", "connected", "Connected to nas"));
        assertThat(model.rows()).extracting(r -> r.values().owner() + "/" + r.values().type()).containsExactly("nas/Entry");
        assertThat(model.stateTextProperty().get()).isEqualTo("Up to date");
        assertThat(model.reasonProperty().get()).isEmpty();
        assertThat(model.sinceProperty().get()).isEqualTo("since 2025-03-12 13:00:00 (2 days ago)");
        assertThat(model.overallShownProperty().get()).isFalse();
        assertThat(model.overallTextProperty().get()).isEmpty();
    }

    @Test
    void atMostTheNewestHundredEventsAreListed() {
        List<EventLine> many = new ArrayList<>();
        for (int i = 1; i <= 250; i++) {
            many.add(new EventLine(i, NOW.minusSeconds(250 - i), "page", i % 2 == 0 ? LAPTOP_ID : NAS_ID, "page " + i));
        }
        model.update(SyncSnapshots.of(SyncSnapshots.laptop(SyncState.READY, PeerState.CONNECTED, 1), null, many));
        model.show(LAPTOP_ID);
        assertThat(model.events()).hasSize(PeerViewModel.MAX_EVENTS);
        assertThat(model.events().get(0).id()).isEqualTo(250);
        assertThat(model.events().get(PeerViewModel.MAX_EVENTS - 1).id()).isEqualTo(52);
    }

    @Test
    void aStreamingBackfillUpdatesTheRowsInPlaceWithoutTouchingTheList() {
        model.show(LAPTOP_ID);
        model.update(SyncSnapshots.backfilling(100_000));
        List<ResourceRow> before = List.copyOf(model.rows());
        AtomicInteger listChanges = new AtomicInteger();
        model.rows().addListener((ListChangeListener<ResourceRow>) c -> listChanges.incrementAndGet());
        AtomicInteger deviceRowChanges = new AtomicInteger();
        before.get(0).lastAdvancedProperty().addListener(o -> deviceRowChanges.incrementAndGet());
        before.get(0).localCountProperty().addListener(o -> deviceRowChanges.incrementAndGet());
        AtomicInteger entryCountChanges = new AtomicInteger();
        before.get(3).localCountProperty().addListener((o, old, now) -> entryCountChanges.incrementAndGet());

        for (long done = 102_000; done <= 1_000_000; done += 2_000) {
            assertThat(model.update(SyncSnapshots.backfilling(done))).isTrue();
        }

        assertThat(model.rows()).as("the same row objects").containsExactlyElementsOf(before);
        assertThat(listChanges).as("list never set or cleared").hasValue(0);
        assertThat(deviceRowChanges).as("a row whose values stay is never touched").hasValue(0);
        assertThat(entryCountChanges).hasValue(450);
        assertThat(before.get(3).values()).isEqualTo(new ResourceRow.Values("laptop", "Entry", "1,000,000", "1,000,000",
                false, DASH, DASH, Check.UNKNOWN, "2025-03-14 12:59:30", "12 s ago", true, 1.0,
                "100% \u00b7 25,000/s \u00b7 ETA 0 s"));
        assertThat(model.overallTextProperty().get())
                .isEqualTo("1,000,000 of 1,000,000 records \u00b7 25,000 records/s \u00b7 ETA 0 s");
    }

    @Test
    void aSnapshotWithTheSameContentChangesNothing() {
        model.show(LAPTOP_ID);
        assertThat(model.update(SyncSnapshots.backfilling(5))).isTrue();
        AtomicInteger listChanges = new AtomicInteger();
        model.rows().addListener((ListChangeListener<ResourceRow>) c -> listChanges.incrementAndGet());
        model.events().addListener((ListChangeListener<EventRow>) c -> listChanges.incrementAndGet());
        assertThat(model.update(SyncSnapshots.backfilling(5))).isFalse();
        assertThat(listChanges).hasValue(0);
    }

    @Test
    void aNewOwnerOrTypeSetsTheListOnceAndKeepsTheRowsThatStay() {
        model.show(NAS_ID);
        model.update(SyncSnapshots.backfilling(1));
        ResourceRow nasEntries = model.rows().get(0);
        AtomicInteger listChanges = new AtomicInteger();
        model.rows().addListener((ListChangeListener<ResourceRow>) c -> listChanges.incrementAndGet());

        EngineSnapshot.Peer nas = SyncSnapshots.nas();
        List<Resource> more = new ArrayList<>(nas.resources());
        // A third device whose records nas serves, named so it sorts before nas.
        more.add(new Resource(UUID.fromString("0192f3a4-3333-7000-8000-000000000003"), "camera", null,
                ResourceType.VOLUME, 0, 1L, null, null, new Backfill(0, 1, 0, null, true)));
        EngineSnapshot.Peer nasServingMore = new EngineSnapshot.Peer(nas.id(), nas.name(), nas.state(), nas.addresses(),
                nas.lastSeen(), nas.rttMs(), nas.clockOffsetMs(), nas.lastError(), nas.sync(), nas.syncReason(),
                nas.syncSince(), more);
        model.update(SyncSnapshots.of(null, nasServingMore, SyncSnapshots.events()));

        assertThat(listChanges).hasValue(1);
        assertThat(model.rows()).hasSize(2);
        assertThat(model.rows().get(0).values()).isEqualTo(new ResourceRow.Values("camera", "Volume", "0", "1", true, DASH, DASH,
                Check.UNKNOWN, DASH, DASH, true, 0.0, "0%"));
        assertThat(model.rows().get(1)).isSameAs(nasEntries);
    }

    @Test
    void eachRowShowsTheSignedGapAndWhetherTheDigestsMatchMarkingTheRowsThatDiffer() {
        model.update(SyncSnapshots.withGaps(null));
        model.show(LAPTOP_ID);
        assertThat(model.rows()).extracting(r -> List.of(r.values().type(), r.values().localCount(), r.values().peerCount(),
                r.values().gap(), r.values().digests(), r.values().check().name())).containsExactly(
                List.of("Device", "1", "1", "0", "match", "MATCH"),
                List.of("Volume", "2", "2", "0", "match", "MATCH"),
                List.of("Location", "3", "3", "0", "differ", "DIFFER"),
                List.of("Entry", "137,000", "170,000", "+33,000", "differ", "DIFFER"),
                List.of("Content identity", "500", "500", DASH, DASH, "UNKNOWN"));
        assertThat(model.rows()).extracting(r -> r.values().check().attention())
                .containsExactly(false, false, true, true, false);

        // The engine checks the difference once more, then repairs it.
        model.update(SyncSnapshots.withGaps(new RecoveryView(RecoveryView.Phase.CHECKING, 0, 0, null)));
        assertThat(model.rows().get(3).values().digests()).isEqualTo("checking");
        model.update(SyncSnapshots.withGaps(new RecoveryView(RecoveryView.Phase.REPAIRING, 0, 0, null)));
        assertThat(model.rows().get(3).values().digests()).isEqualTo("repairing\u2026");
        model.update(SyncSnapshots.withGaps(new RecoveryView(RecoveryView.Phase.REPAIRING, 20_460, 33_000, null)));
        assertThat(model.rows().get(3).values().digests()).isEqualTo("repairing 62%");
        assertThat(model.rows().get(3).values().check()).isEqualTo(Check.REPAIRING);
        assertThat(model.rows().get(3).values().check().attention()).isTrue();
    }

    @Test
    void aGapReadsInTheReadersLanguageAndSaysWhichSideHasMore() {
        EngineSnapshot.Resource fewerThere = new Resource(SyncSnapshots.LAPTOP_OWNER, "laptop", LAPTOP_ID, ResourceType.ENTRY,
                1_205, 1_200L, null, null, Backfill.NONE, null, new EngineSnapshot.Gap(-5, false, null));
        assertThat(PeerViewModel.valuesOf(fewerThere, NOW, BERLIN, i18n).gap()).isEqualTo("\u22125");
        I18n german = I18n.forLocale(Locale.GERMAN);
        EngineSnapshot.Resource missingHere = new Resource(SyncSnapshots.LAPTOP_OWNER, "laptop", LAPTOP_ID, ResourceType.ENTRY,
                137_000, 170_000L, null, null, Backfill.NONE, null, new EngineSnapshot.Gap(33_000, false,
                new RecoveryView(RecoveryView.Phase.REPAIRING, 20_460, 33_000, null)));
        ResourceRow.Values values = PeerViewModel.valuesOf(missingHere, NOW, BERLIN, german);
        assertThat(List.of(values.gap(), values.digests())).containsExactly("+33.000", "Reparatur 62\u00a0%");
        assertThat(PeerViewModel.digestsText(Check.DIFFER, null, german)).isEqualTo("ungleich");
        assertThat(PeerViewModel.digestsText(Check.MATCH, null, german)).isEqualTo("gleich");
    }

    @Test
    void theControlsFollowTheState() {
        model.show(LAPTOP_ID);
        record Expected(SyncState sync, PeerState state, boolean catchUp, boolean resync, boolean pause, String pauseText) {
        }
        List<Expected> table = List.of(
                new Expected(SyncState.READY, PeerState.CONNECTED, true, true, true, "Pause"),
                new Expected(SyncState.ERROR, PeerState.CONNECTED, true, true, true, "Pause"),
                new Expected(SyncState.CONNECTING, PeerState.CONNECTED, true, true, true, "Pause"),
                new Expected(SyncState.BACKFILLING, PeerState.CONNECTED, false, true, true, "Pause"),
                new Expected(SyncState.CATCHING_UP, PeerState.CONNECTED, false, true, true, "Pause"),
                new Expected(SyncState.PAUSED, PeerState.CONNECTED, false, false, true, "Resume"),
                new Expected(SyncState.PAUSED, PeerState.OFFLINE, false, false, true, "Resume"),
                new Expected(SyncState.OFFLINE, PeerState.OFFLINE, false, true, true, "Pause"),
                new Expected(SyncState.ERROR, PeerState.OFFLINE, false, true, true, "Pause"));
        for (Expected e : table) {
            model.update(SyncSnapshots.laptopIn(e.sync(), e.state()));
            assertThat(new Expected(e.sync(), e.state(), model.catchUpEnabledProperty().get(),
                    model.resyncEnabledProperty().get(), model.pauseEnabledProperty().get(),
                    model.pauseTextProperty().get())).isEqualTo(e);
            assertThat(model.pausedProperty().get()).isEqualTo(e.sync() == SyncState.PAUSED);
            assertThat(model.rttProperty().get()).isEqualTo(e.state() == PeerState.CONNECTED ? "RTT 12 ms" : "");
        }
    }

    @Test
    void eachStateHasItsOwnText() {
        assertThat(java.util.Arrays.stream(SyncState.values()).map(s -> PeerViewModel.stateText(s, i18n)))
                .containsExactly("Connecting", "Backfilling", "Catching up", "Recovering", "Up to date", "Paused", "Offline", "Error");
        I18n german = I18n.forLocale(Locale.GERMAN);
        assertThat(PeerViewModel.stateText(SyncState.READY, german)).isEqualTo("Aktuell");
        assertThat(PeerViewModel.stateText(SyncState.RECOVERING, german)).isEqualTo("Stellt wieder her");
    }

    @Test
    void catchUpRunsOnTheBackgroundExecutorWithNothingElseClickableMeanwhile() {
        model.update(SyncSnapshots.laptopIn(SyncState.READY, PeerState.CONNECTED));
        model.show(LAPTOP_ID);

        assertThat(model.catchUp()).isTrue();
        assertThat(peers.controls).as("not on the calling thread").isEmpty();
        assertThat(model.busyProperty().get()).isTrue();
        assertThat(model.statusTextProperty().get()).isEqualTo("Working\u2026");
        assertThat(List.of(model.catchUpEnabledProperty().get(), model.resyncEnabledProperty().get(),
                model.pauseEnabledProperty().get())).containsOnly(false);
        assertThat(model.togglePause()).as("refused while busy").isFalse();

        drain(backgroundQueue);
        assertThat(peers.controls).containsExactly("catch-up " + LAPTOP_ID);
        drain(fxQueue);
        assertThat(model.busyProperty().get()).isFalse();
        assertThat(model.statusProperty().get()).isEqualTo(PeerViewModel.Status.DONE);
        assertThat(model.statusTextProperty().get()).isEqualTo("Catch-up with laptop started.");
        assertThat(model.catchUpEnabledProperty().get()).isTrue();
    }

    @Test
    void resyncOfEverythingOrOneTypeAndPauseResumeReachTheEngine() {
        model.update(SyncSnapshots.laptopIn(SyncState.READY, PeerState.CONNECTED));
        model.show(LAPTOP_ID);
        model.resync(null);
        drain(backgroundQueue);
        drain(fxQueue);
        assertThat(model.statusTextProperty().get()).isEqualTo("Full resync from laptop started.");
        model.resync(ResourceType.ENTRY);
        drain(backgroundQueue);
        drain(fxQueue);
        assertThat(model.statusTextProperty().get()).isEqualTo("Resync of Entry from laptop started.");
        model.togglePause();
        drain(backgroundQueue);
        drain(fxQueue);
        assertThat(model.statusTextProperty().get()).isEqualTo("Sync with laptop is paused.");
        // The button turns into Resume once the engine reports the pause.
        model.update(SyncSnapshots.laptopIn(SyncState.PAUSED, PeerState.CONNECTED));
        assertThat(model.pauseTextProperty().get()).isEqualTo("Resume");
        model.togglePause();
        drain(backgroundQueue);
        drain(fxQueue);
        assertThat(model.statusTextProperty().get()).isEqualTo("Sync with laptop resumed.");

        assertThat(peers.controls).containsExactly("resync " + LAPTOP_ID + " all", "resync " + LAPTOP_ID + " entry",
                "pause " + LAPTOP_ID, "resume " + LAPTOP_ID);
    }

    @Test
    void aFailedControlShowsTheEnginesMessage() {
        peers.controlsFailWith(new IllegalStateException("laptop is not connected"));
        model.update(SyncSnapshots.laptopIn(SyncState.READY, PeerState.CONNECTED));
        model.show(LAPTOP_ID);
        model.catchUp();
        drain(backgroundQueue);
        drain(fxQueue);
        assertThat(model.statusProperty().get()).isEqualTo(PeerViewModel.Status.FAILED);
        assertThat(model.statusTextProperty().get()).isEqualTo("Could not catch up with laptop: laptop is not connected");
        assertThat(model.catchUpEnabledProperty().get()).as("may be tried again").isTrue();
    }

    @Test
    void aForgottenMemberShowsThatAndOffersNoControls() {
        model.show(LAPTOP_ID);
        model.update(SyncSnapshots.backfilling(10));
        model.update(SyncSnapshots.of(null, SyncSnapshots.nas(), SyncSnapshots.events()));

        assertThat(model.presentProperty().get()).isFalse();
        assertThat(model.nameProperty().get()).isEqualTo("MFRGGZD");
        assertThat(model.stateTextProperty().get()).isEqualTo("No longer a member of this library.");
        assertThat(model.syncStateProperty().get()).isNull();
        assertThat(model.rows()).isEmpty();
        assertThat(model.overallShownProperty().get()).isFalse();
        assertThat(List.of(model.catchUpEnabledProperty().get(), model.resyncEnabledProperty().get(),
                model.pauseEnabledProperty().get())).containsOnly(false);
        assertThat(model.catchUp()).isFalse();
        assertThat(backgroundQueue).isEmpty();
    }

    @Test
    void showingNoMemberClearsThePage() {
        model.update(SyncSnapshots.backfilling(10));
        model.show(LAPTOP_ID);
        assertThat(model.rows()).hasSize(5);
        model.show(null);
        assertThat(model.peerIdProperty().get()).isEmpty();
        assertThat(model.rows()).isEmpty();
        assertThat(model.events()).isEmpty();
        assertThat(model.pauseEnabledProperty().get()).isFalse();
    }

    @Test
    void rowAndOverallTextsForUnknownTotalsStoppedBackfillsAndLongEtas() {
        // Running with no total yet: indeterminate, a count so far.
        Backfill unknownTotal = new Backfill(1_234, 0, 310.4, null, true);
        assertThat(PeerViewModel.progressOf(unknownTotal)).isEqualTo(PeerViewModel.INDETERMINATE);
        assertThat(PeerViewModel.rowProgressText(unknownTotal, i18n)).isEqualTo("1,234 records so far \u00b7 310/s");
        // Stopped short (the member went away): the fraction, no rate or ETA.
        Backfill stopped = new Backfill(250, 1_000, 0, null, false);
        assertThat(PeerViewModel.rowProgressText(stopped, i18n)).isEqualTo("25%");
        // Rounded down: 99.96 % is not done.
        Backfill almost = new Backfill(9_996, 10_000, 2, 2L, true);
        assertThat(PeerViewModel.rowProgressText(almost, i18n)).isEqualTo("99% \u00b7 2/s \u00b7 ETA 2 s");
        Backfill slow = new Backfill(10, 1_000_000, 12.5, 3 * 86_400L + 4 * 3_600 + 59, true);
        assertThat(PeerViewModel.overallText(slow, i18n))
                .isEqualTo("10 of 1,000,000 records \u00b7 13 records/s \u00b7 ETA 3 days 4 h");
        assertThat(PeerViewModel.overallText(new Backfill(10, 1_000_000, 12.5, 3_725L, true), I18n.forLocale(Locale.GERMAN)))
                .isEqualTo("10 von 1.000.000 Datens\u00e4tzen \u00b7 13 Datens\u00e4tze/s \u00b7 noch 1 Std. 2 Min.");
        assertThat(PeerViewModel.rowProgressText(almost, I18n.forLocale(Locale.GERMAN)))
                .isEqualTo("99\u00a0% \u00b7 2/s \u00b7 noch 2 s");
    }

    @Test
    void watermarksAndAgesReadAsLocalTimes() {
        assertThat(PeerViewModel.watermarkText(SyncSnapshots.ENTRY_WATERMARK, BERLIN)).isEqualTo("2025-03-14 12:59:30");
        assertThat(PeerViewModel.watermarkText(SyncSnapshots.ENTRY_WATERMARK, ZoneId.of("UTC")))
                .isEqualTo("2025-03-14 11:59:30");
        assertThat(PeerViewModel.watermarkText(-5, BERLIN)).as("no HLC is negative: shown as it came").isEqualTo("-5");
        assertThat(PeerViewModel.ago(NOW.minusMillis(400), NOW, i18n)).isEqualTo("just now");
        assertThat(PeerViewModel.ago(NOW.plusSeconds(30), NOW, i18n)).as("ahead of our clock").isEqualTo("just now");
        assertThat(PeerViewModel.ago(NOW.minusSeconds(125), NOW, i18n)).isEqualTo("2 min 5 s ago");
        assertThat(PeerViewModel.ago(NOW.minusSeconds(125), NOW, I18n.forLocale(Locale.GERMAN))).isEqualTo("vor 2 Min. 5 s");
    }
}
