package org.timescalelab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package graph of STYLE.md, held as rules. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.timescalelab");
    }

    @Test
    void layersOnlyDependDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true)
                .layer("theory").definedBy("org.timescalelab.theory..")
                .layer("nn").definedBy("org.timescalelab.nn..")
                .layer("engine").definedBy("org.timescalelab.engine..")
                .layer("spark").definedBy("org.timescalelab.spark..")
                .layer("cli").definedBy("org.timescalelab.cli..")
                .layer("ui").definedBy("org.timescalelab.ui..")
                .layer("launcher").definedBy("org.timescalelab")
                .whereLayer("launcher").mayNotBeAccessedByAnyLayer()
                .whereLayer("cli").mayOnlyBeAccessedByLayers("launcher")
                .whereLayer("ui").mayOnlyBeAccessedByLayers("launcher", "cli")
                .whereLayer("spark").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("spark", "cli", "ui", "launcher")
                .whereLayer("nn").mayOnlyBeAccessedByLayers("engine", "spark", "cli", "ui", "launcher")
                .because("numerics sit below the engine, and the engine below the command line and the UI")
                .check(classes);
    }

    @Test
    void onlyTheUiImportsJavaFx() {
        noClasses().that().resideOutsideOfPackage("org.timescalelab.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .because("the numerics, the engine and the command line must run without a display")
                .check(classes);
    }

    @Test
    void onlyNnTouchesNd4j() {
        noClasses().that().resideOutsideOfPackage("org.timescalelab.nn..")
                .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.bytedeco..")
                .because("INDArray never leaves nn: everything else sees primitives and records")
                .check(classes);
    }

    @Test
    void onlyTheSparkPackageTouchesSpark() {
        noClasses().that().resideOutsideOfPackage("org.timescalelab.spark..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..")
                .because("Spark is provided by a cluster, not shipped with the app: nothing else may need it to load")
                .check(classes);
    }

    @Test
    void onlyTheCommandLineAndLauncherPrint() {
        noClasses().that().resideOutsideOfPackage("org.timescalelab.cli..")
                .and().doNotHaveFullyQualifiedName("org.timescalelab.Launcher")
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .because("output belongs to the command line; the rest reports through return values and listeners")
                .check(classes);
    }

    @Test
    void onlyTheEngineAndUiCreateThreads() {
        noClasses().that().resideOutsideOfPackages("org.timescalelab.engine..", "org.timescalelab.ui..")
                .and().haveNameNotMatching("org\\.timescalelab\\.nn\\.KernelThreads.*")
                .should().callConstructorWhere(com.tngtech.archunit.core.domain.JavaConstructorCall.Predicates
                        .target(com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With
                                .owner(com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo(Thread.class))))
                .because("a session's ND4J work runs on its one engine thread; the UI owns the FX seam; the recurrent "
                        + "kernels' helper threads (nn.KernelThreads) only ever run a pass's rows for the thread that waits for them")
                .check(classes);
    }
}
