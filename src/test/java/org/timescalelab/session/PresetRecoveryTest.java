package org.timescalelab.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.SessionConfig;

/**
 * The lecture's recovery path on every preset: η raised to 10 mid-run diverges, the run rolls back
 * to the step of the change, and "Lower learning rate ÷10 and resume" (the session commands the
 * banner's button sends) gets training going again with finite losses.
 */
class PresetRecoveryTest {

    static List<String> presets() {
        return ConfigLoader.presetNames();
    }

    @ParameterizedTest
    @MethodSource("presets")
    void etaTenDivergesAndDividingByTenRecovers(String preset) {
        SessionConfig c = ConfigLoader.load(preset, null, List.of("diagnostics.every=0"));
        TrainingSession s = TrainingSession.create(c);
        TrainingSessionTest.Recorder r = new TrainingSessionTest.Recorder();
        s.addListener(r);
        s.start();
        for (int i = 0; i < 20; i++) {
            s.runOnce();
        }
        s.setLearningRate(10);
        runWhileRunning(s, 400);
        assertThat(s.state()).isEqualTo(SessionState.DIVERGED);
        assertThat(s.step()).isEqualTo(20);

        double lr = 10;
        int clicks = 0;
        while (s.state() == SessionState.DIVERGED && clicks < 6) {
            lr /= 10;
            clicks++;
            s.setLearningRate(lr);
            s.start();
            runWhileRunning(s, 200);
        }
        assertThat(s.state()).as("%s after %d clicks", preset, clicks).isEqualTo(SessionState.RUNNING);
        assertThat(clicks).as("η = 1 may still diverge; η = 0.1 must not").isLessThanOrEqualTo(2);
        assertThat(s.step()).isEqualTo(220);
        assertThat(r.rows.get(r.rows.size() - 1).trainLoss()).isFinite();
    }

    private static void runWhileRunning(TrainingSession s, int steps) {
        s.runOnce();
        for (int i = 1; i < steps && s.state() == SessionState.RUNNING; i++) {
            s.runOnce();
        }
    }
}
