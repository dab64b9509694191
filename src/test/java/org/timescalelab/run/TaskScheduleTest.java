package org.timescalelab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.timescalelab.config.ConfigException;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.nn.Batch;
import org.timescalelab.nn.Learner;
import org.timescalelab.nn.LearnerState;
import org.timescalelab.nn.SequenceTask;
import org.timescalelab.session.Forgetting;
import org.timescalelab.session.MetricsRow;
import org.timescalelab.session.SessionCheckpoint;
import org.timescalelab.session.SessionEvent;
import org.timescalelab.session.TrainingSession;
import org.timescalelab.session.TrainingSessionTest;

/** Task schedules: switching tasks mid-run, measuring what is forgotten, and resuming across a switch. */
class TaskScheduleTest {

    /** A tiny run (lags 2, 4) that switches to lags 6, 8 after step {@code first} and back after {@code second}. */
    static SessionConfig scheduled(long first, long second, String... sets) {
        ObjectNode tree = ConfigLoader.MAPPER.valueToTree(TrainingSessionTest.tiny(sets));
        ObjectNode task = (ObjectNode) tree.get("task");
        task.putArray("schedule").addObject().put("at", first).set("lags", ConfigLoader.MAPPER.valueToTree(new int[] {6, 8}));
        ((ObjectNode) task.withArray("schedule").addObject().put("at", second))
                .set("lags", ConfigLoader.MAPPER.valueToTree(new int[] {2, 4}));
        return ConfigLoader.fromJson(ConfigLoader.toJson(tree));
    }

    @Test
    void aScheduleIsValidatedStageByStage() {
        assertThat(scheduled(5, 10).stages()).hasSize(3);
        assertThat(scheduled(5, 10).stages().get(1).lags()).containsExactly(6, 8);
        assertThat(scheduled(5, 10).stages().get(1).coefficients()).containsExactly(0.6, 0.4);
        assertThat(scheduled(5, 10).stageAt(4)).isZero();
        assertThat(scheduled(5, 10).stageAt(5)).isEqualTo(1);
        assertThat(scheduled(5, 10).stageAt(99)).isEqualTo(2);
        assertThatThrownBy(() -> scheduled(5, 5)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("task.schedule[1].at");
        ObjectNode tree = ConfigLoader.MAPPER.valueToTree(TrainingSessionTest.tiny());
        ((ObjectNode) ((ObjectNode) tree.get("task")).putArray("schedule").addObject().put("at", 3))
                .set("lags", ConfigLoader.MAPPER.valueToTree(new int[] {2, 40}));
        assertThatThrownBy(() -> ConfigLoader.fromJson(ConfigLoader.toJson(tree)))
                .hasMessageContaining("task.schedule[0]").hasMessageContaining("task.lags = 40");
    }

    /** Every stage sees the same validation inputs; only the targets change, so the losses differ. */
    @Test
    void stagesShareInputsAndDifferInTargets() {
        SessionConfig c = scheduled(5, 10);
        Learner l = Learner.create(c.learnerSpec());
        l.setStages(c.stages());
        double[] losses = l.stageValidationLosses();
        assertThat(losses).hasSize(3);
        assertThat(losses[2]).as("stage 2 is stage 0's task again").isEqualTo(losses[0]);
        assertThat(losses[1]).isNotEqualTo(losses[0]);
        l.switchTo(1);
        assertThat(l.validationLoss()).isEqualTo(losses[1]);
        assertThatThrownBy(() -> l.switchTo(3)).hasMessageContaining("no stage 3");
    }

    /** The run switches after the scheduled steps, records the switches, and measures every task at every validation. */
    @Test
    void aScheduledRunSwitchesRecordsAndMeasuresEveryTask(@TempDir Path tmp) throws Exception {
        SessionConfig c = scheduled(10, 20, "training.steps=30");
        HeadlessRun.start(c, tmp, false).run(() -> false, p -> { });
        RunDirectory dir = new RunDirectory(tmp);
        List<SessionEvent> switches = dir.readEvents().stream().filter(e -> e.kind() == SessionEvent.Kind.TASK).toList();
        assertThat(switches).extracting(SessionEvent::step).containsExactly(10L, 20L);
        assertThat(switches.get(0).label()).isEqualTo("task 2: lags 6,8");
        assertThat(Files.readAllLines(tmp.resolve("metrics.csv")).get(0))
                .endsWith(",val_loss_task_1,val_loss_task_2,val_loss_task_3");
        List<MetricsRow> rows = dir.readMetrics();
        MetricsRow at15 = rows.stream().filter(r -> r.step() == 15).findFirst().orElseThrow();
        assertThat(at15.valLoss()).as("the validation loss is the current (second) task's").isEqualTo(at15.taskValLoss()[1]);
        Forgetting f = Forgetting.of(c, rows);
        assertThat(f.stage()).isEqualTo(2);
        assertThat(Files.readAllLines(tmp.resolve("forgetting.csv"))).hasSize(1 + 3 + 1);
        assertThat(f.forgetting()[0]).isFinite();
        assertThat(f.bwt()).isFinite();
    }

    /** Stopped before a switch and resumed past it, a run ends with the same bits as one run straight through. */
    @Test
    void aRunResumedAcrossASwitchIsBitIdentical(@TempDir Path tmp) throws Exception {
        SessionConfig c = scheduled(10, 20, "training.steps=30", "engine.checkpointEvery=5");
        Path straight = tmp.resolve("straight");
        HeadlessRun.start(c, straight, false).run(() -> false, p -> { });
        Path split = tmp.resolve("split");
        HeadlessRun first = HeadlessRun.start(c.withSteps(8), split, false);
        first.run(() -> false, p -> { });
        HeadlessRun.resume(split, 30, List.of()).run(() -> false, p -> { });
        assertThat(Files.readAllBytes(split.resolve("checkpoint/parameters.npy")))
                .isEqualTo(Files.readAllBytes(straight.resolve("checkpoint/parameters.npy")));
        List<MetricsRow> a = new RunDirectory(straight).readMetrics();
        List<MetricsRow> b = new RunDirectory(split).readMetrics();
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).taskValLoss()).as("step %d", a.get(i).step()).containsExactly(a.get(i).taskValLoss());
            assertThat(b.get(i).trainLoss()).isEqualTo(a.get(i).trainLoss());
        }
        assertThat(new RunDirectory(split).readEvents().stream().filter(e -> e.kind() == SessionEvent.Kind.TASK)
                .map(SessionEvent::step).toList()).containsExactly(10L, 20L);
    }

    /**
     * A run saved after a live switch (as the window's Save run writes it) resumes headless across
     * the switch into the same bits as the run whose config scheduled it.
     */
    @Test
    void aRunSavedAfterALiveSwitchResumesAsTheScheduledRun(@TempDir Path tmp) throws Exception {
        SessionConfig plain = TrainingSessionTest.tiny("training.steps=30");
        TrainingSession live = TrainingSession.create(plain);
        live.start();
        while (live.step() < 10 && live.runOnce()) {
            continue;
        }
        live.switchTask(new SessionConfig.Switch(1, new int[] {6, 8}, null, null));
        while (live.step() < 15 && live.runOnce()) {
            continue;
        }
        SessionCheckpoint cp = live.checkpointNow();
        Path saved = tmp.resolve("saved");
        RunDirectory dir = RunDirectory.create(saved, true);
        dir.writeConfig(cp.config());
        dir.writeMetrics(List.of());
        dir.writeEvents(List.of());
        dir.writeCheckpoint(cp);
        HeadlessRun.resume(saved, 30, List.of()).run(() -> false, p -> { });
        Path straight = tmp.resolve("straight");
        HeadlessRun.start(plain.withSchedule(List.of(new SessionConfig.Switch(10, new int[] {6, 8}, null, null))), straight,
                false).run(() -> false, p -> { });
        assertThat(Files.readAllBytes(saved.resolve("checkpoint/parameters.npy")))
                .isEqualTo(Files.readAllBytes(straight.resolve("checkpoint/parameters.npy")));
        assertThat(new RunDirectory(saved).readConfig().task().schedule()).hasSize(1);
    }

    /** analyze on any pass of a scheduled run gives that pass again, on the task the run used then (old task at a switch step). */
    @Test
    void analyzeReproducesEveryPassOfAScheduledRun(@TempDir Path tmp) throws Exception {
        SessionConfig c = scheduled(10, 20, "training.steps=25", "engine.checkpointEvery=5", "diagnostics.every=5",
                "diagnostics.sequences=16", "diagnostics.envelopeSequences=4", "diagnostics.bootstrap=20");
        HeadlessRun.start(c, tmp, false).run(() -> false, p -> { });
        for (long step : new long[] {5, 10, 15, 20}) {
            Path pass = DiagnosticsWriter.folder(tmp, step);
            String envelope = Files.readString(pass.resolve("envelope.csv"));
            String window = Files.readString(pass.resolve("window.csv"));
            Analysis.analyze(tmp, step, List.of());
            assertThat(Files.readString(pass.resolve("envelope.csv"))).as("step %d", step).isEqualTo(envelope);
            assertThat(Files.readString(pass.resolve("window.csv"))).as("step %d", step).isEqualTo(window);
        }
    }

    /** A task switched in live adds a stage mid-run: metrics.csv gets every stage's column, earlier rows nan. */
    @Test
    void metricsFromBeforeALiveSwitchAreWrittenWithEmptyTaskColumns(@TempDir Path tmp) throws Exception {
        RunDirectory dir = RunDirectory.create(tmp, true);
        dir.writeMetrics(List.of(MetricsRow.of(5, 1, 0.5, 1e-3, 6, 2, 1, 1), row(10, 0.2, 0.9)));
        List<String> lines = Files.readAllLines(tmp.resolve("metrics.csv"));
        assertThat(lines.get(0)).endsWith(",val_loss_task_1,val_loss_task_2");
        assertThat(lines.get(1)).endsWith(",nan,nan");
        List<MetricsRow> back = dir.readMetrics();
        assertThat(back.get(1).taskValLoss()).containsExactly(0.2, 0.9);
        assertThat(back.get(0).taskValLoss()).containsExactly(Double.NaN, Double.NaN);
    }

    /**
     * A switch of the input scale (a nonstationary input): the stage draws the same inputs, scaled,
     * so the multi-lag target scales with them and its zero-output loss by the square.
     */
    @Test
    void anInputScaleSwitchScalesTheSameDraws() {
        SessionConfig c = ConfigLoader.withOverrides(TrainingSessionTest.tiny(),
                List.of("task.schedule=[{\"at\": 5, \"inputScale\": 3}]"));
        assertThat(c.stages().get(1).inputScale()).isEqualTo(3);
        assertThat(c.stageLabel(1)).isEqualTo("task 2: lags 2,4, inputs ×3.00");
        Batch one = SequenceTask.of(c.stages().get(0),
                RandomSource.XO_RO_SHI_RO_128_PP.create(7L)).generate(4,
                RandomSource.XO_RO_SHI_RO_128_PP.create(8L));
        Batch three = SequenceTask.of(c.stages().get(1),
                RandomSource.XO_RO_SHI_RO_128_PP.create(7L)).generate(4,
                RandomSource.XO_RO_SHI_RO_128_PP.create(8L));
        for (int i = 0; i < one.inputs().length; i++) {
            assertThat(three.inputs()[i]).isEqualTo(3 * one.inputs()[i]);
        }
        for (int i = 0; i < one.targets().length; i++) {
            assertThat(three.targets()[i]).isCloseTo(3 * one.targets()[i], offset(1e-12));
        }
        double[] u = Learner.untrainedLosses(c.learnerSpec(), c.stages());
        assertThat(u[1] / u[0]).isCloseTo(9, offset(1e-9));
        assertThatThrownBy(() -> ConfigLoader.withOverrides(c, List.of("task.schedule[0].inputScale=0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("task.schedule[0]").hasMessageContaining("inputScale");
        assertThatThrownBy(() -> ConfigLoader.withOverrides(TrainingSessionTest.tiny(), List.of("task.type=ADDING",
                "task.inputScale=2"))).isInstanceOf(ConfigException.class).hasMessageContaining("task.inputScale");
        assertThat(ConfigLoader.fromJson("{\"task\": {\"lags\": [2], \"coefficients\": [1]}}").task().inputScale())
                .as("a config written before the field").isEqualTo(1.0);
    }

    /** --set takes a whole schedule as a JSON list, and one switch's field by its index. */
    @Test
    void aScheduleIsSetOnTheCommandLine() {
        SessionConfig c = ConfigLoader.withOverrides(TrainingSessionTest.tiny(),
                List.of("task.schedule=[{\"at\": 5, \"lags\": [6, 8]}]"));
        assertThat(c.stages().get(1).lags()).containsExactly(6, 8);
        SessionConfig moved = ConfigLoader.withOverrides(c, List.of("task.schedule[0].at=7", "task.schedule[0].lags=2,8"));
        assertThat(moved.task().schedule().get(0).at()).isEqualTo(7);
        assertThat(moved.stages().get(1).lags()).containsExactly(2, 8);
        assertThatThrownBy(() -> ConfigLoader.withOverrides(c, List.of("task.schedule[3].at=7")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no entry 3");
        assertThatThrownBy(() -> ConfigLoader.withOverrides(c, List.of("task.schedule=[{\"at\": 5,")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("task.schedule").hasMessageContaining("JSON list");
    }

    /** The measures against hand-computed values on rows whose losses are known. */
    @Test
    void forgettingAndBackwardTransferFollowTheirDefinitions() {
        SessionConfig c = scheduled(10, 20);
        // Task losses per stage end: after stage 0 (step 10): [0.2, 0.9, 0.2]; after stage 1 (step 20):
        // [0.5, 0.3, 0.5]; now (step 25, stage 2): [0.4, 0.6, 0.4].
        List<MetricsRow> rows = List.of(row(10, 0.2, 0.9, 0.2), row(20, 0.5, 0.3, 0.5), row(25, 0.4, 0.6, 0.4));
        Forgetting f = Forgetting.of(c, rows);
        assertThat(f.stage()).isEqualTo(2);
        assertThat(f.learned()).containsExactly(0.2, 0.3, 0.4);
        assertThat(f.current()).containsExactly(0.4, 0.6, 0.4);
        // F_0 = 0.4 − min(0.2, 0.5) = 0.2; F_1 = 0.6 − min(0.3) = 0.3.
        assertThat(f.forgetting()[0]).isCloseTo(0.2, offset(1e-12));
        assertThat(f.forgetting()[1]).isCloseTo(0.3, offset(1e-12));
        assertThat(f.forgetting()[2]).isNaN();
        // BWT = ((0.2 − 0.4) + (0.3 − 0.6)) / 2 = −0.25.
        assertThat(f.bwt()).isCloseTo(-0.25, offset(1e-12));
    }

    /** A switch before the first logged row leaves nothing to measure the forgetting against: NaN, not −∞. */
    @Test
    void forgettingOfAStageWithoutARowIsUnknown() {
        SessionConfig c = scheduled(10, 20);
        Forgetting f = Forgetting.of(c, List.of(row(15, 0.5, 0.3, 0.5)));
        assertThat(f.stage()).isEqualTo(1);
        assertThat(f.learned()[0]).isNaN();
        assertThat(f.forgetting()[0]).isNaN();
        assertThat(f.bwt()).isNaN();
    }

    /** The breakdown step and the β̂ and H_N beside it, on rows whose losses and passes are known. */
    @Test
    void breakdownIsTheFirstCrossingOfTheHalfwayMark() {
        SessionConfig c = scheduled(10, 20);
        List<MetricsRow> rows = List.of(pass(row(5, 0.5, 0.9, 0.5), 1.5, 100), pass(row(10, 0.2, 0.9, 0.2), 1.6, 115),
                row(12, 0.4, 0.7, 0.4), row(14, 0.65, 0.5, 0.65), pass(row(15, 0.7, 0.4, 0.7), 3.1, 31),
                row(20, 0.8, 0.3, 0.8), row(25, 0.4, 0.6, 0.4));
        Forgetting f = Forgetting.of(c, rows, new double[] {1.0, 1.0, 1.0});
        assertThat(f.breakdowns()).hasSize(2);
        Forgetting.Breakdown first = f.breakdowns().get(0);
        // Task 1 learned 0.2 at step 10, untrained 1.0: halfway 0.6, first reached at step 14 (0.65).
        assertThat(first.threshold()).isCloseTo(0.6, offset(1e-12));
        assertThat(first.step()).isEqualTo(14);
        assertThat(new double[] {first.betaBefore(), first.windowBefore(), first.betaAt(), first.windowAt()})
                .containsExactly(1.6, 115, 3.1, 31);
        assertThat(first.describe()).isEqualTo("task 1 broke down at step 14: βˆ 1.60 → 3.10, H_N 115 → 31");
        // Task 2 learned 0.3 at step 20: halfway 0.65, and 0.6 at step 25 stays below it.
        assertThat(f.breakdowns().get(1).brokeDown()).isFalse();
        assertThat(Forgetting.of(c, rows, new double[] {0.1, 1.0, 1.0}).breakdowns().get(0).describe())
                .as("a loss never below the untrained one was never learned").isEqualTo("task 1 was never learned");
    }

    /** Untrained losses are those of a network that outputs zero: positive, and the same for the same task. */
    @Test
    void untrainedLossesAreThoseOfAZeroOutputNetwork() {
        SessionConfig c = scheduled(10, 20);
        double[] u = Learner.untrainedLosses(c.learnerSpec(), c.stages());
        assertThat(u).hasSize(3);
        assertThat(u[0]).isPositive().isEqualTo(u[2]);
        LearnerState s = Learner.create(c.learnerSpec()).state();
        Learner zero = Learner.restore(c.learnerSpec(), new LearnerState(s.width(), new double[s.parameters().length],
                s.firstMoment(), s.secondMoment(), s.optimizerSteps(), s.dataGenerator(), s.noiseGenerator(), s.resizeCount(),
                s.learningRate(), s.clipNorm(), s.alpha(), s.updateNoise(), s.labelNoise()));
        zero.setStages(c.stages());
        assertThat(zero.stageValidationLosses()).containsExactly(u, offset(1e-12));
    }

    private static MetricsRow pass(MetricsRow r, double beta, double window) {
        return new MetricsRow(r.step(), r.trainLoss(), r.valLoss(), r.learningRate(), r.width(), r.alpha(), r.gradNorm(),
                r.stepsPerSec(), window, "power", beta, 1.9, r.taskValLoss());
    }

    private static MetricsRow row(long step, double... losses) {
        return MetricsRow.of(step, 1, losses[0], 1e-3, 6, 2, 1, 1).withTaskLosses(losses);
    }
}
