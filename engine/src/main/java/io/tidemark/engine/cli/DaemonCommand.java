package io.tidemark.engine.cli;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.api.control.ControlClient;
import io.tidemark.engine.api.control.ControlServer;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.sync.SyncEngine;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Runs the engine without a window until SIGTERM or SIGINT. The shutdown hook waits for the engine
 * to close, so a stop is clean; a SIGKILL loses nothing committed, because every change is a
 * committed SQLite transaction before it is acknowledged.
 */
@Command(name = "daemon", description = {"Run the engine headless until SIGTERM or SIGINT.",
        "Local CLI calls reach it through a token-protected control API on loopback."})
final class DaemonCommand implements Callable<Integer> {
    /** The exit code of a daemon that stopped because an internal thread died of an Error (sysexits' EX_SOFTWARE). */
    static final int EXIT_INTERNAL_ERROR = 70;

    @ParentCommand
    TidemarkCli cli;

    @Option(names = "--control-port", paramLabel = "PORT", defaultValue = "0",
            description = "Loopback port of the control API (default: any free port; clients find it in the home).")
    int controlPort;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:22100",
            description = "Where to accept peers (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
    String listen;

    @Option(names = "--discovery", paramLabel = "on|off", defaultValue = "on",
            description = "Find devices on the LAN by mDNS (default: ${DEFAULT-VALUE}).")
    String discovery;

    @Option(names = "--discovery-interface", paramLabel = "IF",
            description = "Run discovery only on this interface (repeatable; default: every suitable one).")
    java.util.List<String> discoveryInterfaces = new java.util.ArrayList<>();

    // Hidden: tests and benchmarks cut a backfill into many pages to stop it between two of them.
    @Option(names = "--page-size", paramLabel = "N", hidden = true,
            description = "Records asked for per backfill page (default: the engine's, 10,000).")
    Integer pageSize;

    @Override
    public Integer call() throws Exception {
        if (!discovery.equals("on") && !discovery.equals("off")) {
            throw new TidemarkCli.UserException("--discovery takes on or off, not " + discovery);
        }
        if (pageSize != null && (pageSize < 1 || pageSize > LibraryStore.DEFAULT_PAGE_SIZE)) {
            throw new TidemarkCli.UserException("--page-size takes 1 to " + LibraryStore.DEFAULT_PAGE_SIZE + ", not " + pageSize);
        }
        java.net.InetSocketAddress listenAddress = NetworkArgs.parse(listen);
        Home home = cli.home();
        if (ControlClient.find(home).isPresent()) {
            throw new TidemarkCli.UserException("A Tidemark daemon already runs for " + home.dir());
        }
        // A daemon whose internal thread died of an Error (out of memory, say) would live on with parts of
        // it gone, its control API perhaps among them: nobody could control it. It ends instead, loudly.
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            if (failure instanceof Error) {
                System.err.println("tidemark: the daemon's thread " + thread.getName() + " died of " + failure
                        + "; the daemon stops. Start it again: it resumes from its last commit.");
                Runtime.getRuntime().halt(EXIT_INTERNAL_ERROR);
            }
            org.slf4j.LoggerFactory.getLogger(DaemonCommand.class).error("Thread {} failed", thread.getName(), failure);
        });
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tidemark-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = cli.spec.commandLine().getOut();
        try (Engine engine = pageSize == null ? Engine.open(home)
                : Engine.open(home, SyncEngine.Options.DEFAULT.withPageSize(pageSize))) {
            engine.startPublishing(500);
            try {
                engine.startNetwork(new Engine.NetworkOptions(listenAddress, discovery.equals("on"),
                        java.util.Set.copyOf(discoveryInterfaces), io.tidemark.engine.transport.PeerService.Timing.DEFAULT));
            } catch (java.net.BindException e) {
                throw new TidemarkCli.UserException("Cannot listen on " + listen + ": the port is in use (another daemon?). Use --listen.");
            }
            try (ControlServer control = ControlServer.start(engine, controlPort)) {
                out.printf("Tidemark daemon for %s (pid %d), device %s: peers on port %d, control API on 127.0.0.1:%d."
                                + " Stop with Ctrl-C or SIGTERM.%n",
                        home.dir(), ProcessHandle.current().pid(), engine.deviceIdentity().deviceId(), engine.peerPort(), control.port());
                out.flush();
                stop.await();
            }
            out.println("Tidemark daemon stopped.");
            out.flush();
        } finally {
            stopped.countDown();
        }
        return 0;
    }
}
