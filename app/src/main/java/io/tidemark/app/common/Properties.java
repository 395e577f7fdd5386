package io.tidemark.app.common;

import javafx.beans.property.ReadOnlyStringWrapper;

/** Small helpers for view-model properties. */
public final class Properties {
    private Properties() {
    }

    /**
     * Sets {@code property} to {@code value} (null as empty) only if it differs, so a sampled snapshot
     * that did not change fires no listener and redraws nothing. Returns whether it changed.
     */
    public static boolean setIfChanged(ReadOnlyStringWrapper property, String value) {
        String v = value == null ? "" : value;
        if (v.equals(property.get())) {
            return false;
        }
        property.set(v);
        return true;
    }
}
