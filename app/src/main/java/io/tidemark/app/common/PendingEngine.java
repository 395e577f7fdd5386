package io.tidemark.app.common;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.api.PeerActions;
import io.tidemark.engine.index.IndexListener;
import io.tidemark.engine.index.IndexReport;
import io.tidemark.engine.model.ResourceType;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Stands in for the engine while its stores open on another thread, so the window can be shown
 * before they are: it has no snapshot yet (the window shows that it is opening the library), and an
 * action asked for meanwhile fails saying so. Once {@link #attach attached}, everything goes to the
 * engine. Safe to use from any thread.
 */
public final class PendingEngine implements PeerActions {
    private final String openingMessage;
    private final I18n i18n;
    private volatile Engine engine;
    private volatile PeerActions peers;

    public PendingEngine(I18n i18n) {
        this.i18n = Objects.requireNonNull(i18n, "i18n");
        this.openingMessage = i18n.tr("startup.opening");
    }

    /** Hands over the open engine. */
    public void attach(Engine engine) {
        this.peers = UnavailablePeerActions.of(Objects.requireNonNull(engine, "engine"), i18n);
        this.engine = engine;
    }

    /** The engine's latest snapshot, or null while it is opening; never blocks. */
    public EngineSnapshot snapshot() {
        Engine e = engine;
        return e == null ? null : e.snapshot();
    }

    /** As {@link Engine#index}; fails while the engine is opening. */
    public CompletableFuture<IndexReport> index(Path folder, IndexListener listener) {
        Engine e = engine;
        return e == null ? CompletableFuture.failedFuture(new IllegalStateException(openingMessage)) : e.index(folder, listener);
    }

    private PeerActions peers() {
        PeerActions p = peers;
        if (p == null) {
            throw new IllegalStateException(openingMessage);
        }
        return p;
    }

    @Override
    public Invitation invite() {
        return peers().invite();
    }

    @Override
    public CompletableFuture<Joined> join(String code, String address) {
        PeerActions p = peers;
        return p == null ? CompletableFuture.failedFuture(new IllegalStateException(openingMessage)) : p.join(code, address);
    }

    @Override
    public void forget(String deviceId) {
        peers().forget(deviceId);
    }

    @Override
    public void catchUp(String deviceId) {
        peers().catchUp(deviceId);
    }

    @Override
    public void resync(String deviceId, ResourceType type) {
        peers().resync(deviceId, type);
    }

    @Override
    public java.util.List<io.tidemark.engine.sync.SyncEngine.RecoveryOutcome> recover(String deviceId, java.util.UUID owner,
                                                                                    ResourceType type, boolean dryRun) {
        return peers().recover(deviceId, owner, type, dryRun);
    }

    @Override
    public void pause(String deviceId) {
        peers().pause(deviceId);
    }

    @Override
    public void resume(String deviceId) {
        peers().resume(deviceId);
    }
}
