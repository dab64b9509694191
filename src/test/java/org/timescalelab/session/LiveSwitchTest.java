package org.timescalelab.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.timescalelab.config.ConfigException;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.config.SessionConfig.Switch;

/** A task switched from the session's command API, as the window's "Switch task" does. */
class LiveSwitchTest {

    private static final Switch LONG = new Switch(1, new int[] {6, 8}, null, null);
    private static final Switch SHORT = new Switch(1, new int[] {2, 4}, null, null);

    /** Runs {@code s} to {@code step} steps (it has been started). */
    private static void runTo(TrainingSession s, long step) {
        while (s.step() < step && s.runOnce() && s.state() == SessionState.RUNNING) {
            continue;
        }
    }

    /** Switched live after steps 10 and 20, a run is the run whose config schedules those switches, bit for bit. */
    @Test
    void aLiveSwitchIsTheScheduledSwitchAtItsStep() {
        SessionConfig plain = TrainingSessionTest.tiny("training.steps=30");
        SessionConfig scheduled = plain.withSchedule(List.of(new Switch(10, new int[] {6, 8}, null, null),
                new Switch(20, new int[] {2, 4}, null, null)));
        TrainingSession straight = TrainingSession.create(scheduled);
        TrainingSessionTest.Recorder expected = TrainingSessionTest.runToEnd(straight);

        TrainingSession live = TrainingSession.create(plain);
        TrainingSessionTest.Recorder seen = new TrainingSessionTest.Recorder();
        live.addListener(seen);
        live.start();
        runTo(live, 10);
        live.switchTask(LONG);
        runTo(live, 20);
        live.switchTask(SHORT);
        runTo(live, 30);

        assertThat(live.learner().parameters()).containsExactly(straight.learner().parameters());
        assertThat(live.currentConfig()).isEqualTo(scheduled);
        assertThat(live.config()).as("the start config, which a reset returns to").isEqualTo(plain);
        assertThat(events(seen)).isEqualTo(events(expected));
        assertThat(losses(seen)).isEqualTo(losses(expected));
        assertThat(seen.rows.get(seen.rows.size() - 1).taskValLoss()).hasSize(3);
    }

    /** Enter in the field and then the button: the second switch at the same step is refused, the first kept. */
    @Test
    void aSecondSwitchAtTheSameStepIsRefused() {
        TrainingSession s = TrainingSession.create(TrainingSessionTest.tiny("training.steps=30"));
        TrainingSessionTest.Recorder seen = new TrainingSessionTest.Recorder();
        s.addListener(seen);
        s.start();
        runTo(s, 10);
        s.switchTask(LONG);
        s.switchTask(SHORT);
        runTo(s, 12);
        assertThat(s.currentConfig().task().schedule()).hasSize(1);
        assertThat(s.currentConfig().task().schedule().get(0).lags()).containsExactly(6, 8);
        assertThat(seen.events.stream().filter(e -> e.kind() == SessionEvent.Kind.TASK)).hasSize(1);
        assertThat(seen.events.stream().map(SessionEvent::label)).anyMatch(l -> l.contains("switched at step 10 already"));
    }

    /** A switch that names a lag beyond the sequence is refused on the caller's thread, naming the field. */
    @Test
    void anInvalidSwitchIsRefusedBeforeItIsQueued() {
        TrainingSession s = TrainingSession.create(TrainingSessionTest.tiny());
        assertThatThrownBy(() -> s.switchTask(new Switch(1, new int[] {2, 40}, null, null)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("task.lags = 40");
    }

    /** A reset returns to the start config: the live switches are gone, and the run starts on its first task. */
    @Test
    void aResetDropsTheLiveSwitches() {
        TrainingSession s = TrainingSession.create(TrainingSessionTest.tiny("training.steps=30"));
        s.start();
        runTo(s, 5);
        s.switchTask(LONG);
        runTo(s, 8);
        assertThat(s.currentConfig().task().schedule()).hasSize(1);
        s.reset();
        s.runOnce();
        assertThat(s.currentConfig().task().schedule()).isEmpty();
        assertThat(s.step()).isZero();
    }

    /** Each row's step, losses and every task's validation loss (all but the wall-clock speed). */
    private static List<String> losses(TrainingSessionTest.Recorder r) {
        return r.rows.stream().filter(m -> m.step() > 20)
                .map(m -> m.step() + " " + m.trainLoss() + " " + m.valLoss() + " " + java.util.Arrays.toString(m.taskValLoss()))
                .toList();
    }

    private static List<String> events(TrainingSessionTest.Recorder r) {
        return r.events.stream().filter(e -> e.kind() == SessionEvent.Kind.TASK).map(e -> e.step() + " " + e.label()).toList();
    }
}
