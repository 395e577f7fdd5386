package io.tidemark.engine.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The product's name, version, vendor and description, as the parent POM states them once for the
 * engine, the app and the installers ({@code app.properties}, filled in at build time). A class of
 * its own so {@code tidemark --version} needs nothing else loaded.
 */
public record AppInfo(String name, String version, String vendor, String description) {

    private static final AppInfo CURRENT = load();

    /** This build's. */
    public static AppInfo current() {
        return CURRENT;
    }

    private static AppInfo load() {
        Properties p = new Properties();
        try (InputStream in = AppInfo.class.getResourceAsStream("/io/tidemark/engine/app.properties")) {
            if (in == null) {
                throw new IllegalStateException("app.properties is missing from the engine's resources");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AppInfo(p.getProperty("name"), p.getProperty("version"), p.getProperty("vendor"), p.getProperty("description"));
    }
}
