package io.tidemark.app.common;

import java.net.URL;

/** Where the app's resources live in ui-resources. */
public final class Resources {
    /** The app's stylesheet, layered over the AtlantaFX theme. */
    public static final String STYLESHEET = "/io/tidemark/ui/tidemark.css";

    private Resources() {
    }

    /** The stylesheet's URL for {@code Scene.getStylesheets()}. */
    public static String stylesheet() {
        URL url = Resources.class.getResource(STYLESHEET);
        if (url == null) {
            throw new IllegalStateException(STYLESHEET + " is missing from the class path (module ui-resources)");
        }
        return url.toExternalForm();
    }
}
