package io.tidemark.app.startup;

import io.tidemark.app.common.I18n;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import java.nio.file.Files;
import java.util.function.Supplier;

/**
 * Opens the engine for the app: the home's library if it has one, else a new library so that the
 * first launch just works, named after this computer. Blocks on the stores: call off the FX thread.
 */
public final class EngineStarter {
    private EngineStarter() {
    }

    public static Engine openOrInit(Home home, String deviceName, I18n i18n) {
        return openOrInit(home, () -> deviceName, i18n);
    }

    /** As {@link #openOrInit(Home, String, I18n)}, asking for the device's name only for a new library. */
    public static Engine openOrInit(Home home, Supplier<String> deviceName, I18n i18n) {
        if (Files.exists(home.libraryDb())) {
            return Engine.open(home);
        }
        String name = deviceName.get();
        return Engine.init(home, name, i18n.tr("startup.defaultLibraryName", name));
    }

    /** This computer's host name, or the bundle's name for an unnamed computer. */
    public static String defaultDeviceName(I18n i18n) {
        return HostName.local().orElseGet(() -> i18n.tr("startup.unknownDevice"));
    }

    /**
     * Joins the network as the options say. If the standard port is taken (a daemon of another home
     * runs, say), the app listens on any free port instead of failing: members find it by discovery
     * and by the addresses it tells them.
     */
    public static void startNetwork(Engine engine, LaunchOptions options) {
        java.net.InetSocketAddress listen = parseListen(options.listen());
        java.util.Set<String> interfaces = java.util.Set.copyOf(options.discoveryInterfaces());
        try {
            engine.startNetwork(new Engine.NetworkOptions(listen, options.discovery(), interfaces,
                    io.tidemark.engine.transport.PeerService.Timing.DEFAULT));
        } catch (java.net.BindException e) {
            try {
                engine.startNetwork(new Engine.NetworkOptions(new java.net.InetSocketAddress(listen.getAddress(), 0),
                        options.discovery(), interfaces, io.tidemark.engine.transport.PeerService.Timing.DEFAULT));
            } catch (java.io.IOException again) {
                throw new java.io.UncheckedIOException(again);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static java.net.InetSocketAddress parseListen(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--listen needs HOST:PORT, got " + hostPort);
        }
        return new java.net.InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
