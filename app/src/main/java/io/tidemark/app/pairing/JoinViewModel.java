package io.tidemark.app.pairing;

import io.tidemark.app.common.Errors;
import io.tidemark.app.common.I18n;
import io.tidemark.engine.api.PeerActions;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Joining a library with a code from another device, optionally dialling a given HOST:PORT. The
 * code and address are the person's input (writable); everything else is read-only and changes on
 * the FX thread. The engine's join runs on its own threads and returns a future.
 */
public final class JoinViewModel {

    /** Where the join stands. */
    public enum State { IDLE, JOINING, JOINED, FAILED }

    /** HOST:PORT with a name, IPv4 address or bracketed IPv6 address. */
    private static final Pattern ADDRESS = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(\\d{1,5})");

    private final PeerActions actions;
    private final Executor fxThread;
    private final I18n i18n;

    private final StringProperty code = new SimpleStringProperty(this, "code", "");
    private final StringProperty address = new SimpleStringProperty(this, "address", "");
    private final ReadOnlyBooleanWrapper addressValid = new ReadOnlyBooleanWrapper(this, "addressValid", true);
    private final ReadOnlyBooleanWrapper canJoin = new ReadOnlyBooleanWrapper(this, "canJoin", false);
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
    private final ReadOnlyStringWrapper messageText = new ReadOnlyStringWrapper(this, "messageText", "");

    /** @param fxThread runs work on the FX thread ({@code Platform::runLater} in the app) */
    public JoinViewModel(PeerActions actions, Executor fxThread, I18n i18n) {
        this.actions = Objects.requireNonNull(actions, "actions");
        this.fxThread = Objects.requireNonNull(fxThread, "fxThread");
        this.i18n = Objects.requireNonNull(i18n, "i18n");
        addressValid.bind(Bindings.createBooleanBinding(() -> isValidAddress(address.get()), address));
        canJoin.bind(Bindings.createBooleanBinding(
                () -> !normalizedCode(code.get()).isEmpty() && addressValid.get()
                        && state.get() != State.JOINING && state.get() != State.JOINED,
                code, addressValid, state));
    }

    /** Whether {@code text} is empty (no address: use the code's) or a valid HOST:PORT. */
    public static boolean isValidAddress(String text) {
        String a = text == null ? "" : text.strip();
        if (a.isEmpty()) {
            return true;
        }
        Matcher m = ADDRESS.matcher(a);
        if (!m.matches()) {
            return false;
        }
        int port = Integer.parseInt(m.group(3));
        return port >= 1 && port <= 65_535;
    }

    /** The code as typed or pasted, without surrounding or embedded whitespace (line breaks from chat). */
    static String normalizedCode(String text) {
        return text == null ? "" : text.replaceAll("\\s+", "");
    }

    /**
     * Joins with the typed code and address, unless the input is invalid or a join is under way. Call
     * on the FX thread; returns at once.
     *
     * @return whether a join was started
     */
    public boolean join() {
        if (!canJoin.get()) {
            return false;
        }
        String typedAddress = address.get() == null ? "" : address.get().strip();
        state.set(State.JOINING);
        messageText.set(i18n.tr("join.running"));
        CompletableFuture<PeerActions.Joined> done;
        try {
            done = actions.join(normalizedCode(code.get()), typedAddress.isEmpty() ? null : typedAddress);
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        done.whenComplete((joined, error) -> fxThread.execute(() -> finish(joined, error)));
        return true;
    }

    private void finish(PeerActions.Joined joined, Throwable error) {
        if (error != null || joined == null) {
            messageText.set(i18n.tr("join.failed", Errors.messageOf(error)));
            state.set(State.FAILED);
        } else {
            messageText.set(i18n.tr("join.done", joined.libraryName(), joined.inviterName(), joined.memberIds().size()));
            state.set(State.JOINED);
        }
    }

    /** The invite code, as typed. */
    public StringProperty codeProperty() {
        return code;
    }

    /** HOST:PORT to dial, or empty to use the addresses in the code. */
    public StringProperty addressProperty() {
        return address;
    }

    public ReadOnlyBooleanProperty addressValidProperty() {
        return addressValid.getReadOnlyProperty();
    }

    /** Whether Join may be pressed: a code, a valid (or no) address, and no join under way or done. */
    public ReadOnlyBooleanProperty canJoinProperty() {
        return canJoin.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** "Joining…", the outcome, or the engine's error. */
    public ReadOnlyStringProperty messageTextProperty() {
        return messageText.getReadOnlyProperty();
    }
}
