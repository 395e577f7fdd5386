package io.tidemark.app.devices;

import io.tidemark.app.common.Properties;

import io.tidemark.app.common.Errors;
import io.tidemark.app.common.Formats;
import io.tidemark.app.common.I18n;
import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.api.EngineSnapshot.PeerState;
import io.tidemark.engine.api.PeerActions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the devices sidebar shows: this device, the library's other members and the unpaired devices
 * found nearby, built from engine snapshots; and forgetting a member. Holds no scene-graph classes,
 * so it is tested without a toolkit. Call {@link #update} and {@link #forget} on the FX thread; the
 * engine call runs on the background executor and its outcome comes back through the FX executor.
 */
public final class DevicesViewModel {

    /** One member device as the sidebar lists it. */
    public record MemberRow(String id, String shortId, String name, PeerState state, String stateText,
                            String rttText, String error) {
    }

    /** One unpaired device found on the LAN. */
    public record NearbyRow(String id, String shortId, String addressesText) {
    }

    /** Where the last action stands. */
    public enum Status { IDLE, BUSY, DONE, FAILED }

    private static final Comparator<EngineSnapshot.Peer> MEMBER_ORDER = Comparator
            .comparing(EngineSnapshot.Peer::state)
            .thenComparing(p -> p.name() == null ? "" : p.name(), String.CASE_INSENSITIVE_ORDER)
            .thenComparing(EngineSnapshot.Peer::id);

    private final PeerActions actions;
    private final Executor background;
    private final Executor fxThread;
    private final I18n i18n;
    private final Clock clock;

    private final ReadOnlyStringWrapper selfName = new ReadOnlyStringWrapper(this, "selfName", "");
    private final ReadOnlyStringWrapper selfShortId = new ReadOnlyStringWrapper(this, "selfShortId", "");
    private final ReadOnlyStringWrapper selfId = new ReadOnlyStringWrapper(this, "selfId", "");
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper(this, "statusText", "");
    private final ReadOnlyObjectWrapper<Status> status = new ReadOnlyObjectWrapper<>(this, "status", Status.IDLE);
    private final ReadOnlyStringWrapper selectedId = new ReadOnlyStringWrapper(this, "selectedId", "");
    private final ObservableList<MemberRow> members = FXCollections.observableArrayList();
    private final ObservableList<NearbyRow> nearby = FXCollections.observableArrayList();
    private final ObservableList<MemberRow> readOnlyMembers = FXCollections.unmodifiableObservableList(members);
    private final ObservableList<NearbyRow> readOnlyNearby = FXCollections.unmodifiableObservableList(nearby);
    private EngineSnapshot last;

    /**
     * @param actions    what the engine can do about other devices
     * @param background runs engine calls off the FX thread (the app's {@code BackgroundExecutor})
     * @param fxThread   runs work on the FX thread ({@code Platform::runLater} in the app)
     * @param clock      the time "offline for …" is measured against
     */
    public DevicesViewModel(PeerActions actions, Executor background, Executor fxThread, I18n i18n, Clock clock) {
        this.actions = Objects.requireNonNull(actions, "actions");
        this.background = Objects.requireNonNull(background, "background");
        this.fxThread = Objects.requireNonNull(fxThread, "fxThread");
        this.i18n = Objects.requireNonNull(i18n, "i18n");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Shows {@code snapshot}, touching the lists only where they changed (the engine republishes the
     * same content periodically, which also refreshes the "offline for …" texts).
     *
     * @return whether anything visible changed
     */
    public boolean update(EngineSnapshot snapshot) {
        if (snapshot == null || snapshot == last) {
            return false;
        }
        last = snapshot;
        String fullId = Formats.deviceId(snapshot.device());
        boolean changed = Properties.setIfChanged(selfName, snapshot.device().name());
        changed |= Properties.setIfChanged(selfId, fullId);
        changed |= Properties.setIfChanged(selfShortId, Formats.firstGroup(fullId));
        List<MemberRow> freshMembers = membersOf(snapshot, clock.instant(), i18n);
        if (!freshMembers.equals(members)) {
            members.setAll(freshMembers);
            changed = true;
        }
        String selected = selectedId.get();
        if (!selected.isEmpty() && freshMembers.stream().noneMatch(m -> m.id().equals(selected))) {
            // Forgotten (here or on another device): there is no member page to show any more.
            selectedId.set("");
            changed = true;
        }
        List<NearbyRow> freshNearby = nearbyOf(snapshot, i18n);
        if (!freshNearby.equals(nearby)) {
            nearby.setAll(freshNearby);
            changed = true;
        }
        return changed;
    }

    /** The member rows of a snapshot: connected first, then connecting, then offline; by name within each. */
    public static List<MemberRow> membersOf(EngineSnapshot snapshot, Instant now, I18n i18n) {
        return snapshot.peers().stream().sorted(MEMBER_ORDER).map(p -> new MemberRow(
                p.id(),
                Formats.firstGroup(p.id()),
                p.name() == null || p.name().isBlank() ? Formats.firstGroup(p.id()) : p.name(),
                p.state(),
                stateText(p, now, i18n),
                p.state() == PeerState.CONNECTED && p.rttMs() != null ? i18n.tr("devices.rtt", p.rttMs()) : "",
                p.lastError() == null ? "" : p.lastError().strip())).toList();
    }

    /** The nearby rows of a snapshot, in the engine's order. */
    public static List<NearbyRow> nearbyOf(EngineSnapshot snapshot, I18n i18n) {
        return snapshot.nearby().stream().map(n -> new NearbyRow(n.id(), Formats.firstGroup(n.id()),
                n.addresses().isEmpty() ? i18n.tr("devices.nearby.noAddress") : String.join(", ", n.addresses())))
                .toList();
    }

    private static String stateText(EngineSnapshot.Peer peer, Instant now, I18n i18n) {
        return switch (peer.state()) {
            case CONNECTED -> i18n.tr("devices.state.connected");
            case CONNECTING -> i18n.tr("devices.state.connecting");
            case OFFLINE -> offlineText(peer.lastSeen(), now, i18n);
        };
    }

    /** "Offline for 5 min", by the largest whole unit; "Offline" for a device never seen. */
    static String offlineText(Instant lastSeen, Instant now, I18n i18n) {
        if (lastSeen == null) {
            return i18n.tr("devices.state.offline");
        }
        Duration gone = Duration.between(lastSeen, now);
        if (gone.toMinutes() < 1) {
            return i18n.tr("devices.state.offline.underAMinute");
        }
        if (gone.toHours() < 1) {
            return i18n.tr("devices.state.offline.minutes", gone.toMinutes());
        }
        if (gone.toDays() < 2) {
            return i18n.tr("devices.state.offline.hours", gone.toHours());
        }
        return i18n.tr("devices.state.offline.days", gone.toDays());
    }

    /**
     * Forgets {@code member}: the engine removes it and refuses it from now on. The person has
     * confirmed already. Returns at once; the outcome shows in the status line.
     */
    public void forget(MemberRow member) {
        Objects.requireNonNull(member, "member");
        status.set(Status.BUSY);
        statusText.set(i18n.tr("devices.forget.running", member.name()));
        CompletableFuture<Void> done;
        try {
            done = CompletableFuture.runAsync(() -> actions.forget(member.id()), background);
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        done.whenComplete((ok, error) -> fxThread.execute(() -> {
            if (error == null) {
                status.set(Status.DONE);
                statusText.set(i18n.tr("devices.forget.done", member.name()));
            } else {
                status.set(Status.FAILED);
                statusText.set(i18n.tr("devices.forget.failed", member.name(), Errors.messageOf(error)));
            }
        }));
    }

    /**
     * Selects the member with device id {@code id}, whose page the window then shows; null or empty
     * selects none (the overview). An id that is not a member selects none.
     */
    public void select(String id) {
        String wanted = id == null ? "" : id;
        boolean member = members.stream().anyMatch(m -> m.id().equals(wanted));
        selectedId.set(member ? wanted : "");
    }

    /** The device id of the selected member, empty when none is. */
    public ReadOnlyStringProperty selectedIdProperty() {
        return selectedId.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty selfNameProperty() {
        return selfName.getReadOnlyProperty();
    }

    /** The first group of this device's id. */
    public ReadOnlyStringProperty selfShortIdProperty() {
        return selfShortId.getReadOnlyProperty();
    }

    /** This device's whole id, grouped. */
    public ReadOnlyStringProperty selfIdProperty() {
        return selfId.getReadOnlyProperty();
    }

    /** The outcome of the last action, empty before the first. */
    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Status> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The members, read-only. */
    public ObservableList<MemberRow> members() {
        return readOnlyMembers;
    }

    /** The nearby devices, read-only. */
    public ObservableList<NearbyRow> nearby() {
        return readOnlyNearby;
    }
}
