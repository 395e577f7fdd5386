package io.tidemark.engine.sim;

import io.tidemark.engine.sync.SyncRuntime;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One simulated device's {@link SyncRuntime}: its rounds and timers are tasks on the run's
 * {@link SimScheduler}, its clock a {@link SimClock}. A read ahead runs at once, in the serving task:
 * the next request then finds it ready, as it usually does in production. After {@link #close()} (a
 * shutdown or a crash) the device's queued tasks are dropped, as a dead process's threads are.
 */
final class SimRuntime implements SyncRuntime {
    private final SimScheduler scheduler;
    private final String device;
    private final SimClock clock;
    private boolean closed;

    SimRuntime(SimScheduler scheduler, String device, SimClock clock) {
        this.scheduler = scheduler;
        this.device = device;
        this.clock = clock;
    }

    private void queue(long delay, String what, Runnable task) {
        if (closed) {
            throw new RejectedExecutionException(device + " is stopped");
        }
        scheduler.after(delay, device + ":" + what, () -> !closed, task);
    }

    @Override
    public Executor rounds() {
        // A few milliseconds of chance: which of several ready rounds goes first is the seed's choice.
        return task -> queue(scheduler.random().nextInt(4), "round", task);
    }

    @Override
    public Executor inbox() {
        // Members' notices keep their order in MemberInbox; when its drain runs is the seed's choice.
        return task -> queue(scheduler.random().nextInt(3), "inbox", task);
    }

    @Override
    public Timer timer() {
        return new Timer() {
            @Override
            public void execute(Runnable task) {
                queue(scheduler.random().nextInt(2), "timer", task);
            }

            @Override
            public void after(Duration delay, Runnable task) {
                queue(delay.toMillis(), "timer", task);
            }

            @Override
            public void every(Duration initialDelay, Duration period, Runnable task) {
                queue(initialDelay.toMillis(), "every", () -> {
                    task.run();
                    if (!closed) {
                        every(period, period, task);
                    }
                });
            }
        };
    }

    @Override
    public Executor readAhead() {
        return task -> {
            if (closed) {
                throw new RejectedExecutionException(device + " is stopped");
            }
            task.run();
        };
    }

    @Override
    public Clock clock() {
        return clock;
    }

    boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
