package io.tidemark.app.testing;

import io.tidemark.engine.api.PeerActions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** PeerActions for tests: hands out a fixed invitation, records joins, forgets and sync controls. */
public final class FakePeerActions implements PeerActions {
    /** One call of {@link #join}. */
    public record JoinCall(String code, String address) {
    }

    public final List<JoinCall> joins = new CopyOnWriteArrayList<>();
    public final List<String> forgotten = new CopyOnWriteArrayList<>();
    /** Sync controls asked for, as "catch-up ID", "resync ID TYPE|all", "pause ID", "resume ID". */
    public final List<String> controls = new CopyOnWriteArrayList<>();
    private volatile Supplier<Invitation> invitation = () -> {
        throw new IllegalStateException("no invitation set");
    };
    private volatile CompletableFuture<Joined> joinResult = new CompletableFuture<>();
    private volatile RuntimeException forgetFailure;
    private volatile RuntimeException controlFailure;

    public FakePeerActions inviting(Invitation value) {
        this.invitation = () -> value;
        return this;
    }

    public FakePeerActions joinAnswers(CompletableFuture<Joined> result) {
        this.joinResult = result;
        return this;
    }

    public FakePeerActions forgetFailsWith(RuntimeException failure) {
        this.forgetFailure = failure;
        return this;
    }

    /** Makes every sync control (catch-up, resync, pause, resume) throw {@code failure}, recording nothing. */
    public FakePeerActions controlsFailWith(RuntimeException failure) {
        this.controlFailure = failure;
        return this;
    }

    private void control(String call) {
        if (controlFailure != null) {
            throw controlFailure;
        }
        controls.add(call);
    }

    @Override
    public Invitation invite() {
        return invitation.get();
    }

    @Override
    public CompletableFuture<Joined> join(String code, String address) {
        joins.add(new JoinCall(code, address));
        return joinResult;
    }

    @Override
    public void forget(String deviceId) {
        if (forgetFailure != null) {
            throw forgetFailure;
        }
        forgotten.add(deviceId);
    }

    @Override
    public void catchUp(String deviceId) {
        control("catch-up " + deviceId);
    }

    @Override
    public void resync(String deviceId, io.tidemark.engine.model.ResourceType type) {
        control("resync " + deviceId + " " + (type == null ? "all" : type.wireName()));
    }

    @Override
    public java.util.List<io.tidemark.engine.sync.SyncEngine.RecoveryOutcome> recover(String deviceId, java.util.UUID owner,
            io.tidemark.engine.model.ResourceType type, boolean dryRun) {
        return java.util.List.of();
    }

    @Override
    public void pause(String deviceId) {
        control("pause " + deviceId);
    }

    @Override
    public void resume(String deviceId) {
        control("resume " + deviceId);
    }
}
