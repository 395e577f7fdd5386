package io.tidemark.app.common;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

/**
 * The look of the app: AtlantaFX's Primer Light as the user-agent stylesheet. tidemark.css builds on
 * the theme's looked-up colours ({@code -color-fg-muted}, ...), so apply the theme before showing
 * any Tidemark scene.
 */
public final class Theme {
    private Theme() {
    }

    /** Sets the theme for every window of the application. Call on the FX thread. */
    public static void apply() {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    }
}
