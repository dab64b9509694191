package org.timescalelab.ui.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.session.MetricsRow;
import org.timescalelab.session.SessionEvent;
import org.timescalelab.session.SessionState;
import org.timescalelab.session.TrainingSession;
import org.timescalelab.ui.chart.SeriesBuffer;
import org.timescalelab.ui.fx.TaskRunner;

/** The presentation model without a toolkit: sessions driven synchronously on the test thread. */
class TrainingViewModelTest {

    final List<TrainingSession> sessions = new ArrayList<>();

    TrainingViewModel model(String... sets) {
        List<String> all = new ArrayList<>(List.of("model.width=6", "task.sequenceLength=12", "task.lags=2,4",
                "task.coefficients=0.6,0.4", "task.dim=2", "training.batchSize=4", "task.validationSize=8",
                "engine.probeSize=2", "diagnostics.sequences=16", "diagnostics.envelopeSequences=4",
                "diagnostics.bootstrap=20", "diagnostics.gradientSamples=0"));
        all.addAll(List.of(sets));
        return model(ConfigLoader.load(null, null, all));
    }

    TrainingViewModel model(SessionConfig c) {
        TrainingViewModel vm = new TrainingViewModel(config -> {
            TrainingSession s = TrainingSession.create(config);
            sessions.add(s);
            return s;
        }, checkpoint -> {
            TrainingSession s = TrainingSession.resume(checkpoint);
            sessions.add(s);
            return s;
        }, c);
        vm.startSession(false);
        return vm;
    }

    void pump(TrainingViewModel vm, int times) {
        TrainingSession s = sessions.get(sessions.size() - 1);
        for (int i = 0; i < times; i++) {
            s.runOnce();
        }
        vm.drain();
    }

    /** Under a task schedule the loss chart gets every task's validation curve, and the switch is an event. */
    @Test
    void aScheduledRunFillsOneValidationCurvePerTask() {
        com.fasterxml.jackson.databind.node.ObjectNode tree = ConfigLoader.MAPPER.valueToTree(
                model().configProperty().get().withSteps(0));
        ((com.fasterxml.jackson.databind.node.ObjectNode) ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("task"))
                .putArray("schedule").addObject().put("at", 10)).set("lags", ConfigLoader.MAPPER.valueToTree(new int[] {6, 8}));
        TrainingViewModel vm = model(ConfigLoader.fromJson(ConfigLoader.toJson(tree)).withSteps(0));
        pump(vm, 1);
        vm.start();
        pump(vm, 20);
        List<org.timescalelab.ui.chart.SeriesBuffer> tasks = vm.taskValidationLosses();
        assertThat(tasks).hasSize(2);
        assertThat(tasks.get(0).size()).isEqualTo(tasks.get(1).size()).isGreaterThanOrEqualTo(2);
        assertThat(vm.events()).extracting(SessionEvent::kind).contains(SessionEvent.Kind.TASK);
        assertThat(tasks.get(1).y(tasks.get(1).size() - 1)).isNotEqualTo(tasks.get(0).y(tasks.get(0).size() - 1));
    }

    /**
     * A live switch through the view model: the task label follows, the pass at the switch (taken
     * inline here) becomes the "before switch" reference, and the forgetting line and breakdown are
     * measured from the drawn rows.
     */
    @Test
    void switchTaskKeepsTheRegimeBeforeAndMeasuresWhatIsForgotten() {
        TrainingViewModel vm = model("diagnostics.every=50", "training.validateEvery=2");
        pump(vm, 1);
        vm.start();
        pump(vm, 8);
        assertThat(vm.currentTaskProperty().get()).isEqualTo("task 1: lags 2,4");
        assertThatThrownBy(() -> vm.switchTask("2,40", "")).hasMessageContaining("task.lags");
        assertThatThrownBy(() -> vm.switchTask("", "-1")).hasMessageContaining("task.inputScale");
        vm.switchTask("6,8", "2");
        pump(vm, 8);
        assertThat(vm.currentTaskProperty().get()).isEqualTo("task 2: lags 6,8, inputs ×2.00");
        assertThat(vm.switchStep()).isEqualTo(8);
        assertThat(vm.beforeSwitch()).as("the pass the switch took on the old task").isNotNull();
        assertThat(vm.beforeSwitch().step()).isEqualTo(8);
        assertThat(vm.forgetting().stage()).isEqualTo(1);
        assertThat(vm.breakdownsProperty().get()).startsWith("BWT ").contains(" F1 ").contains("task 1 ");
        assertThat(vm.taskValidationLosses()).hasSize(2);
        vm.reset();
        pump(vm, 1);
        assertThat(vm.currentTaskProperty().get()).isEqualTo("task 1: lags 2,4");
        assertThat(vm.breakdownsProperty().get()).isEmpty();
        assertThat(vm.beforeSwitch()).isNull();
    }

    @Test
    void startAdvancesTheStepAndFillsTheLossSeries() {
        TrainingViewModel vm = model();
        pump(vm, 1);
        assertThat(vm.loadingProperty().get()).isFalse();
        vm.start();
        pump(vm, 5);
        assertThat(vm.stepProperty().get()).isEqualTo(5);
        assertThat(vm.stateProperty().get()).isEqualTo(SessionState.RUNNING);
        assertThat(vm.rawLoss().size()).isEqualTo(5);
        assertThat(vm.rows()).extracting(MetricsRow::step).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void liveChangesReachTheSessionWithoutResettingTheStep() {
        TrainingViewModel vm = model();
        vm.start();
        pump(vm, 4);
        long before = vm.stepProperty().get();
        vm.setLearningRate(0.02);
        vm.setWidth(9);
        vm.setAlpha(1.4);
        pump(vm, 2);
        MetricsRow last = vm.rows().get(vm.rows().size() - 1);
        assertThat(last.learningRate()).isEqualTo(0.02);
        assertThat(last.width()).isEqualTo(9);
        assertThat(last.alpha()).isEqualTo(1.4);
        assertThat(vm.stepProperty().get()).isGreaterThan(before);
        assertThat(vm.events()).extracting(e -> e.label()).contains("H 6 → 9");
    }

    @Test
    void pauseStopsTheCounter() {
        TrainingViewModel vm = model();
        vm.start();
        pump(vm, 3);
        vm.pause();
        pump(vm, 3);
        long paused = vm.stepProperty().get();
        pump(vm, 5);
        assertThat(vm.stepProperty().get()).isEqualTo(paused);
        assertThat(vm.stateProperty().get()).isEqualTo(SessionState.PAUSED);
    }

    @Test
    void invalidValuesAreRefusedWithTheAllowedRange() {
        TrainingViewModel vm = model();
        assertThat(vm.validate("noise.alpha", "0.5")).contains("noise.alpha").contains("(1, 2]");
        assertThat(vm.validate("model.width", "abc")).contains("model.width").contains("not a number").contains("1..1024");
        assertThat(vm.validate("noise.alpha", "x")).contains("not a number").contains("(1, 2]");
        assertThat(vm.validate("training.learningRate", "-1")).contains("(0, 10]");
        assertThat(vm.validate("noise.alpha", "1.5")).isNull();
    }

    @Test
    void divergenceRollsTheChartsBackAndItsActionRecovers() {
        TrainingViewModel vm = model("training.optimizer=SGD", "engine.logEvery=1");
        vm.start();
        pump(vm, 12);
        long changedAt = vm.stepProperty().get();
        vm.setLearningRate(10);
        for (int i = 0; i < 500 && vm.stateProperty().get() != SessionState.DIVERGED; i++) {
            pump(vm, 1);
        }
        assertThat(vm.stateProperty().get()).isEqualTo(SessionState.DIVERGED);
        assertThat(vm.bannerProperty().get()).contains("rolled back to step " + changedAt);
        assertThat(vm.stepProperty().get()).isEqualTo(changedAt);
        assertThat(vm.rawLoss().x(vm.rawLoss().size() - 1)).isEqualTo(changedAt);

        int clicks = 0;
        while (clicks < 4) {
            vm.lowerLearningRateAndResume();
            clicks++;
            assertThat(vm.bannerProperty().get()).isEmpty();
            pump(vm, 1);
            for (int i = 1; i < 300 && vm.stateProperty().get() != SessionState.DIVERGED; i++) {
                pump(vm, 1);
            }
            if (vm.stateProperty().get() != SessionState.DIVERGED) {
                break;
            }
        }
        assertThat(vm.stateProperty().get()).isEqualTo(SessionState.RUNNING);
        assertThat(clicks).isLessThanOrEqualTo(2);
        assertThat(vm.stepProperty().get()).isEqualTo(changedAt + 300);
        assertThat(Double.isFinite(vm.rawLoss().y(vm.rawLoss().size() - 1))).isTrue();
    }

    @Test
    void diagnosticsReachThePhasePlaneAndTheResetClearsTheHistory() {
        TrainingViewModel vm = model("diagnostics.every=2");
        vm.start();
        pump(vm, 5);
        assertThat(vm.diagnostics()).isNotNull();
        assertThat(vm.diagnostics().lags()).hasSize(11);
        vm.reset();
        pump(vm, 1);
        assertThat(vm.rawLoss().size()).isLessThanOrEqualTo(1);
        assertThat(vm.diagnostics()).isNull();
    }

    @Test
    void seriesBufferStaysBoundedAndKeepsRecentDetail() {
        SeriesBuffer b = new SeriesBuffer(100);
        for (int i = 0; i < 10_000; i++) {
            b.add(i, Math.sin(i));
        }
        assertThat(b.size()).isLessThanOrEqualTo(100);
        assertThat(b.x(b.size() - 1)).isEqualTo(9999);
        assertThat(b.x(b.size() - 2)).isEqualTo(9998);
        assertThat(b.decimated(20)).hasSizeLessThanOrEqualTo(20);
    }

    @Test
    void aSavedRunOpensAtItsCheckpointWithItsMetricsAndContinues(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        TrainingViewModel vm = model();
        vm.start();
        pump(vm, 5);
        vm.setLearningRate(0.02);
        pump(vm, 2);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        vm.saveRun(tmp.resolve("run"), TaskRunner.inline(), failure::set);
        vm.pause();
        pump(vm, 1);
        assertThat(failure.get()).isNull();
        long savedStep = vm.stepProperty().get();
        List<MetricsRow> savedRows = List.copyOf(vm.rows());

        TrainingViewModel other = model();
        other.openRun(tmp.resolve("run"));
        pump(other, 1);
        assertThat(other.stepProperty().get()).isEqualTo(savedStep);
        assertThat(other.stateProperty().get()).isEqualTo(SessionState.READY);
        assertThat(other.rows()).isEqualTo(savedRows);
        assertThat(other.learningRateProperty().get()).isEqualTo(0.02);
        assertThat(other.diagnostics()).as("a pass of the opened parameters").isNotNull();
        assertThat(other.diagnostics().step()).isEqualTo(savedStep);
        other.start();
        pump(other, 3);
        assertThat(other.stepProperty().get()).isEqualTo(savedStep + 3);
        assertThat(other.rows().get(other.rows().size() - 1).step()).isEqualTo(savedStep + 3);
    }

    /** File → Save run keeps the diagnostics: the pass's folder, h_n in its row, and a summary Compare can read. */
    @Test
    void aSavedRunKeepsItsDiagnosticsPass(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        TrainingViewModel vm = model("diagnostics.every=2");
        vm.start();
        pump(vm, 3);
        vm.pause();
        pump(vm, 1);
        long passStep = vm.diagnostics().step();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        vm.saveRun(tmp.resolve("run"), TaskRunner.inline(), failure::set);
        pump(vm, 1);
        assertThat(failure.get()).isNull();
        java.nio.file.Path run = tmp.resolve("run");
        assertThat(run.resolve("diagnostics/step-" + passStep + "/summary.json")).exists();
        MetricsRow row = new org.timescalelab.run.RunDirectory(run).readMetrics().stream()
                .filter(r -> r.step() == passStep).findFirst().orElseThrow();
        assertThat(row.windowN()).as("h_n of the pass's row").isNotNaN();
        assertThat(org.timescalelab.run.RunSummary.read(run).step()).as("Compare reads it").isEqualTo(passStep);
    }

    /** A preset loaded after a long run starts at step 0 with its first task, not at the old step's. */
    @Test
    void aNewPresetStartsAtStepZeroWithItsFirstTask() {
        TrainingViewModel vm = model();
        vm.start();
        while (vm.stepProperty().get() <= 3000) {
            pump(vm, 200);
        }
        vm.pause();
        pump(vm, 1);
        vm.loadPreset("continual");
        assertThat(vm.stepProperty().get()).isZero();
        assertThat(vm.stepsPerSecondProperty().get()).isZero();
        assertThat(vm.currentTaskProperty().get()).as("continual's task at step 0").startsWith("task 1");
    }
}
