package org.timescalelab.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.SessionConfig;

/** The session driven synchronously on the test thread, with tiny models and a fake clock. */
public class TrainingSessionTest {

    public static SessionConfig tiny(String... sets) {
        List<String> all = new ArrayList<>(List.of("model.width=6", "task.sequenceLength=12", "task.lags=2,4",
                "task.coefficients=0.6,0.4", "task.dim=2", "training.batchSize=4", "task.validationSize=8",
                "training.steps=20", "engine.probeSize=2", "training.validateEvery=5", "model.dtype=FLOAT64"));
        all.addAll(List.of(sets));
        return ConfigLoader.load(null, null, all);
    }

    static final class Recorder implements SessionListener {
        final List<MetricsRow> rows = new ArrayList<>();
        final List<SessionEvent> events = new ArrayList<>();
        final List<SessionSnapshot> snapshots = new ArrayList<>();

        @Override
        public void onMetrics(MetricsRow row) {
            rows.add(row);
        }

        @Override
        public void onEvent(SessionEvent event) {
            events.add(event);
        }

        @Override
        public void onSnapshot(SessionSnapshot snapshot) {
            snapshots.add(snapshot);
        }
    }

    static Recorder runToEnd(TrainingSession s) {
        Recorder r = new Recorder();
        s.addListener(r);
        s.start();
        int guard = 0;
        while (s.runOnce() && guard++ < 10_000) {
            if (s.state() != SessionState.RUNNING && s.state() != SessionState.READY) {
                break;
            }
        }
        return r;
    }

    @Test
    void runsToTheStepLimitAndFinishes() {
        TrainingSession s = TrainingSession.create(tiny());
        Recorder r = runToEnd(s);
        assertThat(s.state()).isEqualTo(SessionState.FINISHED);
        assertThat(r.rows).hasSize(20);
        assertThat(r.rows.get(19).step()).isEqualTo(20);
        assertThat(r.rows.get(4).valLoss()).isFinite();
        assertThat(r.rows.get(3).valLoss()).isNaN();
    }

    @Test
    void twoRunsWithTheSameConfigGiveBitIdenticalMetrics() {
        Recorder a = runToEnd(TrainingSession.create(tiny("noise.updateScale=0.5", "noise.alpha=1.4")));
        Recorder b = runToEnd(TrainingSession.create(tiny("noise.updateScale=0.5", "noise.alpha=1.4")));
        assertThat(a.rows).hasSameSizeAs(b.rows);
        for (int i = 0; i < a.rows.size(); i++) {
            MetricsRow x = a.rows.get(i);
            MetricsRow y = b.rows.get(i);
            assertThat(new double[] {x.trainLoss(), x.valLoss(), x.gradNorm()})
                    .isEqualTo(new double[] {y.trainLoss(), y.valLoss(), y.gradNorm()});
        }
    }

    @Test
    void liveChangesApplyFromTheNextStepWithoutReset() {
        TrainingSession s = TrainingSession.create(tiny("training.steps=0"));
        Recorder r = new Recorder();
        s.addListener(r);
        s.start();
        for (int i = 0; i < 4; i++) {
            s.runOnce();
        }
        s.setLearningRate(0.02);
        s.setAlpha(1.3);
        s.setWidth(9);
        s.runOnce();
        MetricsRow last = r.rows.get(r.rows.size() - 1);
        assertThat(last.learningRate()).isEqualTo(0.02);
        assertThat(last.alpha()).isEqualTo(1.3);
        assertThat(last.width()).isEqualTo(9);
        assertThat(last.step()).isEqualTo(r.rows.get(r.rows.size() - 2).step() + 1);
        assertThat(r.events).extracting(SessionEvent::label)
                .contains("lr 0.00100 → 0.0200", "α 2.00 → 1.30", "H 6 → 9");
    }

    @Test
    void pauseStopsAndStepTakesExactlyOne() {
        TrainingSession s = TrainingSession.create(tiny("training.steps=0"));
        Recorder r = new Recorder();
        s.addListener(r);
        s.start();
        s.runOnce();
        s.runOnce();
        s.pause();
        s.runOnce();
        int after = r.rows.size();
        assertThat(s.runOnce()).isFalse();
        assertThat(r.rows).hasSize(after);
        assertThat(s.state()).isEqualTo(SessionState.PAUSED);
        s.stepOnce();
        s.runOnce();
        assertThat(r.rows).hasSize(after + 1);
        assertThat(s.state()).isEqualTo(SessionState.PAUSED);
    }

    @Test
    void resetReplaysTheSameRun() {
        TrainingSession s = TrainingSession.create(tiny("training.steps=0"));
        Recorder r = new Recorder();
        s.addListener(r);
        s.start();
        for (int i = 0; i < 3; i++) {
            s.runOnce();
        }
        List<MetricsRow> first = List.copyOf(r.rows);
        s.setLearningRate(0.5);
        s.reset();
        s.start();
        r.rows.clear();
        for (int i = 0; i < 3; i++) {
            s.runOnce();
        }
        assertThat(r.rows).extracting(MetricsRow::trainLoss).isEqualTo(first.stream().map(MetricsRow::trainLoss).toList());
    }

    @Test
    void divergenceRollsBackToBeforeTheChangeThatCausedIt() {
        TrainingSession s = TrainingSession.create(tiny("training.steps=0", "training.optimizer=SGD"));
        Recorder r = new Recorder();
        s.addListener(r);
        s.start();
        for (int i = 0; i < 13; i++) {
            s.runOnce();
        }
        long changedAt = s.step();
        s.setLearningRate(10);
        int guard = 0;
        while (s.state() == SessionState.RUNNING && guard++ < 200) {
            s.runOnce();
        }
        assertThat(s.state()).isEqualTo(SessionState.DIVERGED);
        SessionSnapshot last = r.snapshots.get(r.snapshots.size() - 1);
        assertThat(last.step()).isEqualTo(changedAt);
        assertThat(last.message()).containsAnyOf("became", "above 1000× the loss of a network that outputs zero")
                .contains("after the learning rate was raised to 10.0")
                .contains("rolled back to step " + changedAt + " (before the learning rate change at step " + changedAt)
                .contains("lower the learning rate");
        assertThat(r.events.get(r.events.size() - 1).kind()).isEqualTo(SessionEvent.Kind.DIVERGED);
        assertThat(r.events.get(r.events.size() - 1).step()).isEqualTo(changedAt);

        // The rolled-back state is the run at that step, generators and optimizer included.
        TrainingSession plain = TrainingSession.create(tiny("training.steps=" + changedAt, "training.optimizer=SGD"));
        runToEnd(plain);
        org.timescalelab.nn.LearnerState back = s.learner().state();
        org.timescalelab.nn.LearnerState fresh = plain.learner().state();
        assertThat(back.parameters()).isEqualTo(fresh.parameters());
        assertThat(back.firstMoment()).isEqualTo(fresh.firstMoment());
        assertThat(back.optimizerSteps()).isEqualTo(fresh.optimizerSteps());
        assertThat(back.dataGenerator()).isEqualTo(fresh.dataGenerator());
        assertThat(back.noiseGenerator()).isEqualTo(fresh.noiseGenerator());
        assertThat(back.learningRate()).isEqualTo(10);

        s.setLearningRate(0.1);
        s.start();
        for (int i = 0; i < 50; i++) {
            s.runOnce();
        }
        assertThat(s.state()).isEqualTo(SessionState.RUNNING);
        assertThat(s.step()).isEqualTo(changedAt + 50);
    }

    @Test
    void commandsRejectBadValuesAtOnce() {
        TrainingSession s = TrainingSession.create(tiny());
        assertThatThrownBy(() -> s.setLearningRate(-1)).hasMessageContaining("training.learningRate");
        assertThatThrownBy(() -> s.setAlpha(1.0)).hasMessageContaining("noise.alpha");
        assertThatThrownBy(() -> s.setWidth(0)).hasMessageContaining("model.width");
        assertThatThrownBy(() -> s.setUpdateNoise(Double.NaN)).hasMessageContaining("noise.updateScale");
    }

    /**
     * A listener added after the session built itself (and published to nobody) still gets the
     * state: the window's "open run" waited forever for the first snapshot when the engine thread
     * won that race.
     */
    @Test
    void aListenerAddedAfterTheBuildGetsTheStateNow() {
        TrainingSession s = TrainingSession.create(tiny());
        s.runOnce();
        Recorder r = new Recorder();
        s.addListener(r);
        s.runOnce();
        assertThat(r.snapshots).hasSize(1);
        assertThat(r.snapshots.get(0).state()).isEqualTo(SessionState.READY);
    }

    @Test
    void snapshotsAreRateLimitedByTheClock() {
        AtomicLong now = new AtomicLong(1);
        TrainingSession s = TrainingSession.create(tiny("training.steps=0", "engine.snapshotsPerSecond=10"), now::get);
        Recorder r = new Recorder();
        s.addListener(r);
        s.start();
        s.runOnce();
        int base = r.snapshots.size();
        for (int i = 0; i < 5; i++) {
            s.runOnce();
        }
        assertThat(r.snapshots).hasSize(base);
        now.addAndGet(200_000_000L);
        s.runOnce();
        assertThat(r.snapshots).hasSize(base + 1);
        SessionSnapshot last = r.snapshots.get(r.snapshots.size() - 1);
        assertThat(last.meanGates()).hasSize(6);
        assertThat(last.gateMatrix()).hasSize(12 * 6);
    }

    @Test
    void checkpointCapturesStateBetweenSteps() {
        TrainingSession s = TrainingSession.create(tiny("training.steps=0"));
        s.start();
        s.runOnce();
        s.runOnce();
        AtomicReference<SessionCheckpoint> cp = new AtomicReference<>();
        s.requestCheckpoint(cp::set);
        s.runOnce();
        assertThat(cp.get().step()).isEqualTo(2);
        assertThat(cp.get().learner().parameters()).isNotEmpty();
    }

    @Test
    void launchedSessionTrainsOnItsOwnThreadAndStops() throws Exception {
        TrainingSession s = TrainingSession.create(tiny("training.steps=0"));
        java.util.concurrent.CountDownLatch fiveSteps = new java.util.concurrent.CountDownLatch(5);
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        s.addListener(new SessionListener() {
            @Override
            public void onMetrics(MetricsRow row) {
                threads.add(Thread.currentThread().getName());
                fiveSteps.countDown();
            }
        });
        s.launch();
        s.start();
        assertThat(fiveSteps.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        s.stop();
        assertThat(s.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(s.state()).isEqualTo(SessionState.STOPPED);
        assertThat(threads).containsExactly("timescale-engine");
    }
}
