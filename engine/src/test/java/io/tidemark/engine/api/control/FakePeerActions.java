package io.tidemark.engine.api.control;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.PeerActions;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.store.sync.Peer;
import io.tidemark.engine.store.sync.Trust;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the member actions the API calls; {@code resume} refuses as an engine in the wrong state would. */
public final class FakePeerActions implements PeerActions {
    public final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public Invitation invite() {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Joined> join(String code, String address) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void forget(String deviceId) {
        calls.add("forget " + deviceId);
    }

    @Override
    public void catchUp(String deviceId) {
        calls.add("catchUp " + deviceId);
    }

    @Override
    public void resync(String deviceId, ResourceType type) {
        calls.add("resync " + deviceId + " " + type);
    }

    /** What {@link #recover} answers. */
    public volatile List<io.tidemark.engine.sync.SyncEngine.RecoveryOutcome> recoveries = List.of();

    @Override
    public List<io.tidemark.engine.sync.SyncEngine.RecoveryOutcome> recover(String deviceId, java.util.UUID owner, ResourceType type,
                                                                          boolean dryRun) {
        calls.add("recover " + deviceId + (owner == null ? "" : " " + owner) + " " + type + (dryRun ? " dry-run" : ""));
        return recoveries;
    }

    @Override
    public void pause(String deviceId) {
        calls.add("pause " + deviceId);
    }

    @Override
    public void resume(String deviceId) {
        throw new IllegalStateException("Sync with bravo is not paused.");
    }

    /** Adds a member to {@code engine}'s peers (32 bytes of {@code n * 40}), as pairing would. */
    public static DeviceId member(Engine engine, int n, String name) {
        byte[] bytes = new byte[DeviceId.LENGTH];
        Arrays.fill(bytes, (byte) (n * 40));
        engine.sync().peers().upsert(new Peer(bytes, name, List.of(), Trust.MEMBER, null));
        return new DeviceId(bytes);
    }
}
