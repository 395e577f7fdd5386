package io.tidemark.engine.discovery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A device for {@link LanDiscoveryNamespaceTest}, run in its own JVM inside a private network
 * namespace so that no mDNS packet can reach a real network.
 *
 * <p>Args: deviceId port interfaceName seconds expectedPeerId [barrierDir]. Announces, prints
 * {@code FOUND <id> <host:port,...>} on stdout for each device found (again if its addresses change),
 * and exits 0 once the expected peer is found, or 3 if it was not within the given seconds. With a
 * barrier directory it first writes {@code <deviceId>.found} there and keeps announcing until the
 * peer's file appears too (or time is up), so it does not leave before the peer has found it.
 * Refuses to run (exit 4) when any non-loopback interface is up: that means it is not isolated.
 */
public final class DiscoveryProbeMain {
    private DiscoveryProbeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: DiscoveryProbeMain deviceId port interface seconds expectedPeerId [barrierDir]");
            System.exit(2);
        }
        String self = args[0];
        int port = Integer.parseInt(args[1]);
        String iface = args[2];
        Instant deadline = Instant.now().plusSeconds(Long.parseLong(args[3]));
        String expected = args[4];
        Path barrier = args.length > 5 ? Path.of(args[5]) : null;

        List<String> exposed = InterfaceDescription.fromSystem().stream()
                .filter(i -> i.up() && !i.loopback()).map(InterfaceDescription::name).toList();
        if (!exposed.isEmpty()) {
            System.err.println("refusing to run mDNS outside a private network namespace; interfaces up: " + exposed);
            System.exit(4);
        }

        CountDownLatch found = new CountDownLatch(1);
        Map<String, List<InetSocketAddress>> printed = new HashMap<>();
        DiscoveryConfig config = new DiscoveryConfig(self, port, 1, Set.of(iface), Duration.ofSeconds(5));
        LanDiscovery discovery = new LanDiscovery(config, devices -> {
            for (DiscoveredDevice d : devices) {
                if (!d.addresses().equals(printed.put(d.deviceId(), d.addresses()))) {
                    System.out.println("FOUND " + d.deviceId() + " " + d.addresses().stream()
                            .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort())
                            .collect(Collectors.joining(",")));
                    System.out.flush();
                }
                if (d.deviceId().equals(expected)) {
                    found.countDown();
                }
            }
        });
        discovery.start();
        boolean ok = found.await(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        if (ok && barrier != null) {
            awaitPeer(barrier, self, expected, deadline);
        }
        if (!ok) {
            System.err.println("TIMEOUT: " + expected + " not found; selection " + discovery.selection());
        }
        long closeStart = System.nanoTime();
        discovery.close();
        System.err.println("closed in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeStart) + " ms");
        System.exit(ok ? 0 : 3);
    }

    private static void awaitPeer(Path barrier, String self, String peer, Instant deadline)
            throws IOException, InterruptedException {
        Path theirs = barrier.resolve(peer + ".found");
        // Watch before writing ours, so the peer's file cannot appear unnoticed in between.
        try (java.nio.file.WatchService watch = barrier.getFileSystem().newWatchService()) {
            barrier.register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
            Files.writeString(barrier.resolve(self + ".found"), "found " + peer + "\n");
            while (!Files.exists(theirs) && remainingMillis(deadline) > 0) {
                java.nio.file.WatchKey key = watch.poll(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
    }

    private static long remainingMillis(Instant deadline) {
        return Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
    }
}
