package io.tidemark.app.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.model.ResourceType;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every key the code uses exists in every bundle, and every bundle key is used; every translation
 * is a valid MessageFormat with the same arguments as the base. Keys are found the way they are
 * written: {@code tr("literal.key", ...)} in app/src/main/java, plus two display names (one, many) per resource type.
 */
class LocalizationConsistencyTest {
    private static final Pattern LITERAL_KEY = Pattern.compile("\\btr\\(\\s*\"([^\"]+)\"");
    /** Any call of tr(...), and whether its first argument starts as a string literal. */
    private static final Pattern ANY_CALL = Pattern.compile("\\btr\\(\\s*(\")?");
    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)");

    private static Path sources;
    private static Path bundles;

    @BeforeAll
    static void locate() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        sources = module.resolve("src/main/java");
        bundles = module.resolveSibling("ui-resources").resolve("src/main/resources/io/tidemark/ui/i18n");
        assertThat(sources).as("app sources").isDirectory();
        assertThat(bundles).as("bundles in ui-resources").isDirectory();
    }

    private static Set<String> keysUsedInCode() throws IOException {
        Set<String> keys = new TreeSet<>();
        for (ResourceType type : ResourceType.values()) {
            keys.add(I18n.resourceTypeKey(type));
            keys.add(I18n.resourceTypesKey(type));
        }
        for (Path file : javaFiles()) {
            Matcher m = LITERAL_KEY.matcher(Files.readString(file));
            while (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    private static List<Path> javaFiles() throws IOException {
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static Map<String, Properties> bundleFiles() throws IOException {
        Map<String, Properties> all = new TreeMap<>();
        try (Stream<Path> files = Files.list(bundles)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("messages(_\\w+)?\\.properties")).toList()) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                all.put(f.getFileName().toString(), p);
            }
        }
        return all;
    }

    @Test
    void everyTranslationCallUsesALiteralKey() throws IOException {
        List<String> dynamic = new ArrayList<>();
        for (Path file : javaFiles()) {
            if (file.getFileName().toString().equals("I18n.java")) {
                continue; // defines tr() and the computed keys, resourceTypeKey() and resourceTypesKey()
            }
            String text = Files.readString(file);
            Matcher any = ANY_CALL.matcher(text);
            while (any.find()) {
                if (any.group(1) == null) {
                    int line = (int) text.substring(0, any.start()).chars().filter(c -> c == '\n').count() + 1;
                    dynamic.add(sources.relativize(file) + ":" + line);
                }
            }
        }
        assertThat(dynamic).as("tr() calls whose key is not a string literal (the consistency check cannot see them)")
                .isEmpty();
    }

    @Test
    void everyKeyInUseIsInEveryBundleAndEveryBundleKeyIsInUse() throws IOException {
        Set<String> used = keysUsedInCode();
        Map<String, Properties> all = bundleFiles();
        assertThat(all).as("the base bundle and at least one translation").containsKey("messages.properties").hasSizeGreaterThan(1);
        for (Map.Entry<String, Properties> bundle : all.entrySet()) {
            Set<String> keys = bundle.getValue().stringPropertyNames();
            assertThat(new TreeSet<>(used)).as("keys used in code but missing from %s", bundle.getKey())
                    .isSubsetOf(keys);
            assertThat(new TreeSet<>(keys)).as("keys in %s that no code uses", bundle.getKey()).isSubsetOf(used);
        }
    }

    @Test
    void everyTranslationIsAValidPatternWithTheBasesArguments() throws IOException {
        Map<String, Properties> all = bundleFiles();
        Properties base = all.get("messages.properties");
        for (Map.Entry<String, Properties> bundle : all.entrySet()) {
            for (String key : bundle.getValue().stringPropertyNames()) {
                String value = bundle.getValue().getProperty(key);
                assertThat(value).as("%s in %s", key, bundle.getKey()).isNotBlank();
                new MessageFormat(value); // throws on a broken pattern
                assertThat(arguments(value)).as("arguments of %s in %s", key, bundle.getKey())
                        .isEqualTo(arguments(base.getProperty(key, "")));
            }
        }
    }

    @Test
    void supportedLocalesMatchTheBundleFiles() throws IOException {
        Set<String> files = bundleFiles().keySet();
        Set<String> expected = I18n.SUPPORTED.stream()
                .map(l -> l.equals(I18n.SUPPORTED.get(0)) ? "messages.properties" : "messages_" + l.getLanguage() + ".properties")
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(files).isEqualTo(expected);
        // Loaded through the class path the way the app loads them.
        assertThat(I18n.forLocale(Locale.GERMAN).tr("table.count")).isEqualTo("Anzahl");
        assertThat(I18n.forLocale(Locale.ENGLISH).tr("table.count")).isEqualTo("Count");
        assertThat(I18n.forLocale(Locale.JAPANESE).tr("table.count")).as("unknown locales fall back to English")
                .isEqualTo("Count");
    }

    private static Set<String> arguments(String pattern) {
        Set<String> args = new TreeSet<>();
        Matcher m = ARGUMENT.matcher(pattern.replace("''", ""));
        while (m.find()) {
            args.add(m.group(1));
        }
        return args;
    }
}
