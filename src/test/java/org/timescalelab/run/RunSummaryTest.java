package org.timescalelab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.session.DiagnosticsReport;
import org.timescalelab.session.MetricsRow;
import org.timescalelab.session.SessionListener;
import org.timescalelab.session.SessionState;
import org.timescalelab.session.TrainingSession;
import org.timescalelab.session.TrainingSessionTest;
import org.timescalelab.sweep.Comparison;

/** What a comparison reads off a run: the envelope's decay and the window at a sample size, and their ordering. */
class RunSummaryTest {

    /** A run whose envelope is f(ℓ) = ℓ^{−β} on a log grid, with a window that steps up at N = 10³. */
    static RunSummary power(String label, double beta, double windowAt1e4) {
        double[] lags = {1, 2, 4, 8, 16, 64, 128};
        double[] f = new double[lags.length];
        for (int i = 0; i < lags.length; i++) {
            f[i] = 3 * Math.pow(lags[i], -beta);
        }
        double[] n = {10, 100, 1000, 10000, 100000};
        double[] h = {0, 0, 1, windowAt1e4, windowAt1e4 + 5};
        return new RunSummary(label, SessionConfig.defaults(), 100, 0.5, lags, f,
                new double[] {1, 2}, n, h, h, h, new boolean[5], "power", 1.5, 1, 2, 1.9, 1.8, 2.0,
                new double[] {50, 100}, new double[] {0.8, 0.5}, new long[] {100});
    }

    /** Log-log interpolation is exact for a power law: f(32)/f(1) = 32^{−β} between grid points 16 and 64. */
    @Test
    void theDecayAtALagIsExactForAPowerLaw() {
        RunSummary r = power("p", 0.7, 10);
        assertThat(r.decayAt(32)).isCloseTo(Math.pow(32, -0.7), offset(1e-12));
        assertThat(r.decayAt(16)).isCloseTo(Math.pow(16, -0.7), offset(1e-12));
        assertThat(r.decayAt(1000)).as("beyond the grid: cannot tell").isNaN();
    }

    /** f(ℓ)/f(1) of a power law is ℓ^{−β}; the survival function of n values is (n − 1 − i)/n at the i-th smallest. */
    @Test
    void theNormalisedEnvelopeAndTheSurvivalFunctionAreTheirDefinitions() {
        RunSummary r = power("p", 0.7, 10);
        double[][] f = r.normalisedEnvelope();
        assertThat(f[0]).containsExactly(1, 2, 4, 8, 16, 64, 128);
        for (int i = 0; i < f[0].length; i++) {
            assertThat(f[1][i]).isCloseTo(Math.pow(f[0][i], -0.7), offset(1e-12));
        }
        RunSummary spread = new RunSummary("s", r.config(), 1, 0, r.lags(), r.envelope(),
                new double[] {4, 1, 3, 2}, r.samples(), r.window(), r.windowLow(), r.windowHigh(), r.censored(), "power",
                1, 1, 1, 2, 2, 2, r.lossSteps(), r.losses(), r.passSteps());
        double[][] p = spread.survival();
        assertThat(p[0]).containsExactly(1, 2, 3);
        assertThat(p[1]).containsExactly(0.75, 0.5, 0.25);
    }

    /** H_N at N is the grid's last point at or below N. */
    @Test
    void theWindowAtNIsTheLastGridPointAtOrBelowN() {
        RunSummary r = power("p", 0.7, 12);
        assertThat(r.windowAt(1e4)[0]).isEqualTo(12);
        assertThat(r.windowAt(5e4)[0]).isEqualTo(12);
        assertThat(r.windowAt(5)[0]).isZero();
    }

    /** Slower decay with larger windows gives ρ = +1; the reverse, −1; two runs cannot tell. */
    @Test
    void theDecayWindowCorrelationHasTheTheorysSign() {
        List<RunSummary> agree = List.of(power("a", 1.5, 5), power("b", 1.0, 20), power("c", 0.5, 60));
        assertThat(Comparison.decayWindowCorrelation(agree, 1e4)).isCloseTo(1, offset(1e-12));
        List<RunSummary> disagree = List.of(power("a", 1.5, 60), power("b", 1.0, 20), power("c", 0.5, 5));
        assertThat(Comparison.decayWindowCorrelation(disagree, 1e4)).isCloseTo(-1, offset(1e-12));
        assertThat(Comparison.decayWindowCorrelation(agree.subList(0, 2), 1e4)).isNaN();
    }
    /**
     * A run's passes can be chosen by step (the Compare tab's alignment), and the live session's
     * summary from its report gives the numbers its saved files give.
     */
    @Test
    void aPassIsChosenByStepAndTheLiveSummaryMatchesTheSavedOne(@TempDir Path tmp) throws Exception {
        SessionConfig c = TrainingSessionTest.tiny("training.steps=15", "model.width=40", "diagnostics.every=5",
                "diagnostics.sequences=16", "diagnostics.envelopeSequences=4", "diagnostics.bootstrap=20");
        HeadlessRun.start(c, tmp, false).run(() -> false, p -> { });
        assertThat(RunSummary.passSteps(tmp)).containsExactly(5, 10, 15);
        assertThat(RunSummary.read(tmp, 11).step()).isEqualTo(10);
        assertThat(RunSummary.read(tmp, 2).step()).as("before the first pass: the first").isEqualTo(5);
        RunSummary latest = RunSummary.read(tmp);
        assertThat(latest.step()).isEqualTo(15);
        assertThat(latest.lossSteps()).containsExactly(5, 10, 15);
        assertThat(latest.validationLoss()).isEqualTo(latest.losses()[2]);

        List<DiagnosticsReport> reports = new ArrayList<>();
        List<MetricsRow> rows = new ArrayList<>();
        TrainingSession s = TrainingSession.create(c);
        s.addListener(new SessionListener() {
            @Override
            public void onDiagnostics(DiagnosticsReport r) {
                reports.add(r);
            }

            @Override
            public void onMetrics(MetricsRow r) {
                rows.add(r);
            }
        });
        s.start();
        while (s.runOnce() && s.state() == SessionState.RUNNING) {
            continue;
        }
        RunSummary live = RunSummary.of("live", c, reports.get(2), rows, new long[] {5, 10, 15});
        assertThat(latest.betaHat()).as("wide enough for a tail fit").isFinite();
        assertThat(live.betaHat()).isEqualTo(latest.betaHat());
        assertThat(live.alphaHat()).isEqualTo(latest.alphaHat());
        assertThat(live.window()).containsExactly(latest.window());
        assertThat(live.windowHigh()).containsExactly(latest.windowHigh());
        assertThat(live.envelopeClass()).isEqualTo(latest.envelopeClass());
        assertThat(live.tau()).containsExactly(latest.tau());
        assertThat(live.decayAt(4)).isEqualTo(latest.decayAt(4));
        assertThat(live.losses()).containsExactly(latest.losses());
    }
}
