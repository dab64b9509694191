package org.timescalelab.ui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javafx.scene.Scene;
import javafx.scene.chart.XYChart;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.nn.Backend;
import org.timescalelab.nn.OptimizerKind;
import org.timescalelab.run.HeadlessRun;
import org.timescalelab.run.RunSummary;
import org.timescalelab.ui.chart.ChartPane;
import org.timescalelab.ui.fx.TaskRunner;

/** The Compare tab on headless Monocle: runs overlaid on six charts and a table, aligned, and trained side by side. */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class CompareViewTest {

    private static Path runs;
    private CompareModel model;
    private CompareView view;
    private final List<String> problems = new ArrayList<>();

    /** A tiny run's config: four steps (or more), a pass every four. */
    static SessionConfig tiny(String arch, long steps) {
        return ConfigLoader.load(null, null, List.of("model.architecture=" + arch,
                "model.width=6", "task.sequenceLength=12", "task.lags=2,4", "task.coefficients=0.6,0.4",
                "training.batchSize=4", "task.validationSize=8", "engine.probeSize=2", "training.steps=" + steps,
                "training.validateEvery=4", "diagnostics.every=4", "diagnostics.sequences=16",
                "diagnostics.envelopeSequences=4", "diagnostics.bootstrap=50"));
    }

    /** ND4J first (the toolkit must not load its natives at the same time), then two tiny runs: 8 steps and 4. */
    @BeforeAll
    static void trainTwoRuns() throws Exception {
        Backend.initialize();
        runs = Files.createTempDirectory("compare-view");
        HeadlessRun.start(tiny("DIAG_GATE", 8), runs.resolve("DIAG_GATE"), false).run(() -> false, p -> { });
        HeadlessRun.start(tiny("GRU", 4), runs.resolve("GRU"), false).run(() -> false, p -> { });
    }

    @Start
    void start(Stage stage) {
        model = new CompareModel(TaskRunner.inline());
        CompareView.Host host = new CompareView.Host() {
            @Override
            public void toggleEnlarged(ChartPane pane) {
            }

            @Override
            public void exportPng(ChartPane pane) {
            }

            @Override
            public void exportCsv(ChartPane pane) {
            }

            @Override
            public void showHelp(ChartPane pane) {
            }

            @Override
            public RunSummary liveSession() {
                try {
                    return RunSummary.read(runs.resolve("GRU"), "live session");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public SessionConfig currentSettings() {
                return tiny("DIAG_GATE", 4);
            }

            @Override
            public Path newComparisonFolder() {
                return runs.resolve("side-by-side");
            }

            @Override
            public void exportPng(String name, javafx.scene.Node node) {
            }

            @Override
            public void exportCsv(String name, String csv) {
            }
        };
        view = new CompareView(model, host);
        stage.setScene(new Scene(view, 1280, 720));
        stage.show();
    }

    private static <T> T onFx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(60, TimeUnit.SECONDS);
    }

    private String add(Path dir) throws Exception {
        return onFx(() -> {
            String[] said = {"(nothing)"};
            model.addRun(dir, p -> said[0] = p);
            return said[0];
        });
    }

    private int series(FxRobot robot, String id) throws Exception {
        ChartPane pane = robot.lookup(id).queryAs(ChartPane.class);
        return onFx(() -> ((XYChart<?, ?>) pane.lookup(".chart")).getData().size());
    }

    @Test
    void addedRunsAppearInEveryChartAndTheTable(FxRobot robot) throws Exception {
        assertThat(add(runs.resolve("DIAG_GATE"))).isNull();
        assertThat(add(runs.resolve("GRU"))).isNull();
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> table = robot.lookup("#compare-table").queryAs(TableView.class);
        assertThat(onFx(() -> table.getItems().size())).isEqualTo(2);
        for (String id : new String[] {"#compare-loss", "#compare-envelope", "#compare-window", "#compare-spectrum",
            "#compare-plane", "#compare-claim"}) {
            assertThat(series(robot, id)).as(id).isEqualTo(2);
        }
        ChartPane loss = robot.lookup("#compare-loss").queryAs(ChartPane.class);
        assertThat(onFx(() -> ((XYChart<?, ?>) loss.lookup(".chart")).getData().get(0).getData().size()))
                .as("DIAG_GATE's validation losses at steps 4 and 8").isEqualTo(2);
        assertThat(onFx(model::csv)).startsWith("run,architecture,optimizer").contains("GRU,GRU,ADAM");
        ChartPane claim = robot.lookup("#compare-claim").queryAs(ChartPane.class);
        assertThat(onFx(() -> view.holds(claim))).isTrue();
        double small = onFx(claim::getHeight);
        robot.interact(() -> view.toggleEnlarged(claim));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(onFx(claim::getHeight)).as("enlarged to the chart area").isGreaterThan(1.5 * small);
        robot.interact(() -> view.toggleEnlarged(claim));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(series(robot, "#compare-loss")).as("the grid is back").isEqualTo(2);
        robot.interact(() -> ((javafx.scene.control.ButtonBase) robot.lookup("#compare-add-live").query()).fire());
        assertThat(onFx(() -> table.getItems().size())).isEqualTo(3);
        assertThat(onFx(() -> model.runs().get(2).label())).isEqualTo("live session");
        onFx(() -> {
            model.remove(model.runs().get(0));
            return null;
        });
        assertThat(onFx(() -> table.getItems().size())).isEqualTo(2);
    }

    /** Runs trained for 8 and 4 steps: each at its latest pass, or both at step 4 (same step, and same pass number). */
    @Test
    void runsAreAlignedByStepOrByPass() throws Exception {
        add(runs.resolve("DIAG_GATE"));
        add(runs.resolve("GRU"));
        assertThat(onFx(() -> model.runs().stream().map(RunSummary::step).toList())).containsExactly(8L, 4L);
        for (CompareModel.Alignment a : List.of(CompareModel.Alignment.SAME_STEP, CompareModel.Alignment.SAME_PASS)) {
            onFx(() -> {
                model.alignmentProperty().set(a);
                return null;
            });
            assertThat(onFx(() -> model.runs().stream().map(RunSummary::step).toList())).as(a.toString())
                    .containsExactly(4L, 4L);
        }
        assertThat(onFx(() -> model.statusProperty().get())).contains("aligned at pass 1");
        assertThat(onFx(() -> model.runs().get(0).passSteps())).containsExactly(4, 8);
    }

    @Test
    void aFolderWithoutRunsOrAFullComparisonIsRefusedWithAReason() throws Exception {
        assertThat(add(runs.resolve("nowhere"))).contains("cannot compare").contains("nowhere");
        assertThat(onFx(() -> model.runs().size())).as("the unreadable run is dropped").isZero();
        for (int i = 0; i < CompareModel.MAX_RUNS; i++) {
            assertThat(add(runs.resolve("GRU"))).isNull();
        }
        assertThat(add(runs.resolve("GRU"))).contains("at most 6");
        assertThat(onFx(() -> {
            String[] said = {null};
            model.addSweep(runs, p -> said[0] = p);
            return said[0];
        })).contains("cannot compare the runs of");
    }

    /** "Architectures side by side": five runs on one task, seeds and budget, trained and then shown. */
    @Test
    void theArchitecturesTrainSideBySideAndAreShown() throws Exception {
        Path out = Files.createTempDirectory("side-by-side").resolve("cmp");
        onFx(() -> {
            view.startSideBySide(out, tiny("DIAG_GATE", 4), List.of(OptimizerKind.ADAM), 4, 1);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(onFx(() -> model.runs().stream().map(RunSummary::label).toList())).containsExactly(
                "CONST_GATE", "SHARED_GATE", "DIAG_GATE", "GRU", "LSTM");
        assertThat(onFx(() -> model.trainingProperty().get())).isFalse();
        assertThat(out.resolve("sweep.csv")).exists();
    }
}
