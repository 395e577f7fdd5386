package io.tidemark.app.common;

import io.tidemark.engine.api.PeerActions;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Stands in for {@link PeerActions} when the engine in this build cannot talk to other devices: every
 * action fails with a message saying so, and the app shows it where the action's outcome goes.
 */
public final class UnavailablePeerActions implements PeerActions {
    private final String message;

    public UnavailablePeerActions(I18n i18n) {
        this.message = i18n.tr("devices.unavailable");
    }

    /**
     * {@code engine} itself when it implements {@link PeerActions}, else an instance of this class.
     * Checked at run time, so the app builds and runs with engines with and without peer support.
     */
    public static PeerActions of(Object engine, I18n i18n) {
        Objects.requireNonNull(i18n, "i18n");
        return engine instanceof PeerActions actions ? actions : new UnavailablePeerActions(i18n);
    }

    @Override
    public Invitation invite() {
        throw new UnsupportedOperationException(message);
    }

    @Override
    public CompletableFuture<Joined> join(String code, String address) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(message));
    }

    @Override
    public void forget(String deviceId) {
        throw new UnsupportedOperationException(message);
    }

    @Override
    public void catchUp(String deviceId) {
        throw new UnsupportedOperationException(message);
    }

    @Override
    public void resync(String deviceId, io.tidemark.engine.model.ResourceType type) {
        throw new UnsupportedOperationException(message);
    }

    @Override
    public java.util.List<io.tidemark.engine.sync.SyncEngine.RecoveryOutcome> recover(String deviceId, java.util.UUID owner,
            io.tidemark.engine.model.ResourceType type, boolean dryRun) {
        throw new UnsupportedOperationException(message);
    }

    @Override
    public void pause(String deviceId) {
        throw new UnsupportedOperationException(message);
    }

    @Override
    public void resume(String deviceId) {
        throw new UnsupportedOperationException(message);
    }
}
