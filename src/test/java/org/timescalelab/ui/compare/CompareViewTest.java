package org.timescalelab.ui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.timescalelab.nn.Backend;
import org.timescalelab.run.HeadlessRun;
import org.timescalelab.ui.chart.ChartPane;

/** The Compare tab on headless Monocle: saved runs overlaid on four charts and a table. */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class CompareViewTest {

    private static Path runs;
    private CompareModel model;

    /** ND4J first (the toolkit must not load its natives at the same time), then two tiny runs with a pass. */
    @BeforeAll
    static void trainTwoRuns() throws Exception {
        Backend.initialize();
        runs = Files.createTempDirectory("compare-view");
        for (String arch : new String[] {"DIAG_GATE", "GRU"}) {
            HeadlessRun.start(ConfigLoader.load(null, null, java.util.List.of("model.architecture=" + arch,
                    "model.width=6", "task.sequenceLength=12", "task.lags=2,4", "task.coefficients=0.6,0.4",
                    "training.batchSize=4", "task.validationSize=8", "engine.probeSize=2", "training.steps=4",
                    "diagnostics.every=4", "diagnostics.sequences=16", "diagnostics.envelopeSequences=4",
                    "diagnostics.bootstrap=50")), runs.resolve(arch), false).run(() -> false, p -> { });
        }
    }

    @Start
    void start(Stage stage) {
        model = new CompareModel();
        ChartPane.Actions none = new ChartPane.Actions() {
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
        };
        stage.setScene(new Scene(new CompareView(model, none), 1280, 720));
        stage.show();
    }

    private static <T> T onFx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    @Test
    void addedRunsAppearInEveryChartAndTheTable(FxRobot robot) throws Exception {
        assertThat(onFx(() -> model.addRun(runs.resolve("DIAG_GATE")))).isNull();
        assertThat(onFx(() -> model.addRun(runs.resolve("GRU")))).isNull();
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> table = robot.lookup("#compare-table").queryAs(TableView.class);
        assertThat(onFx(() -> table.getItems().size())).isEqualTo(2);
        for (String id : new String[] {"#compare-envelope", "#compare-window", "#compare-spectrum", "#compare-plane"}) {
            ChartPane pane = robot.lookup(id).queryAs(ChartPane.class);
            XYChart<?, ?> chart = onFx(() -> (XYChart<?, ?>) pane.lookup(".chart"));
            assertThat(onFx(() -> chart.getData().size())).as(id).isEqualTo(2);
            assertThat(onFx(() -> chart.getData().get(0).getName())).isEqualTo("DIAG_GATE");
        }
        assertThat(onFx(model::csv)).startsWith("run,architecture,optimizer").contains("GRU,GRU,ADAM");
        onFx(() -> {
            model.remove(model.runs().get(0));
            return null;
        });
        assertThat(onFx(() -> table.getItems().size())).isEqualTo(1);
    }

    @Test
    void aFolderWithoutRunsOrAFullComparisonIsRefusedWithAReason() throws Exception {
        assertThat(onFx(() -> model.addRun(runs.resolve("nowhere")))).contains("cannot compare").contains("nowhere");
        for (int i = 0; i < CompareModel.MAX_RUNS; i++) {
            assertThat(onFx(() -> model.addRun(runs.resolve("GRU")))).isNull();
        }
        assertThat(onFx(() -> model.addRun(runs.resolve("GRU")))).contains("at most 6");
        assertThat(onFx(() -> model.addSweep(runs))).contains("cannot compare the runs of");
    }
}
