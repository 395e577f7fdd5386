package io.tidemark.app.common;

import java.net.URL;

/** Where the app's resources live in ui-resources. */
public final class Resources {
    /** The app's icon, the one source image the installers' icons are made from too. */
    public static final String ICON = "/io/tidemark/ui/icon/tidemark.png";
    /** The app's stylesheet, layered over the AtlantaFX theme. */
    public static final String STYLESHEET = "/io/tidemark/ui/tidemark.css";

    private Resources() {
    }

    /** The stylesheet's URL for {@code Scene.getStylesheets()}. */
    public static String stylesheet() {
        return url(STYLESHEET);
    }

    /** The icon's URL, for a window's icons (the desktop scales it). */
    public static String icon() {
        return url(ICON);
    }

    private static String url(String resource) {
        URL url = Resources.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException(resource + " is missing from the class path (module ui-resources)");
        }
        return url.toExternalForm();
    }
}
