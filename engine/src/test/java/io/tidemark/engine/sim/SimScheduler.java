package io.tidemark.engine.sim;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * The one thread and the one source of chance of a simulated run. Every task of every simulated
 * device (rounds, timers, message deliveries, the workload, faults) waits here with a virtual due
 * time; {@link #runNext} runs the earliest (ties in the order they were queued). All randomness comes
 * from one {@link Random} seeded with the run's seed, so a seed replays the same run exactly, and
 * {@link #trace()} fingerprints the order in which tasks ran, so a replay can prove it did.
 */
final class SimScheduler {
    private record Task(long at, long seq, String label, BooleanSupplier alive, Runnable body) {
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>(
            Comparator.comparingLong(Task::at).thenComparingLong(Task::seq));
    private final Random random;
    private long now;
    private long seq;
    private long trace = 1469598103934665603L;
    private long ran;

    SimScheduler(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    /** Virtual milliseconds since the run began. */
    long now() {
        return now;
    }

    /** Queues {@code body} to run {@code delayMillis} from now, if {@code alive} still holds then. */
    void after(long delayMillis, String label, BooleanSupplier alive, Runnable body) {
        queue.add(new Task(now + Math.max(0, delayMillis), seq++, label, alive, body));
    }

    /** Runs the earliest task due at or before {@code until}; false if there is none. */
    boolean runNext(long until) {
        Task t = queue.peek();
        if (t == null || t.at() > until) {
            now = Math.max(now, until);
            return false;
        }
        queue.poll();
        now = Math.max(now, t.at());
        if (t.alive().getAsBoolean()) {
            ran++;
            mix(t.at());
            mix(t.label().hashCode());
            t.body().run();
        }
        return true;
    }

    /** Adds {@code value} to the run's fingerprint (task order, and what the oracle saw). */
    void mix(long value) {
        trace = (trace ^ value) * 1099511628211L;
    }

    long trace() {
        return trace;
    }

    long tasksRun() {
        return ran;
    }
}
