package io.tidemark.app.common;

import io.tidemark.engine.model.ResourceType;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.ResourceBundle;

/**
 * The app's translated strings, from {@code /io/tidemark/ui/i18n/messages*.properties} in
 * ui-resources. Every value is a {@link MessageFormat} pattern. Code asks for a string with a literal
 * key, {@code i18n.tr("table.count")}, so LocalizationConsistencyTest can find every key in use.
 */
public final class I18n {

    /** The bundle's base name. */
    public static final String BUNDLE = "io.tidemark.ui.i18n.messages";

    /** The locales a bundle exists for; the first is the base bundle's language. */
    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.GERMAN);

    private final ResourceBundle bundle;
    private final Locale locale;

    private I18n(ResourceBundle bundle, Locale locale) {
        this.bundle = bundle;
        this.locale = locale;
    }

    /**
     * The strings for {@code locale}, falling back to the base (English) bundle, never to the
     * machine's default locale: a test asking for English gets English on a German machine.
     */
    public static I18n forLocale(Locale locale) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        return new I18n(bundle, locale);
    }

    public Locale locale() {
        return locale;
    }

    /** The string for {@code key}, with {@code args} filled in. A missing key shows as {@code !key!}. */
    public String tr(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(Objects.requireNonNull(key, "key"));
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
        return new MessageFormat(pattern, locale).format(args);
    }

    /** The display name of a resource type (key {@code resourceType.<wire name>}). */
    public String resourceType(ResourceType type) {
        return tr(resourceTypeKey(type));
    }

    /** The key of a resource type's display name; every type has one in every bundle. */
    public static String resourceTypeKey(ResourceType type) {
        return "resourceType." + type.wireName();
    }

    /** The plural of a resource type's name, capitalized to begin a line: "Entries" (key {@code resourceTypes.<wire name>}). */
    public String resourceTypes(ResourceType type) {
        return tr(resourceTypesKey(type));
    }

    /** The key of a resource type's plural name; every type has one in every bundle. */
    public static String resourceTypesKey(ResourceType type) {
        return "resourceTypes." + type.wireName();
    }
}
