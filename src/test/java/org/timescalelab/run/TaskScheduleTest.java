package org.timescalelab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.timescalelab.config.ConfigException;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.nn.Learner;
import org.timescalelab.session.Forgetting;
import org.timescalelab.session.MetricsRow;
import org.timescalelab.session.SessionEvent;
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

    private static MetricsRow row(long step, double... losses) {
        return MetricsRow.of(step, 1, losses[0], 1e-3, 6, 2, 1, 1).withTaskLosses(losses);
    }
}
