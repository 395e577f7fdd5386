package io.tidemark.engine.cli;

import io.tidemark.engine.api.control.ControlClient;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "wait-for-sync", description = {
        "Wait until this device is in sync: at least one member connected and every connected member ready"
                + " (with --peer, that member connected and ready). For scripts, like 'syncthingctl wait-for-idle'.",
        "A daemon that is still starting is waited for, within the same timeout.",
        "Exit codes: 0 in sync; 1 timed out (stderr says who is not ready and why); 2 bad arguments or no running daemon."})
final class WaitForSyncCommand implements Callable<Integer> {
    @ParentCommand
    TidemarkCli cli;

    @Option(names = "--peer", paramLabel = "PEER",
            description = "Wait for this member only: its device id, the first group of it, or its device name.")
    String peer;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Give up after this many seconds (default: ${DEFAULT-VALUE}; 0 checks once).")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        if (timeoutSeconds < 0) {
            throw new TidemarkCli.UsageException("--timeout takes a number of seconds, 0 or more, not " + timeoutSeconds);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        ControlClient daemon = awaitDaemon(deadline);
        SyncWait.Verdict verdict;
        try {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            verdict = SyncWait.await(daemon::status, peer, left, SyncWait.Time.SYSTEM);
        } catch (IllegalArgumentException e) {
            throw new TidemarkCli.UsageException(e.getMessage());
        } catch (IOException e) {
            throw new TidemarkCli.UsageException("Lost the daemon while waiting: " + e.getMessage());
        }
        if (!verdict.ready()) {
            cli.spec.commandLine().getErr().printf("tidemark: not in sync after %d s: %s%n", timeoutSeconds, verdict.detail());
            return TidemarkCli.EXIT_FAILURE;
        }
        cli.spec.commandLine().getOut().println("In sync: " + verdict.detail() + ".");
        return 0;
    }

    /**
     * The home's daemon, waited for until {@code deadline}: a script that runs {@code tidemark daemon &}
     * and then this must not fail while the daemon is still starting.
     */
    private ControlClient awaitDaemon(long deadline) throws InterruptedException {
        while (true) {
            java.util.Optional<ControlClient> found = ControlClient.find(cli.home());
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() >= deadline) {
                return cli.daemon("only it knows which members are connected and ready");
            }
            Thread.sleep(Math.max(1, Math.min(DAEMON_POLL.toMillis(), (deadline - System.nanoTime()) / 1_000_000)));
        }
    }

    /** How often a daemon that is starting is looked for. */
    private static final Duration DAEMON_POLL = Duration.ofMillis(200);
}
