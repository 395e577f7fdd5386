package io.tidemark.app.peer;

import io.tidemark.app.common.Errors;
import io.tidemark.app.common.Formats;
import io.tidemark.app.common.I18n;
import io.tidemark.app.common.Properties;
import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.api.EngineSnapshot.Backfill;
import io.tidemark.engine.api.EngineSnapshot.EventLine;
import io.tidemark.engine.api.EngineSnapshot.Gap;
import io.tidemark.engine.api.EngineSnapshot.Peer;
import io.tidemark.engine.api.EngineSnapshot.PeerState;
import io.tidemark.engine.api.EngineSnapshot.Resource;
import io.tidemark.engine.api.EngineSnapshot.SyncState;
import io.tidemark.engine.api.PeerActions;
import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SyncOrder;
import io.tidemark.engine.sync.RecoveryView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One member's sync page: its state and why, overall backfill progress, a row per (owner, type) with
 * both sides' counts, their gap and digests, the watermark and backfill progress, the member's recent
 * events, and the catch-up, surgical recovery ({@link RecoveryViewModel}), full resync and pause controls. Built from engine snapshots; holds no scene-graph classes,
 * so it is tested without a toolkit.
 *
 * <p>A snapshot costs the same whatever the number of records syncing: the engine sums progress on
 * its side, and this model formats a few dozen rows and touches only the properties whose text
 * changed. Rows are updated in place by key, so a table keeps selection and scroll while a backfill
 * streams in. Call {@link #update}, {@link #show} and the actions on the FX thread; engine calls run
 * on the background executor and their outcome comes back through the FX executor.
 */
public final class PeerViewModel {

    /** One event about the member, as the list shows it. */
    public record EventRow(long id, String time, String kind, String message) {
    }

    /** Where the last action stands. */
    public enum Status { IDLE, BUSY, DONE, FAILED }

    /** The most events the page lists, newest first. */
    public static final int MAX_EVENTS = 100;
    /** The progress value of an indeterminate bar (the same as {@code ProgressBar.INDETERMINATE_PROGRESS}). */
    public static final double INDETERMINATE = -1;

    private static final Map<ResourceType, Integer> TYPE_ORDER = new EnumMap<>(ResourceType.class);

    static {
        List<ResourceType> order = SyncOrder.all();
        for (int i = 0; i < order.size(); i++) {
            TYPE_ORDER.put(order.get(i), i);
        }
    }

    /** Owners by name with shared types last; each owner's types in sync order. */
    private static final Comparator<Resource> ROW_ORDER = Comparator
            .comparing((Resource r) -> r.owner() == null)
            .thenComparing(PeerViewModel::ownerName, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(r -> r.owner() == null ? "" : r.owner().toString())
            .thenComparing(r -> TYPE_ORDER.get(r.type()));

    private final PeerActions actions;
    private final Executor background;
    private final Executor fxThread;
    private final I18n i18n;
    private final Clock clock;

    private final ReadOnlyStringWrapper peerId = new ReadOnlyStringWrapper(this, "peerId", "");
    private final ReadOnlyBooleanWrapper present = new ReadOnlyBooleanWrapper(this, "present", false);
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper(this, "name", "");
    private final ReadOnlyStringWrapper shortId = new ReadOnlyStringWrapper(this, "shortId", "");
    private final ReadOnlyObjectWrapper<SyncState> syncState = new ReadOnlyObjectWrapper<>(this, "syncState", null);
    private final ReadOnlyStringWrapper stateText = new ReadOnlyStringWrapper(this, "stateText", "");
    private final ReadOnlyStringWrapper reason = new ReadOnlyStringWrapper(this, "reason", "");
    private final ReadOnlyStringWrapper since = new ReadOnlyStringWrapper(this, "since", "");
    private final ReadOnlyStringWrapper rtt = new ReadOnlyStringWrapper(this, "rtt", "");
    private final ReadOnlyBooleanWrapper overallShown = new ReadOnlyBooleanWrapper(this, "overallShown", false);
    private final ReadOnlyDoubleWrapper overallProgress = new ReadOnlyDoubleWrapper(this, "overallProgress", 0);
    private final ReadOnlyStringWrapper overallText = new ReadOnlyStringWrapper(this, "overallText", "");
    private final ReadOnlyBooleanWrapper catchUpEnabled = new ReadOnlyBooleanWrapper(this, "catchUpEnabled", false);
    private final ReadOnlyBooleanWrapper recoverEnabled = new ReadOnlyBooleanWrapper(this, "recoverEnabled", false);
    private final ReadOnlyBooleanWrapper resyncEnabled = new ReadOnlyBooleanWrapper(this, "resyncEnabled", false);
    private final ReadOnlyBooleanWrapper pauseEnabled = new ReadOnlyBooleanWrapper(this, "pauseEnabled", false);
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(this, "paused", false);
    private final ReadOnlyStringWrapper pauseText = new ReadOnlyStringWrapper(this, "pauseText", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyObjectWrapper<Status> status = new ReadOnlyObjectWrapper<>(this, "status", Status.IDLE);
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper(this, "statusText", "");
    private final ObservableList<ResourceRow> rows = FXCollections.observableArrayList();
    private final ObservableList<ResourceRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<EventRow> events = FXCollections.observableArrayList();
    private final ObservableList<EventRow> readOnlyEvents = FXCollections.unmodifiableObservableList(events);

    private EngineSnapshot last;
    /** The shown member as in the last snapshot, null when none is shown or it is no longer a member. */
    private Peer peer;
    /** The surgical recovery under way, null when none is. */
    private RecoveryViewModel recovery;

    /**
     * @param actions    what the engine can do about members
     * @param background runs engine calls off the FX thread (the app's {@code BackgroundExecutor})
     * @param fxThread   runs work on the FX thread ({@code Platform::runLater} in the app)
     * @param clock      "12 s ago" is measured against it; its zone is the one times are shown in
     */
    public PeerViewModel(PeerActions actions, Executor background, Executor fxThread, I18n i18n, Clock clock) {
        this.actions = Objects.requireNonNull(actions, "actions");
        this.background = Objects.requireNonNull(background, "background");
        this.fxThread = Objects.requireNonNull(fxThread, "fxThread");
        this.i18n = Objects.requireNonNull(i18n, "i18n");
        this.clock = Objects.requireNonNull(clock, "clock");
        pauseText.set(i18n.tr("peer.pause"));
    }

    /**
     * Shows the member with device id {@code id} (null or empty: none), from the last snapshot seen.
     * Its rows and events replace the previous member's; the last action's outcome is cleared unless
     * an action is still running.
     */
    public void show(String id) {
        String wanted = id == null ? "" : id;
        if (wanted.equals(peerId.get())) {
            return;
        }
        peerId.set(wanted);
        rows.clear();
        events.clear();
        if (!busy.get()) {
            status.set(Status.IDLE);
            statusText.set("");
        }
        render(last);
    }

    /**
     * Shows {@code snapshot}. Does nothing for the snapshot already seen, and touches a property or a
     * row only where its value changed.
     *
     * @return whether anything visible changed
     */
    public boolean update(EngineSnapshot snapshot) {
        if (snapshot == null || snapshot == last) {
            return false;
        }
        last = snapshot;
        return render(snapshot);
    }

    private boolean render(EngineSnapshot snapshot) {
        String id = peerId.get();
        if (id.isEmpty() || snapshot == null) {
            peer = null;
            refreshControls();
            return false;
        }
        Instant now = clock.instant();
        ZoneId zone = clock.getZone();
        peer = snapshot.peers().stream().filter(p -> id.equals(p.id())).findFirst().orElse(null);
        boolean changed = Properties.setIfChanged(present, peer != null);
        changed |= Properties.setIfChanged(shortId, Formats.firstGroup(id));
        if (peer == null) {
            changed |= Properties.setIfChanged(name, Formats.firstGroup(id));
            changed |= Properties.setIfChanged(syncState, null);
            changed |= Properties.setIfChanged(stateText, i18n.tr("peer.notMember"));
            changed |= Properties.setIfChanged(reason, "");
            changed |= Properties.setIfChanged(since, "");
            changed |= Properties.setIfChanged(rtt, "");
            changed |= showOverall(Backfill.NONE);
            if (!rows.isEmpty()) {
                rows.clear();
                changed = true;
            }
        } else {
            changed |= Properties.setIfChanged(name,
                    peer.name() == null || peer.name().isBlank() ? Formats.firstGroup(id) : peer.name());
            changed |= Properties.setIfChanged(syncState, peer.sync());
            changed |= Properties.setIfChanged(stateText, stateText(peer.sync(), i18n));
            changed |= Properties.setIfChanged(reason, peer.syncReason() == null ? "" : peer.syncReason().strip());
            changed |= Properties.setIfChanged(since, peer.syncSince() == null ? ""
                    : i18n.tr("peer.since", Formats.timeOrDateTime(peer.syncSince(), now, zone),
                            ago(peer.syncSince(), now, i18n)));
            changed |= Properties.setIfChanged(rtt, peer.state() == PeerState.CONNECTED && peer.rttMs() != null
                    ? i18n.tr("devices.rtt", peer.rttMs()) : "");
            changed |= showOverall(peer.overall());
            changed |= updateRows(peer.resources(), now, zone);
        }
        changed |= updateEvents(snapshot.events(), id, now, zone);
        changed |= refreshControls();
        if (recovery != null) {
            recovery.update(peer);
        }
        return changed;
    }

    private boolean showOverall(Backfill overall) {
        boolean changed = Properties.setIfChanged(overallShown, overall.active());
        changed |= Properties.setIfChanged(overallProgress, overall.active() ? progressOf(overall) : 0);
        changed |= Properties.setIfChanged(overallText, overall.active() ? overallText(overall, i18n) : "");
        return changed;
    }

    /**
     * Brings the rows to {@code resources}: with the same keys in the same order (the usual case
     * while syncing) each row is updated in place and the list is not touched; otherwise the list is
     * set once, keeping the row objects of keys still present.
     */
    private boolean updateRows(List<Resource> resources, Instant now, ZoneId zone) {
        Map<ResourceRow.Key, Resource> byKey = new LinkedHashMap<>();
        resources.stream().sorted(ROW_ORDER).forEach(r -> byKey.putIfAbsent(new ResourceRow.Key(r.owner(), r.type()), r));
        if (sameKeys(byKey)) {
            boolean changed = false;
            int i = 0;
            for (Resource r : byKey.values()) {
                changed |= rows.get(i++).apply(valuesOf(r, now, zone, i18n));
            }
            return changed;
        }
        Map<ResourceRow.Key, ResourceRow> existing = new HashMap<>();
        for (ResourceRow row : rows) {
            existing.put(row.key(), row);
        }
        List<ResourceRow> fresh = new ArrayList<>(byKey.size());
        byKey.forEach((key, r) -> {
            ResourceRow.Values values = valuesOf(r, now, zone, i18n);
            ResourceRow row = existing.get(key);
            if (row == null) {
                row = new ResourceRow(key, values);
            } else {
                row.apply(values);
            }
            fresh.add(row);
        });
        rows.setAll(fresh);
        return true;
    }

    private boolean sameKeys(Map<ResourceRow.Key, Resource> byKey) {
        if (byKey.size() != rows.size()) {
            return false;
        }
        int i = 0;
        for (ResourceRow.Key key : byKey.keySet()) {
            if (!key.equals(rows.get(i++).key())) {
                return false;
            }
        }
        return true;
    }

    private boolean updateEvents(List<EventLine> all, String id, Instant now, ZoneId zone) {
        List<EventRow> fresh = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && fresh.size() < MAX_EVENTS; i--) {
            EventLine e = all.get(i);
            if (id.equals(e.peerId())) {
                fresh.add(new EventRow(e.id(), Formats.timeOrDateTime(e.at(), now, zone),
                        e.kind() == null ? "" : e.kind(), e.message() == null ? "" : e.message()));
            }
        }
        if (fresh.equals(events)) {
            return false;
        }
        // Usually a few events are new: add those at the top and drop as many from the bottom, so the
        // list redraws the cells that moved instead of taking a whole new list.
        int added = events.isEmpty() ? -1 : fresh.indexOf(events.get(0));
        int kept = fresh.size() - added;
        if (added > 0 && kept <= events.size() && fresh.subList(added, fresh.size()).equals(events.subList(0, kept))) {
            events.remove(kept, events.size());
            events.addAll(0, fresh.subList(0, added));
        } else {
            events.setAll(fresh);
        }
        return true;
    }

    /**
     * Which controls apply. Catching up needs a live connection and sync not already moving data;
     * a surgical recovery needs a live connection too (it asks the member what differs) and sync not
     * paused; a full resync may be asked for whenever sync is not paused (offline, it starts on the
     * next connection); pausing and resuming always. Nothing while an action runs.
     */
    private boolean refreshControls() {
        boolean usable = peer != null && !busy.get();
        SyncState s = peer == null ? null : peer.sync();
        boolean isPaused = s == SyncState.PAUSED;
        boolean changed = Properties.setIfChanged(catchUpEnabled, usable && peer.state() == PeerState.CONNECTED
                && (s == SyncState.READY || s == SyncState.ERROR || s == SyncState.CONNECTING));
        changed |= Properties.setIfChanged(recoverEnabled, usable && peer.state() == PeerState.CONNECTED && !isPaused);
        changed |= Properties.setIfChanged(resyncEnabled, usable && !isPaused);
        changed |= Properties.setIfChanged(pauseEnabled, usable);
        changed |= Properties.setIfChanged(paused, isPaused);
        changed |= Properties.setIfChanged(pauseText, isPaused ? i18n.tr("peer.resume") : i18n.tr("peer.pause"));
        return changed;
    }

    /** Asks the engine to run a watermark exchange with the member now and catch up what is behind. */
    public boolean catchUp() {
        return run(actions::catchUp, shown -> i18n.tr("peer.catchUp.done", shown),
                (shown, why) -> i18n.tr("peer.catchUp.failed", shown, why));
    }

    /**
     * Resyncs everything the member serves ({@code type} null) or only {@code type}. The person has
     * confirmed already.
     */
    public boolean resync(ResourceType type) {
        return run(id -> actions.resync(id, type),
                shown -> type == null ? i18n.tr("peer.resync.done", shown)
                        : i18n.tr("peer.resync.type.done", shown, i18n.resourceType(type)),
                (shown, why) -> i18n.tr("peer.resync.failed", shown, why));
    }

    /**
     * Starts a surgical recovery with the shown member, of everything it serves ({@code row} null) or
     * of one row's owner and type: its dry run runs at once, and the returned model walks the dialog
     * through preview, confirmation, progress and result. Empty, doing nothing, when a recovery is
     * not possible now (see {@link #recoverEnabledProperty}) or the row has no owner (a shared type).
     * The page stays busy until the recovery is over or was cancelled; its outcome lands in the
     * status line.
     */
    public Optional<RecoveryViewModel> recover(ResourceRow.Key row) {
        if (!recoverEnabled.get() || (row != null && row.owner() == null)) {
            return Optional.empty();
        }
        Map<UUID, String> owners = new HashMap<>();
        for (Resource r : peer.resources()) {
            if (r.owner() != null) {
                owners.putIfAbsent(r.owner(), ownerName(r));
            }
        }
        RecoveryViewModel.Scope scope = row == null ? RecoveryViewModel.Scope.ALL
                : new RecoveryViewModel.Scope(row.owner(), row.type());
        busy.set(true);
        status.set(Status.BUSY);
        statusText.set(i18n.tr("peer.action.running"));
        refreshControls();
        RecoveryViewModel started = new RecoveryViewModel(actions, background, fxThread, i18n, peerId.get(), name.get(),
                scope, owners, this::recoveryOver);
        recovery = started;
        started.start();
        return Optional.of(started);
    }

    private void recoveryOver(Status outcome, String text) {
        recovery = null;
        busy.set(false);
        status.set(outcome);
        statusText.set(text);
        refreshControls();
    }

    /** Resumes a paused member, else pauses it: what the Pause/Resume button says. */
    public boolean togglePause() {
        if (paused.get()) {
            return run(actions::resume, shown -> i18n.tr("peer.resume.done", shown),
                    (shown, why) -> i18n.tr("peer.resume.failed", shown, why));
        }
        return run(actions::pause, shown -> i18n.tr("peer.pause.done", shown),
                (shown, why) -> i18n.tr("peer.pause.failed", shown, why));
    }

    /**
     * Runs {@code call} with the shown member's id on the background executor; the outcome, naming
     * the member, lands in the status line. Returns false, doing nothing, when no member is shown or
     * an action is still running.
     */
    private boolean run(Consumer<String> call, Function<String, String> done, BiFunction<String, String, String> failed) {
        String id = peerId.get();
        if (peer == null || busy.get()) {
            return false;
        }
        String shown = name.get();
        busy.set(true);
        status.set(Status.BUSY);
        statusText.set(i18n.tr("peer.action.running"));
        refreshControls();
        CompletableFuture<Void> outcome;
        try {
            outcome = CompletableFuture.runAsync(() -> call.accept(id), background);
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((ok, error) -> fxThread.execute(() -> {
            busy.set(false);
            if (error == null) {
                status.set(Status.DONE);
                statusText.set(done.apply(shown));
            } else {
                status.set(Status.FAILED);
                statusText.set(failed.apply(shown, Errors.messageOf(error)));
            }
            refreshControls();
        }));
        return true;
    }

    /** The types the member's rows cover, in sync order: what a resync can be limited to. */
    public List<ResourceType> resyncTypes() {
        return rows.stream().map(r -> r.key().type()).distinct()
                .sorted(Comparator.comparing(TYPE_ORDER::get)).toList();
    }

    // ---- Formatting, static so tests check it without a model ----

    /** The state as the badge says it. */
    static String stateText(SyncState state, I18n i18n) {
        return switch (state) {
            case CONNECTING -> i18n.tr("peer.state.connecting");
            case BACKFILLING -> i18n.tr("peer.state.backfilling");
            case CATCHING_UP -> i18n.tr("peer.state.catchingUp");
            case RECOVERING -> i18n.tr("peer.state.recovering");
            case READY -> i18n.tr("peer.state.ready");
            case PAUSED -> i18n.tr("peer.state.paused");
            case OFFLINE -> i18n.tr("peer.state.offline");
            case ERROR -> i18n.tr("peer.state.error");
        };
    }

    /** What one row shows for {@code r} at {@code now}, times in {@code zone}. */
    static ResourceRow.Values valuesOf(Resource r, Instant now, ZoneId zone, I18n i18n) {
        String dash = i18n.tr("peer.unknown");
        Backfill b = r.backfill();
        boolean shown = b.active() || (b.total() > 0 && b.done() < b.total());
        ResourceRow.Check check = checkOf(r.gap());
        return new ResourceRow.Values(
                r.owner() == null ? i18n.tr("table.shared") : ownerName(r),
                i18n.resourceType(r.type()),
                Formats.count(r.localCount(), i18n.locale()),
                r.peerCount() == null ? dash : Formats.count(r.peerCount(), i18n.locale()),
                r.peerCount() != null && r.peerCount() != r.localCount(),
                r.gap() == null ? dash : Formats.signedCount(r.gap().gap(), i18n.locale()),
                digestsText(check, r.gap(), i18n),
                check,
                r.watermark() == null ? dash : watermarkText(r.watermark(), zone),
                r.lastAdvanced() == null ? dash : ago(r.lastAdvanced(), now, i18n),
                shown,
                shown ? progressOf(b) : 0,
                shown ? rowProgressText(b, i18n) : "");
    }

    /** How the row's copies compare: the recovery's phase while one runs or checks, else counts and digests. */
    static ResourceRow.Check checkOf(Gap gap) {
        if (gap == null) {
            return ResourceRow.Check.UNKNOWN;
        }
        RecoveryView.Phase phase = gap.recovery() == null ? RecoveryView.Phase.IDLE : gap.recovery().phase();
        return switch (phase) {
            case REPAIRING -> ResourceRow.Check.REPAIRING;
            case CHECKING -> ResourceRow.Check.CHECKING;
            case IDLE -> gap.gap() == 0 && gap.digestMatch() ? ResourceRow.Check.MATCH : ResourceRow.Check.DIFFER;
        };
    }

    /** "match", "differ", "checking", "repairing 61%" (rounded down), a dash while unknown. */
    static String digestsText(ResourceRow.Check check, Gap gap, I18n i18n) {
        return switch (check) {
            case UNKNOWN -> i18n.tr("peer.unknown");
            case MATCH -> i18n.tr("peer.digests.match");
            case DIFFER -> i18n.tr("peer.digests.differ");
            case CHECKING -> i18n.tr("peer.digests.checking");
            case REPAIRING -> {
                RecoveryView v = gap.recovery();
                yield v.total() > 0 ? i18n.tr("peer.digests.repairing", floorPercent(Math.min(v.done(), v.total()), v.total()))
                        : i18n.tr("peer.digests.repairing.start");
            }
        };
    }

    /** The watermark's wall-clock part as a local date-time; a value no HLC can have is shown as it is. */
    static String watermarkText(long packed, ZoneId zone) {
        if (packed < 0) {
            return Long.toString(packed);
        }
        return Formats.dateTime(HlcTimestamp.fromPacked(packed).instant(), zone);
    }

    /** "12 s ago", "just now" under a second (or for a time ahead of this device's clock). */
    static String ago(Instant at, Instant now, I18n i18n) {
        long seconds = Duration.between(at, now).toSeconds();
        return seconds < 1 ? i18n.tr("peer.justNow") : i18n.tr("peer.ago", Formats.duration(seconds, i18n));
    }

    /** A progress bar's value: the fraction done, indeterminate while a running backfill has no total. */
    static double progressOf(Backfill b) {
        if (b.total() <= 0) {
            return b.active() ? INDETERMINATE : 1;
        }
        return b.fraction();
    }

    /** "41 % · 25,000/s · ETA 24 s" for a table cell: rate and ETA only while running and known. */
    static String rowProgressText(Backfill b, I18n i18n) {
        List<String> parts = new ArrayList<>(3);
        parts.add(b.total() > 0 ? i18n.tr("peer.percent", floorPercent(b)) : i18n.tr("peer.progress.soFar", b.done()));
        addRateAndEta(parts, b, i18n.tr("peer.rate.short", Math.round(b.ratePerSecond())), i18n);
        return String.join(" \u00b7 ", parts);
    }

    /** "412,000 of 1,000,000 records · 25,000 records/s · ETA 24 s" for the overall bar. */
    static String overallText(Backfill b, I18n i18n) {
        List<String> parts = new ArrayList<>(3);
        parts.add(b.total() > 0 ? i18n.tr("peer.progress", b.done(), b.total())
                : i18n.tr("peer.progress.soFar", b.done()));
        addRateAndEta(parts, b, i18n.tr("peer.rate", Math.round(b.ratePerSecond())), i18n);
        return String.join(" \u00b7 ", parts);
    }

    private static void addRateAndEta(List<String> parts, Backfill b, String rateText, I18n i18n) {
        if (!b.active()) {
            return;
        }
        if (b.ratePerSecond() >= 0.5) {
            parts.add(rateText);
        }
        if (b.etaSeconds() != null) {
            parts.add(i18n.tr("peer.eta", Formats.duration(b.etaSeconds(), i18n)));
        }
    }

    /** The fraction rounded down to a whole percent, so 100 % means done, not 99.6 %. */
    private static double floorPercent(Backfill b) {
        return Math.floor(b.fraction() * 100) / 100;
    }

    private static double floorPercent(long done, long total) {
        return Math.floor(done * 100.0 / total) / 100;
    }

    private static String ownerName(Resource r) {
        if (r.ownerName() != null && !r.ownerName().isBlank()) {
            return r.ownerName();
        }
        if (r.ownerDeviceId() != null) {
            return Formats.firstGroup(r.ownerDeviceId());
        }
        return r.owner() == null ? "" : Formats.firstGroup(Formats.groupedId(r.owner()));
    }

    // ---- Properties ----

    /** The shown member's device id, empty when none is shown. */
    public ReadOnlyStringProperty peerIdProperty() {
        return peerId.getReadOnlyProperty();
    }

    /** Whether the shown member is in the last snapshot (false once it was forgotten). */
    public ReadOnlyBooleanProperty presentProperty() {
        return present.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nameProperty() {
        return name.getReadOnlyProperty();
    }

    /** The first group of the member's device id. */
    public ReadOnlyStringProperty shortIdProperty() {
        return shortId.getReadOnlyProperty();
    }

    /** The member's sync state, null when it is not a member. */
    public ReadOnlyObjectProperty<SyncState> syncStateProperty() {
        return syncState.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty stateTextProperty() {
        return stateText.getReadOnlyProperty();
    }

    /** The engine's reason for the state, empty when it gave none. */
    public ReadOnlyStringProperty reasonProperty() {
        return reason.getReadOnlyProperty();
    }

    /** "since 14:02:11 (3 min ago)", empty when unknown. */
    public ReadOnlyStringProperty sinceProperty() {
        return since.getReadOnlyProperty();
    }

    /** "RTT 12 ms" while connected and measured, else empty. */
    public ReadOnlyStringProperty rttProperty() {
        return rtt.getReadOnlyProperty();
    }

    /** Whether a backfill or catch-up runs: the overall bar shows only then. */
    public ReadOnlyBooleanProperty overallShownProperty() {
        return overallShown.getReadOnlyProperty();
    }

    /** 0..1, or {@link #INDETERMINATE}. */
    public ReadOnlyDoubleProperty overallProgressProperty() {
        return overallProgress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty overallTextProperty() {
        return overallText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty catchUpEnabledProperty() {
        return catchUpEnabled.getReadOnlyProperty();
    }

    /** Whether a surgical recovery may be started: connected, not paused, nothing else running. */
    public ReadOnlyBooleanProperty recoverEnabledProperty() {
        return recoverEnabled.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty resyncEnabledProperty() {
        return resyncEnabled.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty pauseEnabledProperty() {
        return pauseEnabled.getReadOnlyProperty();
    }

    /** Whether sync with the member is paused: the pause button then resumes. */
    public ReadOnlyBooleanProperty pausedProperty() {
        return paused.getReadOnlyProperty();
    }

    /** "Pause" or "Resume". */
    public ReadOnlyStringProperty pauseTextProperty() {
        return pauseText.getReadOnlyProperty();
    }

    /** Whether an action is running. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Status> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The outcome of the last action, empty before the first. */
    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }

    /** The (owner, type) rows, read-only. */
    public ObservableList<ResourceRow> rows() {
        return readOnlyRows;
    }

    /** The member's recent events, newest first, read-only. */
    public ObservableList<EventRow> events() {
        return readOnlyEvents;
    }
}
