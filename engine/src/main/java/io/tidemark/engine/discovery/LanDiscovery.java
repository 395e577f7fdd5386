package io.tidemark.engine.discovery;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces this device as {@value #SERVICE_TYPE} and finds other Tidemark devices on the LAN.
 *
 * <p>Runs one jmDNS instance per selected IPv4 address (see {@link InterfaceSelection}) because one
 * instance binds one address and the no-argument {@code JmDNS.create()} may pick a VPN or IPv6 address
 * and see nobody. Interfaces are re-scanned every {@link DiscoveryConfig#interfaceRefresh()} and
 * instances added or closed as addresses come and go (Wi-Fi joins, cable unplugged). What each
 * instance resolves is merged per device id, so a device reached over two interfaces is one device.
 *
 * <p>Threads (all daemon, all owned here): a lifecycle thread creates, registers and closes instances
 * (jmDNS blocks for seconds doing so); an event thread keeps the device table and calls the
 * {@link DiscoveryListener}; a resolver thread asks jmDNS for service details (that call waits up to
 * 200 ms); and a pool closes instances in parallel, since each close takes about two seconds. So
 * {@link #start()} returns at once, and {@link #closeAsync()} never blocks its caller — use it from a
 * UI thread; {@link #close()} waits, bounded.
 *
 * <p>jmDNS may report a service resolved before its TXT record has arrived; such a service is kept
 * pending and asked for again a few times rather than dropped or shown without an id. Announcements
 * carrying this device's own id (our own instances hear each other) are ignored.
 */
public final class LanDiscovery implements AutoCloseable {

    /** The DNS-SD service type every Tidemark device announces and browses. */
    public static final String SERVICE_TYPE = "_tidemark._tcp.local.";

    private static final Logger LOG = LoggerFactory.getLogger(LanDiscovery.class);
    /** Several parallel closes of ~2 s each, plus a registration that may still be in progress. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private static final Duration TXT_RETRY_DELAY = Duration.ofSeconds(1);
    private static final int TXT_RETRIES = 10;
    private static final long REQUEST_WAIT_MILLIS = 1;

    private final DiscoveryConfig config;
    private final DiscoveryListener listener;
    private final Supplier<List<InterfaceDescription>> interfaces;
    private final Clock clock;
    private final String instanceName;

    private final ScheduledExecutorService lifecycle = Executors.newSingleThreadScheduledExecutor(daemon("lifecycle"));
    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor(daemon("events"));
    private final ScheduledExecutorService resolver = Executors.newSingleThreadScheduledExecutor(daemon("resolver"));
    private final ExecutorService closers = Executors.newCachedThreadPool(daemon("close"));

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> closing = new CompletableFuture<>();

    /** Confined to the lifecycle thread. */
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private List<String> lastWarnings = List.of();
    /** Confined to the event thread. */
    private final DeviceTable table = new DeviceTable();
    /** Confined to the event thread: source + service -> TXT re-requests made so far. */
    private final Map<String, Integer> pending = new HashMap<>();

    private volatile List<DiscoveredDevice> devices = List.of();
    private volatile List<SelectedAddress> active = List.of();
    private volatile InterfaceSelection selection = new InterfaceSelection(List.of(), List.of());

    private record Instance(SelectedAddress address, JmDNS jmdns) {
    }

    /**
     * @param config what to announce and where
     * @param listener told of changes, on the discovery's event thread
     */
    public LanDiscovery(DiscoveryConfig config, DiscoveryListener listener) {
        this(config, listener, InterfaceDescription::fromSystem, Clock.systemUTC());
    }

    LanDiscovery(DiscoveryConfig config, DiscoveryListener listener,
            Supplier<List<InterfaceDescription>> interfaces, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.interfaces = Objects.requireNonNull(interfaces, "interfaces");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.instanceName = instanceName(config.deviceId());
    }

    /**
     * Starts announcing and browsing in the background: selects interfaces now and every
     * {@link DiscoveryConfig#interfaceRefresh()}. Returns at once.
     *
     * @throws IllegalStateException if already started or closed
     */
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("discovery is closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("discovery already started");
        }
        long period = config.interfaceRefresh().toMillis();
        lifecycle.scheduleWithFixedDelay(this::refreshInterfaces, 0, Math.max(1, period), TimeUnit.MILLISECONDS);
    }

    /** The devices currently seen, sorted by id, as last passed to the listener. */
    public List<DiscoveredDevice> devices() {
        return devices;
    }

    /** The addresses a jmDNS instance currently runs on. */
    public List<SelectedAddress> activeAddresses() {
        return active;
    }

    /** The latest interface selection, with its warnings (e.g. an unknown --discovery-interface name). */
    public InterfaceSelection selection() {
        return selection;
    }

    /**
     * Stops: unregisters and closes every jmDNS instance in parallel, then stops the threads. Never
     * blocks the caller; the future completes when done or after a bounded wait, whichever is first.
     * Calling it again returns the same future.
     */
    public CompletableFuture<Void> closeAsync() {
        if (!closed.compareAndSet(false, true)) {
            return closing;
        }
        try {
            lifecycle.execute(() -> {
                List<Instance> toClose = new ArrayList<>(instances.values());
                instances.clear();
                active = List.of();
                CompletableFuture<?>[] closes = toClose.stream()
                        .map(i -> CompletableFuture.runAsync(() -> closeInstance(i), closers))
                        .toArray(CompletableFuture[]::new);
                CompletableFuture.allOf(closes)
                        .orTimeout(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                        .whenComplete((ok, failure) -> {
                            if (failure != null) {
                                LOG.warn("mDNS instances did not all close within {}", CLOSE_WAIT);
                            }
                            shutdownThreads();
                            closing.complete(null);
                        });
            });
        } catch (RejectedExecutionException e) {
            shutdownThreads();
            closing.complete(null);
        }
        return closing;
    }

    /** Like {@link #closeAsync()} but waits for it, at most a bounded time. Not for the UI thread. */
    @Override
    public void close() {
        try {
            closeAsync().get(CLOSE_WAIT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("discovery did not close cleanly", e);
            shutdownThreads();
        }
    }

    /** The mDNS service instance name: the first 16 characters of the device id, dots replaced. */
    static String instanceName(String deviceId) {
        String prefix = deviceId.length() > 16 ? deviceId.substring(0, 16) : deviceId;
        return prefix.replace('.', '-');
    }

    /** Builds the announcement for one instance; a ServiceInfo cannot be shared between jmDNS instances. */
    static ServiceInfo serviceInfo(DiscoveryConfig config) {
        return ServiceInfo.create(SERVICE_TYPE, instanceName(config.deviceId()), config.port(), 0, 0,
                Announcement.txtProperties(config));
    }

    // ---- lifecycle thread ----

    private void refreshInterfaces() {
        if (closed.get()) {
            return;
        }
        try {
            InterfaceSelection chosen = InterfaceSelection.select(interfaces.get(), config.interfaceNames());
            selection = chosen;
            if (!chosen.warnings().equals(lastWarnings)) {
                chosen.warnings().forEach(w -> LOG.warn("discovery: {}", w));
                lastWarnings = chosen.warnings();
            }
            Map<String, SelectedAddress> wanted = new LinkedHashMap<>();
            chosen.addresses().forEach(a -> wanted.put(a.key(), a));
            for (String key : new ArrayList<>(instances.keySet())) {
                if (!wanted.containsKey(key)) {
                    Instance gone = instances.remove(key);
                    LOG.info("discovery: address {} went away, closing its mDNS instance", key);
                    closers.execute(() -> closeInstance(gone));
                    onEventThread(() -> {
                        pending.keySet().removeIf(k -> k.startsWith(key + " "));
                        if (table.sourceGone(key)) {
                            publish();
                        }
                    });
                }
            }
            for (SelectedAddress address : wanted.values()) {
                if (!instances.containsKey(address.key()) && !closed.get()) {
                    open(address);
                }
            }
            active = instances.values().stream().map(Instance::address).toList();
        } catch (RuntimeException | LinkageError e) {
            // caught so the periodic refresh keeps running: a thrown task would cancel it silently
            LOG.warn("discovery: interface refresh failed", e);
        }
    }

    private void open(SelectedAddress address) {
        JmDNS jmdns;
        try {
            jmdns = JmDNS.create(address.address(), "tidemark-" + instanceName.replaceAll("[^A-Za-z0-9]", ""));
        } catch (IOException | RuntimeException e) {
            LOG.warn("discovery: cannot start mDNS on {}", address.key(), e);
            return;
        }
        try {
            jmdns.addServiceListener(SERVICE_TYPE, new Listener(address.key(), jmdns));
            jmdns.registerService(serviceInfo(config));
            instances.put(address.key(), new Instance(address, jmdns));
            LOG.info("discovery: announcing {} on {}", SERVICE_TYPE, address.key());
        } catch (IOException | RuntimeException e) {
            LOG.warn("discovery: cannot announce on {}", address.key(), e);
            closers.execute(() -> closeInstance(new Instance(address, jmdns)));
        }
    }

    private static void closeInstance(Instance instance) {
        try {
            instance.jmdns().close(); // unregisters (sends goodbyes) first, then closes the socket
        } catch (IOException | RuntimeException e) {
            LOG.debug("discovery: closing mDNS on {}: {}", instance.address().key(), e.toString());
        }
    }

    private void shutdownThreads() {
        lifecycle.shutdownNow();
        events.shutdownNow();
        resolver.shutdownNow();
        closers.shutdown();
    }

    // ---- jmDNS threads hand over to the resolver and event threads ----

    private final class Listener implements ServiceListener {
        private final String source;
        private final JmDNS jmdns;

        Listener(String source, JmDNS jmdns) {
            this.source = source;
            this.jmdns = jmdns;
        }

        @Override
        public void serviceAdded(ServiceEvent event) {
            request(jmdns, event.getType(), event.getName(), Duration.ZERO);
        }

        @Override
        public void serviceRemoved(ServiceEvent event) {
            String service = serviceKey(event);
            onEventThread(() -> {
                pending.remove(source + " " + service);
                if (table.removed(source, service)) {
                    publish();
                }
            });
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            ServiceInfo info = event.getInfo();
            String type = event.getType();
            String name = event.getName();
            String service = serviceKey(event);
            onEventThread(() -> resolved(source, jmdns, type, name, service, info));
        }
    }

    private static String serviceKey(ServiceEvent event) {
        return (event.getName() + "." + event.getType()).toLowerCase(Locale.ROOT);
    }

    private void request(JmDNS jmdns, String type, String name, Duration delay) {
        if (closed.get()) {
            return;
        }
        try {
            resolver.schedule(logged(() -> {
                if (!closed.get()) {
                    jmdns.requestServiceInfo(type, name, REQUEST_WAIT_MILLIS);
                }
            }), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("discovery closing; not resolving {}", name);
        }
    }

    private void onEventThread(Runnable task) {
        if (closed.get()) {
            return;
        }
        try {
            events.execute(logged(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("discovery closing; event dropped");
        }
    }

    /** Scheduled executors keep a task's failure in its unread future; log it instead of losing it. */
    private static Runnable logged(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("discovery: task failed", e);
            }
        };
    }

    // ---- event thread ----

    private void resolved(String source, JmDNS jmdns, String type, String name, String service, ServiceInfo info) {
        String pendingKey = source + " " + service;
        Optional<Announcement> announcement = info == null ? Optional.<Announcement>empty()
                : Announcement.parse(info.getPropertyString(Announcement.ID_KEY),
                        info.getPropertyString(Announcement.PROTOCOL_VERSION_KEY));
        List<InetSocketAddress> addresses = new ArrayList<>();
        if (info != null) {
            for (Inet4Address a : info.getInet4Addresses()) {
                addresses.add(new InetSocketAddress(a, info.getPort()));
            }
        }
        if (announcement.isEmpty() || addresses.isEmpty() || info.getPort() <= 0) {
            int tries = pending.merge(pendingKey, 1, Integer::sum);
            if (tries <= TXT_RETRIES) {
                LOG.debug("discovery: {} resolved without id, version or address yet; asking again", name);
                request(jmdns, type, name, TXT_RETRY_DELAY);
            } else {
                LOG.debug("discovery: giving up on {}: no usable TXT record or address", name);
            }
            return;
        }
        pending.remove(pendingKey);
        if (announcement.get().deviceId().equals(config.deviceId())) {
            return;
        }
        if (table.resolved(source, service, announcement.get(), addresses, clock.instant())) {
            publish();
        }
    }

    private void publish() {
        devices = table.snapshot();
        try {
            listener.onChange(devices);
        } catch (RuntimeException e) {
            LOG.warn("discovery listener failed", e);
        }
    }

    private static ThreadFactory daemon(String role) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, "tidemark-discovery-" + role + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** For diagnostics: the configured interface names, or "all suitable". */
    @Override
    public String toString() {
        Set<String> names = config.interfaceNames();
        return "LanDiscovery[" + instanceName + " on " + (names.isEmpty() ? "all suitable interfaces" : names) + "]";
    }
}
