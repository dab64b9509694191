package org.timescalelab.ui.sweeps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.sweep.SweepDirectory;
import org.timescalelab.sweep.SweepProgress;
import org.timescalelab.sweep.SweepRow;
import org.timescalelab.sweep.SweepSpec;
import org.timescalelab.ui.fx.TaskRunner;

/** The Sweeps tab's model without a toolkit; the sweep runs on the test thread. */
class SweepsViewModelTest {

    static SessionConfig tiny() {
        return ConfigLoader.load(null, null, List.of("model.width=5", "task.sequenceLength=16", "task.lags=2,3",
                "task.coefficients=0.5,0.5", "training.batchSize=3", "task.validationSize=4", "engine.probeSize=2",
                "diagnostics.sequences=16", "diagnostics.envelopeSequences=4", "diagnostics.directions=2",
                "diagnostics.bootstrap=20", "diagnostics.gradientSamples=0", "training.learningRate=0.004"));
    }

    static SweepsViewModel model() {
        SweepsViewModel m = new SweepsViewModel(SweepsViewModelTest::tiny, TaskRunner.inline());
        m.stepsProperty().set("6");
        m.seedsProperty().set(2);
        m.parallelProperty().set(2);
        return m;
    }

    /** Between two finished runs the elapsed time counts up and the ETA down, once a second. */
    @Test
    void theStatusLineTicksBetweenRuns() {
        SweepsViewModel m = model();
        long[] now = {0};
        m.clock = () -> now[0];
        m.offer(new SweepProgress(1, 4, 0, 0, 10, 30, null));
        assertThat(m.drain()).isTrue();
        assertThat(m.statusProperty().get()).isEqualTo("run 1 of 4 · 0 failed · 0 diverged · 10\u00a0s · ETA\u00a030\u00a0s");
        now[0] = 500_000_000L;
        assertThat(m.drain()).as("not yet a second").isFalse();
        now[0] = 5_000_000_000L;
        assertThat(m.drain()).isTrue();
        assertThat(m.statusProperty().get()).isEqualTo("run 1 of 4 · 0 failed · 0 diverged · 15\u00a0s · ETA\u00a025\u00a0s");
        now[0] = 60_000_000_000L;
        m.drain();
        assertThat(m.statusProperty().get()).as("an ETA that has run out says 0").endsWith("70\u00a0s · ETA\u00a00\u00a0s");
    }

    @Test
    void typedAxesBecomeTheSameSweepAFileWouldGive() {
        SweepsViewModel m = model();
        m.axes().get(0).values.set("1e-4..1e-2/3 log");
        m.axes().get(1).values.set("1.5, 2");
        m.axes().add(new SweepsViewModel.AxisInput("model.architecture", "GRU, LSTM"));
        SweepSpec s = m.build();
        assertThat(s.axes()).extracting(SweepSpec.Axis::field)
                .containsExactly("training.learningRate", "noise.alpha", "model.architecture");
        assertThat(s.axes().get(0).numbers()[0]).isEqualTo(1e-4);
        assertThat(s.axes().get(0).numbers()[2]).isEqualTo(1e-2);
        assertThat(s.axes().get(1).values()).containsExactly("1.5", "2");
        assertThat(s.axes().get(2).values()).containsExactly("GRU", "LSTM");
        assertThat(s.base().training().steps()).isEqualTo(6);
        assertThat(s.base().model().width()).isEqualTo(5);
        assertThat(s.seeds()).containsExactly(0, 1);
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndNothingStarts(@TempDir Path tmp) {
        SweepsViewModel m = model();
        m.axes().get(1).values.set("1.5, 2.5");
        assertThat(m.start(tmp.resolve("s"))).contains("noise.alpha").contains("(1, 2]");
        assertThat(m.runningProperty().get()).isFalse();
        m.axes().get(1).values.set("1.5");
        m.axes().get(0).field.set("training.learningRat");
        assertThatThrownBy(m::build).hasMessageContaining("training.learningRat");
        m.axes().get(0).field.set("training.learningRate");
        m.stepsProperty().set("many");
        assertThat(m.start(tmp.resolve("s"))).contains("training.steps");
    }

    @Test
    void aSweepFillsTheRowsAndTheGridAndEveryRunCanBeOpened(@TempDir Path tmp) throws Exception {
        SweepsViewModel m = model();
        m.axes().get(0).values.set("0.001, 0.01");
        m.axes().get(1).values.set("1.5, 2");
        m.metricProperty().set("val_loss");
        assertThat(m.start(tmp.resolve("s"))).isNull();
        assertThat(m.drain()).isTrue();
        assertThat(m.runningProperty().get()).isFalse();
        assertThat(m.statusProperty().get()).startsWith("finished: 8 of 8 runs");
        assertThat(m.progressProperty().get()).isEqualTo(1.0);
        assertThat(m.rows()).hasSize(8).allMatch(r -> r.status().equals(SweepRow.OK));
        assertThat(m.gridProperty().get().mean()).hasDimensions(2, 2);
        assertThat(m.gridProperty().get().count()[1][1]).isEqualTo(2);
        assertThat(m.runDirectory(m.rows().get(5)).resolve("checkpoint")).isDirectory();
        assertThat(SweepDirectory.read(tmp.resolve("s")).rows()).isEqualTo(m.rows());
        m.metricProperty().set("beta_hat");
        m.regrid();
        assertThat(m.gridProperty().get().metric()).isEqualTo("beta_hat");

        SweepsViewModel viewer = model();
        assertThat(viewer.open(tmp.resolve("s"))).isNull();
        assertThat(viewer.rows()).isEqualTo(m.rows());
        assertThat(viewer.specProperty().get().toJson()).isEqualTo(m.specProperty().get().toJson());
        assertThat(viewer.runDirectory(viewer.rows().get(0))).isEqualTo(m.runDirectory(m.rows().get(0)));
        assertThat(viewer.open(tmp.resolve("nothing"))).contains("no sweep.json");
    }
}
