package io.tidemark.app.pairing;

import io.tidemark.app.common.Errors;
import io.tidemark.app.common.I18n;
import io.tidemark.engine.api.PeerActions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Inviting a device: asks the engine for a one-time code off the FX thread and counts down its
 * validity. Every property changes on the FX thread; {@link #tick()} is called by the view once a
 * second while the dialog is open.
 */
public final class InviteViewModel {

    /** Where the invite stands. */
    public enum State { IDLE, CREATING, READY, EXPIRED, FAILED }

    private final PeerActions actions;
    private final Executor background;
    private final Executor fxThread;
    private final I18n i18n;
    private final Clock clock;

    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
    private final ReadOnlyStringWrapper code = new ReadOnlyStringWrapper(this, "code", "");
    private final ReadOnlyStringWrapper addressesText = new ReadOnlyStringWrapper(this, "addressesText", "");
    private final ReadOnlyStringWrapper validityText = new ReadOnlyStringWrapper(this, "validityText", "");
    private final ReadOnlyStringWrapper errorText = new ReadOnlyStringWrapper(this, "errorText", "");
    private Instant expiresAt;

    /**
     * @param background runs {@link PeerActions#invite()} off the FX thread
     * @param fxThread   runs work on the FX thread ({@code Platform::runLater} in the app)
     * @param clock      the time the countdown is measured against
     */
    public InviteViewModel(PeerActions actions, Executor background, Executor fxThread, I18n i18n, Clock clock) {
        this.actions = Objects.requireNonNull(actions, "actions");
        this.background = Objects.requireNonNull(background, "background");
        this.fxThread = Objects.requireNonNull(fxThread, "fxThread");
        this.i18n = Objects.requireNonNull(i18n, "i18n");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Asks the engine for a new code, unless one is being made. Call on the FX thread; returns at once.
     *
     * @return whether a code was asked for
     */
    public boolean create() {
        if (state.get() == State.CREATING) {
            return false;
        }
        state.set(State.CREATING);
        code.set("");
        addressesText.set("");
        errorText.set("");
        validityText.set(i18n.tr("invite.creating"));
        expiresAt = null;
        CompletableFuture<PeerActions.Invitation> made;
        try {
            made = CompletableFuture.supplyAsync(actions::invite, background);
        } catch (RuntimeException e) {
            made = CompletableFuture.failedFuture(e);
        }
        made.whenComplete((invitation, error) -> fxThread.execute(() -> show(invitation, error)));
        return true;
    }

    private void show(PeerActions.Invitation invitation, Throwable error) {
        if (error != null || invitation == null) {
            state.set(State.FAILED);
            validityText.set("");
            errorText.set(i18n.tr("invite.failed", Errors.messageOf(error)));
            return;
        }
        code.set(invitation.code());
        addressesText.set(invitation.addresses().isEmpty() ? ""
                : i18n.tr("invite.addresses", String.join(", ", invitation.addresses())));
        expiresAt = invitation.expiresAt();
        state.set(State.READY);
        tick();
    }

    /** Updates the countdown; marks the code expired once its time is up. Call on the FX thread. */
    public void tick() {
        if (state.get() != State.READY || expiresAt == null) {
            return;
        }
        Duration left = Duration.between(clock.instant(), expiresAt);
        if (left.isNegative() || left.isZero()) {
            state.set(State.EXPIRED);
            validityText.set(i18n.tr("invite.expired"));
            return;
        }
        long seconds = left.toSeconds();
        validityText.set(i18n.tr("invite.validFor", String.format("%d:%02d", seconds / 60, seconds % 60)));
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The code to give to the other device, empty until made. */
    public ReadOnlyStringProperty codeProperty() {
        return code.getReadOnlyProperty();
    }

    /** Where this device listens for the join, or empty. */
    public ReadOnlyStringProperty addressesTextProperty() {
        return addressesText.getReadOnlyProperty();
    }

    /** "Valid for 9:42", "This code has expired.", or "Making a code…". */
    public ReadOnlyStringProperty validityTextProperty() {
        return validityText.getReadOnlyProperty();
    }

    /** Why no code could be made, or empty. */
    public ReadOnlyStringProperty errorTextProperty() {
        return errorText.getReadOnlyProperty();
    }
}
