package io.tidemark.app.startup;

import io.tidemark.app.common.I18n;
import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import java.nio.file.Files;

/**
 * Opens the engine for the app: the home's library if it has one, else a new library so that the
 * first launch just works, named after this computer. Blocks on the stores: call off the FX thread.
 */
public final class EngineStarter {
    private EngineStarter() {
    }

    public static Engine openOrInit(Home home, String deviceName, I18n i18n) {
        if (Files.exists(home.libraryDb())) {
            return Engine.open(home);
        }
        return Engine.init(home, deviceName, i18n.tr("startup.defaultLibraryName", deviceName));
    }

    /** This computer's host name, or the bundle's name for an unnamed computer. */
    public static String defaultDeviceName(I18n i18n) {
        return HostName.local().orElseGet(() -> i18n.tr("startup.unknownDevice"));
    }
}
