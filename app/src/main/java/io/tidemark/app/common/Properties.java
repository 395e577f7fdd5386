package io.tidemark.app.common;

import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
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

    /** As {@link #setIfChanged(ReadOnlyStringWrapper, String)}, for a flag. */
    public static boolean setIfChanged(ReadOnlyBooleanWrapper property, boolean value) {
        if (property.get() == value) {
            return false;
        }
        property.set(value);
        return true;
    }

    /** As {@link #setIfChanged(ReadOnlyStringWrapper, String)}, for a number such as a progress fraction. */
    public static boolean setIfChanged(ReadOnlyDoubleWrapper property, double value) {
        if (Double.compare(property.get(), value) == 0) {
            return false;
        }
        property.set(value);
        return true;
    }

    /** As {@link #setIfChanged(ReadOnlyStringWrapper, String)}, for any value compared with equals. */
    public static <T> boolean setIfChanged(ReadOnlyObjectWrapper<T> property, T value) {
        if (Objects.equals(property.get(), value)) {
            return false;
        }
        property.set(value);
        return true;
    }
}
