package io.tidemark.app.peer;

import io.tidemark.app.common.Errors;
import io.tidemark.app.common.Formats;
import io.tidemark.app.common.I18n;
import io.tidemark.app.common.Properties;
import io.tidemark.engine.api.EngineSnapshot.Peer;
import io.tidemark.engine.api.EngineSnapshot.Resource;
import io.tidemark.engine.api.PeerActions;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.sync.RecoveryView;
import io.tidemark.engine.sync.SyncEngine.RecoveryOutcome;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
 * One surgical recovery with one member, step by step as its dialog shows it: a dry run asks the
 * member what differs ({@link Phase#PLANNING}); the preview lists each (owner, type) with what would
 * move ({@link Phase#PREVIEW}, or {@link Phase#NOTHING} when nothing differs); once confirmed, the
 * recovery runs with exactly the same filter ({@link Phase#RUNNING}, its progress from the rows'
 * recovery state in the snapshots); then what it did ({@link Phase#DONE}) or why it could not
 * ({@link Phase#FAILED}). The engine writes the audit event itself.
 *
 * <p>Call everything on the FX thread; the engine calls run on the background executor and their
 * outcome comes back through the FX executor. The page learns the end once, through {@code finished}:
 * with the outcome for its status line, or with nothing when the person closed before confirming.
 */
public final class RecoveryViewModel {

    /** Where the recovery stands. */
    public enum Phase { PLANNING, PREVIEW, NOTHING, RUNNING, DONE, FAILED }

    /** What the recovery covers: all the member serves ({@link #ALL}), or one owner's records of one type. */
    public record Scope(UUID owner, ResourceType type) {
        public static final Scope ALL = new Scope(null, null);

        public Scope {
            if ((owner == null) != (type == null)) {
                throw new IllegalArgumentException("a row's scope names both its owner and its type");
            }
        }

        /** Whether {@code r}'s records are in this scope. */
        boolean covers(Resource r) {
            return owner == null ? r.owner() != null : owner.equals(r.owner()) && type == r.type();
        }
    }

    private final PeerActions actions;
    private final Executor background;
    private final Executor fxThread;
    private final I18n i18n;
    private final String peerId;
    private final String peerName;
    private final Scope scope;
    private final Map<UUID, String> ownerNames;
    private final BiConsumer<PeerViewModel.Status, String> finished;

    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.PLANNING);
    private final ReadOnlyStringWrapper header = new ReadOnlyStringWrapper(this, "header", "");
    private final ReadOnlyStringWrapper body = new ReadOnlyStringWrapper(this, "body", "");
    private final ReadOnlyBooleanWrapper working = new ReadOnlyBooleanWrapper(this, "working", false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", PeerViewModel.INDETERMINATE);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyBooleanWrapper confirmable = new ReadOnlyBooleanWrapper(this, "confirmable", false);
    private final ReadOnlyStringWrapper dismissText = new ReadOnlyStringWrapper(this, "dismissText", "");
    private final ObservableList<String> lines = FXCollections.observableArrayList();
    private final ObservableList<String> readOnlyLines = FXCollections.unmodifiableObservableList(lines);

    /** Whether the page has been told the end (it is told once). */
    private boolean reported;

    /**
     * @param ownerNames the device names of the owners the member serves, for the lines
     * @param finished   told once on the FX thread: the outcome for the page's status line, or
     *                   {@code IDLE} and "" when the person closed before confirming
     */
    RecoveryViewModel(PeerActions actions, Executor background, Executor fxThread, I18n i18n, String peerId,
                      String peerName, Scope scope, Map<UUID, String> ownerNames,
                      BiConsumer<PeerViewModel.Status, String> finished) {
        this.actions = Objects.requireNonNull(actions, "actions");
        this.background = Objects.requireNonNull(background, "background");
        this.fxThread = Objects.requireNonNull(fxThread, "fxThread");
        this.i18n = Objects.requireNonNull(i18n, "i18n");
        this.peerId = Objects.requireNonNull(peerId, "peerId");
        this.peerName = Objects.requireNonNull(peerName, "peerName");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.ownerNames = Map.copyOf(ownerNames);
        this.finished = Objects.requireNonNull(finished, "finished");
        enter(Phase.PLANNING);
    }

    /** Starts the dry run. */
    void start() {
        call(() -> actions.recover(peerId, scope.owner(), scope.type(), true), this::previewed);
    }

    /** Runs the recovery the preview showed, with the same filter. Does nothing unless a preview is shown and open. */
    public boolean confirm() {
        if (phase.get() != Phase.PREVIEW || reported) {
            return false;
        }
        enter(Phase.RUNNING);
        call(() -> actions.recover(peerId, scope.owner(), scope.type(), false), this::recovered);
        return true;
    }

    /**
     * The dialog went away. Before the recovery was confirmed that cancels it (a dry run still under
     * way is ignored when it answers); a running recovery goes on and reports to the page.
     */
    public void close() {
        Phase now = phase.get();
        if (now == Phase.PLANNING || now == Phase.PREVIEW || now == Phase.NOTHING) {
            report(PeerViewModel.Status.IDLE, "");
        }
    }

    /** Follows the member's rows while the recovery runs: how far the repair of the keys in scope is. */
    void update(Peer peer) {
        if (phase.get() != Phase.RUNNING || peer == null || !peerId.equals(peer.id())) {
            return;
        }
        long done = 0;
        long total = 0;
        boolean repairing = false;
        for (Resource r : peer.resources()) {
            RecoveryView v = r.gap() == null ? null : r.gap().recovery();
            if (v != null && v.phase() == RecoveryView.Phase.REPAIRING && scope.covers(r)) {
                repairing = true;
                done += Math.min(v.done(), v.total());
                total += v.total();
            }
        }
        Properties.setIfChanged(progress, total > 0 ? (double) done / total : PeerViewModel.INDETERMINATE);
        Properties.setIfChanged(progressText, repairing && total > 0 ? i18n.tr("peer.progress", done, total) : "");
    }

    private void call(Supplier<List<RecoveryOutcome>> work, Consumer<List<RecoveryOutcome>> then) {
        CompletableFuture<List<RecoveryOutcome>> outcome;
        try {
            outcome = CompletableFuture.supplyAsync(work, background);
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((done, error) -> fxThread.execute(() -> {
            if (reported && phase.get() != Phase.RUNNING) {
                return; // closed before it answered
            }
            if (error != null) {
                failed(Errors.messageOf(error));
            } else {
                then.accept(done == null ? List.of() : done);
            }
        }));
    }

    private void previewed(List<RecoveryOutcome> plan) {
        lines.setAll(plan.stream().map(this::planLine).toList());
        enter(plan.isEmpty() ? Phase.NOTHING : Phase.PREVIEW);
    }

    private void recovered(List<RecoveryOutcome> done) {
        lines.setAll(done.stream().map(this::doneLine).toList());
        enter(Phase.DONE);
        long fetched = done.stream().mapToLong(RecoveryOutcome::fetched).sum();
        long removed = done.stream().mapToLong(RecoveryOutcome::removed).sum();
        report(PeerViewModel.Status.DONE, done.isEmpty() ? i18n.tr("recovery.status.nothing", peerName)
                : i18n.tr("recovery.status.done", peerName, fetched, removed));
    }

    private void failed(String why) {
        boolean ran = phase.get() == Phase.RUNNING;
        lines.clear();
        body.set(why);
        enter(Phase.FAILED);
        report(PeerViewModel.Status.FAILED, ran ? i18n.tr("recovery.status.failed", peerName, why)
                : i18n.tr("recovery.status.planFailed", peerName, why));
    }

    private void report(PeerViewModel.Status status, String text) {
        if (!reported) {
            reported = true;
            finished.accept(status, text);
        }
    }

    /** Sets everything the dialog shows for {@code next}, except the lines; the phase last, so who follows it sees the rest set. */
    private void enter(Phase next) {
        working.set(next == Phase.PLANNING || next == Phase.RUNNING);
        confirmable.set(next == Phase.PREVIEW);
        progress.set(PeerViewModel.INDETERMINATE);
        progressText.set("");
        switch (next) {
            case PLANNING -> {
                header.set(i18n.tr("recovery.planning.header", peerName));
                body.set(i18n.tr("recovery.planning.body", peerName));
            }
            case PREVIEW -> {
                header.set(i18n.tr("recovery.preview.header", peerName));
                body.set(i18n.tr("recovery.preview.body"));
            }
            case NOTHING -> {
                header.set(i18n.tr("recovery.nothing.header", peerName));
                body.set(scope.owner() == null ? i18n.tr("recovery.nothing.body", peerName)
                        : i18n.tr("recovery.nothing.body.row", whose(scope.owner(), scope.type())));
            }
            case RUNNING -> {
                header.set(i18n.tr("recovery.running.header", peerName));
                body.set(i18n.tr("recovery.running.body", peerName));
            }
            case DONE -> {
                header.set(lines.isEmpty() ? i18n.tr("recovery.done.header.nothing", peerName)
                        : i18n.tr("recovery.done.header", peerName));
                body.set(i18n.tr("recovery.done.body"));
            }
            case FAILED -> header.set(i18n.tr("recovery.failed.header", peerName));
        }
        dismissText.set(next == Phase.PLANNING || next == Phase.PREVIEW ? i18n.tr("recovery.cancel")
                : i18n.tr("recovery.close"));
        phase.set(next);
    }

    /** "Entries from alpha: 33,000 to fetch, 0 to remove, about 1.9 MB". */
    private String planLine(RecoveryOutcome r) {
        return i18n.tr("recovery.line.plan", whose(r.owner(), r.type()), r.fetched(), r.removed(),
                Formats.bytes(r.bytes(), i18n));
    }

    /** "Entries from alpha: 33,000 fetched, 0 removed, 1.9 MB in 2.8 s; now 170,000 here, as on bravo". */
    private String doneLine(RecoveryOutcome r) {
        String whose = whose(r.owner(), r.type());
        String bytes = Formats.bytes(r.bytes(), i18n);
        String took = Formats.millis(r.millis(), i18n);
        return r.after() == r.theirs()
                ? i18n.tr("recovery.line.done.same", whose, r.fetched(), r.removed(), bytes, took, r.after(), peerName)
                : i18n.tr("recovery.line.done.apart", whose, r.fetched(), r.removed(), bytes, took, r.after(), peerName,
                r.theirs());
    }

    /** "Entries from alpha", by the owner's device name. */
    private String whose(UUID owner, ResourceType type) {
        if (owner == null) {
            return i18n.tr("recovery.whose.shared", i18n.resourceTypes(type));
        }
        String name = ownerNames.get(owner);
        return i18n.tr("recovery.whose", i18n.resourceTypes(type),
                name == null || name.isBlank() ? Formats.firstGroup(Formats.groupedId(owner)) : name);
    }

    // ---- Properties ----

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** The dialog's heading: "Recover from bravo?", "Nothing differs from bravo", ... */
    public ReadOnlyStringProperty headerProperty() {
        return header.getReadOnlyProperty();
    }

    /** A sentence under the heading: what happens now, or why it failed. */
    public ReadOnlyStringProperty bodyProperty() {
        return body.getReadOnlyProperty();
    }

    /** Whether the dry run or the recovery is under way: a progress bar shows. */
    public ReadOnlyBooleanProperty workingProperty() {
        return working.getReadOnlyProperty();
    }

    /** 0..1 while the repair reports how far it is, else {@link PeerViewModel#INDETERMINATE}. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** "20,460 of 33,000 records" while repairing, else empty. */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** Whether the preview is shown and the recovery may be confirmed. */
    public ReadOnlyBooleanProperty confirmableProperty() {
        return confirmable.getReadOnlyProperty();
    }

    /** "Cancel" before the recovery runs, "Close" from then on. */
    public ReadOnlyStringProperty dismissTextProperty() {
        return dismissText.getReadOnlyProperty();
    }

    /** One line per (owner, type): what would move (preview) or what moved (done). */
    public ObservableList<String> lines() {
        return readOnlyLines;
    }

    /** The member's device name. */
    public String peerName() {
        return peerName;
    }

    public Scope scope() {
        return scope;
    }
}
