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
        ControlClient daemon = cli.daemon("only it knows which members are connected and ready");
        SyncWait.Verdict verdict;
        try {
            verdict = SyncWait.await(daemon::status, peer, Duration.ofSeconds(timeoutSeconds), SyncWait.Time.SYSTEM);
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
}
