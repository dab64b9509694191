package org.timescalelab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package graph of STYLE.md and the README's package map, held as rules. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.timescalelab");
    }

    @Test
    void packagesOnlyDependDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true)
                .layer("theory").definedBy("org.timescalelab.theory..")
                .layer("style").definedBy("org.timescalelab.style..")
                .layer("work").definedBy("org.timescalelab.work..")
                .layer("nn").definedBy("org.timescalelab.nn..")
                .layer("config").definedBy("org.timescalelab.config..")
                .layer("session").definedBy("org.timescalelab.session..")
                .layer("run").definedBy("org.timescalelab.run..")
                .layer("sde").definedBy("org.timescalelab.sde..")
                .layer("sweep").definedBy("org.timescalelab.sweep..")
                .layer("report").definedBy("org.timescalelab.report..")
                .layer("spark").definedBy("org.timescalelab.spark..")
                .layer("ui").definedBy("org.timescalelab.ui..")
                .layer("cli").definedBy("org.timescalelab.cli..")
                .layer("launcher").definedBy("org.timescalelab")
                .whereLayer("launcher").mayNotBeAccessedByAnyLayer()
                .whereLayer("cli").mayOnlyBeAccessedByLayers("launcher")
                .whereLayer("ui").mayOnlyBeAccessedByLayers("launcher", "cli")
                .whereLayer("spark").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("report").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("sweep").mayOnlyBeAccessedByLayers("report", "spark", "ui", "cli")
                .whereLayer("sde").mayOnlyBeAccessedByLayers("ui", "cli")
                .whereLayer("run").mayOnlyBeAccessedByLayers("sde", "sweep", "report", "spark", "ui", "cli")
                .whereLayer("session").mayOnlyBeAccessedByLayers("run", "sweep", "report", "spark", "ui", "cli")
                .whereLayer("config").mayOnlyBeAccessedByLayers("session", "run", "sde", "sweep", "report", "spark", "ui",
                        "cli")
                .whereLayer("nn").mayOnlyBeAccessedByLayers("config", "session", "run", "sweep", "report", "spark", "ui",
                        "cli")
                .whereLayer("work").mayOnlyBeAccessedByLayers("session", "sde", "ui")
                .whereLayer("style").mayOnlyBeAccessedByLayers("report", "ui")
                .because("numerics at the bottom; configuration, then the session, its files, sweeps and the SDE lab "
                        + "above them; figures, the window and the command line on top. The window never draws the "
                        + "headless figures (report) and the figures never see the window")
                .check(classes);
    }

    @Test
    void theWindowsFeaturesDoNotKnowEachOther() {
        slices().matching("org.timescalelab.ui.(training|lab|sweeps|compare)..").should().notDependOnEachOther()
                .because("a tab is one feature: what two tabs share lives in ui.chart, ui.widget or ui.fx, and the app "
                        + "shell (ui) wires them together")
                .check(classes);
        noClasses().that().resideInAnyPackage("org.timescalelab.ui.chart..", "org.timescalelab.ui.widget..",
                        "org.timescalelab.ui.fx..", "org.timescalelab.ui.training..", "org.timescalelab.ui.lab..",
                        "org.timescalelab.ui.sweeps..", "org.timescalelab.ui.compare..")
                .should().dependOnClassesThat().resideInAPackage("org.timescalelab.ui")
                .because("the shell builds the tabs, not the other way round")
                .check(classes);
        noClasses().that().resideInAnyPackage("org.timescalelab.ui.chart..", "org.timescalelab.ui.widget..")
                .should().dependOnClassesThat().resideInAnyPackage("org.timescalelab.ui.fx..",
                        "org.timescalelab.ui.training..", "org.timescalelab.ui.lab..", "org.timescalelab.ui.sweeps..",
                        "org.timescalelab.ui.compare..")
                .because("charts and widgets draw what they are given; they neither run work nor know a feature")
                .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.timescalelab.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheUiImportsJavaFx() {
        noClasses().that().resideOutsideOfPackage("org.timescalelab.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .because("the numerics, the engine and the command line must run without a display")
                .check(classes);
    }

    @Test
    void onlyTheHeadlessFiguresDraw() {
        noClasses().that().resideOutsideOfPackage("org.timescalelab.report..")
                .and().doNotHaveFullyQualifiedName("org.timescalelab.ui.fx.Png")
                .should().dependOnClassesThat().resideInAnyPackage("java.awt..", "javax.imageio..", "org.jfree..")
                .because("PNG figures are JFreeChart's, in report; the window exports its snapshots through ui.fx.Png "
                        + "(JavaFX has no PNG encoder)")
                .check(classes);
    }

    @Test
    void onlyTheRunFilesParseCsv() {
        noClasses().that().resideOutsideOfPackages("org.timescalelab.run..", "org.timescalelab.sweep..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.commons.csv..")
                .because("every CSV goes through run.Csv's one format (sweep reads sweep.csv's records)")
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
    void threadsAreMadeByTheWorkModelOnly() {
        noClasses().that().resideOutsideOfPackage("org.timescalelab.work..")
                .and().haveNameNotMatching("org\\.timescalelab\\.nn\\.KernelThreads.*")
                .and().haveNameNotMatching("org\\.timescalelab\\.sweep\\.LocalSweep.*")
                .and().haveNameNotMatching("org\\.timescalelab\\.run\\.StopOnSignal.*")
                .should().callConstructorWhere(JavaConstructorCall.Predicates.target(
                        HasOwner.Predicates.With.owner(JavaClass.Predicates.assignableTo(Thread.class))))
                .because("background work runs on work.Worker (the session, the SDE lab, the window's tasks), which "
                        + "reports failures; the exceptions: the kernels' helper threads (nn.KernelThreads) only run a "
                        + "pass's rows for the thread that waits for them, a local sweep's pool runs its cells side by "
                        + "side, and a JVM shutdown hook (run.StopOnSignal) must be a Thread")
                .check(classes);
    }
}
