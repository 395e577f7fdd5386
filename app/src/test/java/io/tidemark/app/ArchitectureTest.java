package io.tidemark.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.tidemark.engine.api.Engine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GUI-free logic, enforced: the engine never touches JavaFX or the app, view models hold state
 * without scene-graph classes, and the app's feature packages stay apart.
 */
class ArchitectureTest {
    private static JavaClasses engine;
    private static JavaClasses app;

    @BeforeAll
    static void importClasses() {
        ClassFileImporter importer = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS);
        engine = importer.importPackages("io.tidemark.engine");
        app = importer.importPackages("io.tidemark.app");
    }

    @Test
    void theEngineWasImported() {
        assertThat(engine.contain(Engine.class)).isTrue();
        assertThat(engine.size()).isGreaterThan(20);
    }

    @Test
    void engineDoesNotDependOnJavaFx() {
        noClasses().that().resideInAPackage("io.tidemark.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "com.sun.javafx..", "com.sun.glass..",
                        "atlantafx..", "org.kordamp.ikonli..")
                .because("the engine is headless: the daemon and the CLI run it without a toolkit")
                .check(engine);
    }

    @Test
    void engineDoesNotDependOnTheApp() {
        noClasses().that().resideInAPackage("io.tidemark.engine..")
                .should().dependOnClassesThat().resideInAPackage("io.tidemark.app..")
                .check(engine);
    }

    @Test
    void viewModelsHoldNoSceneGraph() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..",
                        "javafx.animation..", "javafx.application..", "atlantafx..", "org.kordamp.ikonli..")
                .because("view models are tested without a toolkit; the FX thread is passed in as an Executor")
                .check(app);
    }

    @Test
    void theAppUsesTheEnginesApiNotItsStores() {
        noClasses().that().resideInAPackage("io.tidemark.app..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tidemark.engine.store..", "java.sql..")
                .check(app);
    }

    @Test
    void sharedCodeDoesNotReachIntoFeatures() {
        noClasses().that().resideInAPackage("io.tidemark.app.common..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tidemark.app.overview..",
                        "io.tidemark.app.indexing..", "io.tidemark.app.startup..", "io.tidemark.app.devices..",
                        "io.tidemark.app.pairing..", "io.tidemark.app.peer..")
                .check(app);
    }

    @Test
    void featuresDoNotDependOnEachOther() {
        slices().matching("io.tidemark.app.(*)..").should().notDependOnEachOther()
                .ignoreDependency(com.tngtech.archunit.base.DescribedPredicate.alwaysTrue(),
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("io.tidemark.app.common.."))
                .check(app);
    }
}
