package io.tidemark.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.tidemark.engine.sync.SyncEngine;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine's layers, enforced (the app has its own rules): each package may use only the packages
 * below it. Stores know nothing of sync, transport or the API; the protocol knows nothing of stores;
 * the transport moves messages without reading a store; sync never reaches up into the API or the
 * CLI that drive it. A new dependency upward fails here, with the rule it breaks.
 */
class EngineLayersTest {
    private static final String ROOT = "io.tidemark.engine.";
    /** Every engine package, with the engine packages it may use. */
    private static final Map<String, List<String>> ALLOWED = Map.ofEntries(
            Map.entry("clock", List.of()),
            Map.entry("identity", List.of()),
            Map.entry("discovery", List.of()),
            Map.entry("model", List.of("clock")),
            Map.entry("store", List.of("clock", "model")),
            Map.entry("protocol", List.of("clock", "model")),
            Map.entry("transport", List.of("clock", "model", "identity", "protocol")),
            Map.entry("index", List.of("clock", "model", "store")),
            Map.entry("sync", List.of("clock", "model", "identity", "protocol", "store", "transport")),
            Map.entry("api", List.of("clock", "model", "identity", "protocol", "store", "transport", "discovery", "index", "sync")),
            Map.entry("cli", List.of("clock", "model", "identity", "protocol", "store", "transport", "discovery", "index", "sync",
                    "api")));

    private static JavaClasses engine;

    @BeforeAll
    static void importClasses() {
        engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.tidemark.engine");
        assertThat(engine.contain(SyncEngine.class)).isTrue();
    }

    static Stream<String> packages() {
        return ALLOWED.keySet().stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packages")
    void eachPackageUsesOnlyThePackagesBelowIt(String pkg) {
        List<String> forbidden = ALLOWED.keySet().stream()
                .filter(other -> !other.equals(pkg) && !ALLOWED.get(pkg).contains(other))
                .map(other -> ROOT + other + "..")
                .collect(Collectors.toList());
        assertThat(engine.stream().anyMatch(c -> c.getPackageName().startsWith(ROOT + pkg))).as("classes in " + pkg).isTrue();
        noClasses().that().resideInAPackage(ROOT + pkg + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                .because(pkg + " may use only " + (ALLOWED.get(pkg).isEmpty() ? "itself" : String.join(", ", ALLOWED.get(pkg))))
                .check(engine);
    }

    @Test
    void everyEnginePackageHasARule() {
        List<String> found = engine.stream().map(c -> c.getPackageName()).filter(p -> p.startsWith(ROOT))
                .map(p -> p.substring(ROOT.length()).split("\\.")[0]).distinct().toList();
        assertThat(ALLOWED.keySet()).as("a rule for every top-level engine package").containsAll(found);
    }
}
