package io.tidemark.app.testing;

import io.tidemark.engine.api.PeerActions;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.sync.SyncEngine.RecoveryOutcome;
import java.util.List;
import java.util.UUID;
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
    /** Sync controls asked for, as "catch-up ID", "resync ID TYPE|all", "recover …", "pause ID", "resume ID". */
    public final List<String> controls = new CopyOnWriteArrayList<>();
    private volatile Supplier<Invitation> invitation = () -> {
        throw new IllegalStateException("no invitation set");
    };
    private volatile CompletableFuture<Joined> joinResult = new CompletableFuture<>();
    private volatile RuntimeException forgetFailure;
    private volatile RuntimeException controlFailure;
    private volatile List<RecoveryOutcome> plan = List.of();
    private volatile List<RecoveryOutcome> recovered = List.of();
    private volatile CompletableFuture<Void> recoverGate = CompletableFuture.completedFuture(null);

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

    /** Makes every sync control (catch-up, resync, recover, pause, resume) throw {@code failure}, recording nothing. */
    public FakePeerActions controlsFailWith(RuntimeException failure) {
        this.controlFailure = failure;
        return this;
    }

    /**
     * What {@link #recover} answers: {@code plan} to a dry run, {@code recovered} to the recovery
     * itself (both recorded in {@link #controls} as "recover ID OWNER|all TYPE|all dry-run|now").
     */
    public FakePeerActions recovering(List<RecoveryOutcome> plan, List<RecoveryOutcome> recovered) {
        this.plan = List.copyOf(plan);
        this.recovered = List.copyOf(recovered);
        return this;
    }

    /** Holds every recovery that is not a dry run until {@code gate} completes. */
    public FakePeerActions recoveryWaitsFor(CompletableFuture<Void> gate) {
        this.recoverGate = gate;
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
    public void resync(String deviceId, ResourceType type) {
        control("resync " + deviceId + " " + (type == null ? "all" : type.wireName()));
    }

    @Override
    public List<RecoveryOutcome> recover(String deviceId, UUID owner, ResourceType type, boolean dryRun) {
        CompletableFuture<Void> gate = dryRun ? CompletableFuture.completedFuture(null) : recoverGate;
        control("recover " + deviceId + " " + (owner == null ? "all" : owner) + " " + (type == null ? "all" : type.wireName())
                + (dryRun ? " dry-run" : " now"));
        gate.join();
        return dryRun ? plan : recovered;
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
