package org.timescalelab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

/** The closed forms of each decay class (docs/envelope-and-window.md) against a grid search of the window and the growth laws. */
class DecayLawTest {

    private static final double EPS = Learnability.DEFAULT_THRESHOLD;

    @Test
    void closedFormWindowEqualsTheGridSearchOverMinimalSamples() {
        double[] lags = new double[20_000];
        for (int i = 0; i < lags.length; i++) {
            lags[i] = Math.pow(10, 6.0 * i / (lags.length - 1));
        }
        for (DecayLaw law : new DecayLaw[] {new DecayLaw(EnvelopeFit.DecayClass.EXPONENTIAL, 40),
            new DecayLaw(EnvelopeFit.DecayClass.POWER, 0.7), new DecayLaw(EnvelopeFit.DecayClass.LOGARITHMIC, 0.8)}) {
            double[] f = new double[lags.length];
            for (int i = 0; i < lags.length; i++) {
                f[i] = law.envelope(lags[i]);
            }
            for (double alpha : new double[] {1.3, 1.7, 2.0}) {
                double[] grid = {1e4, 1e6, 1e8};
                double[] searched = Learnability.impliedWindows(lags, f, alpha, EPS, grid);
                for (int k = 0; k < grid.length; k++) {
                    double closed = law.window(grid[k], alpha, EPS);
                    if (closed > lags[lags.length - 1]) {
                        assertThat(searched[k]).isEqualTo(lags[lags.length - 1]);
                        continue;
                    }
                    // The grid search returns the last grid lag at or below the exact window.
                    assertThat(searched[k]).as("%s α=%s N=%s", law, alpha, grid[k])
                            .isLessThanOrEqualTo(closed * (1 + 1e-9)).isGreaterThanOrEqualTo(closed * 0.999);
                }
            }
        }
    }

    @Test
    void growthFollowsTheTable() {
        double alpha = 1.5;
        double kappa = alpha / (alpha - 1);
        DecayLaw exp = new DecayLaw(EnvelopeFit.DecayClass.EXPONENTIAL, 12);
        // Logarithmic growth: multiplying N by e^κ adds τ.
        assertThat(exp.window(1e8 * Math.exp(kappa), alpha, EPS) - exp.window(1e8, alpha, EPS)).isCloseTo(12, offset(1e-9));
        DecayLaw power = new DecayLaw(EnvelopeFit.DecayClass.POWER, 0.5);
        // Polynomial growth N^{1/(κβ)}: multiplying N by 2^{κβ} doubles H_N.
        assertThat(power.window(1e6 * Math.pow(2, kappa * 0.5), alpha, EPS) / power.window(1e6, alpha, EPS))
                .isCloseTo(2, offset(1e-9));
        DecayLaw log = new DecayLaw(EnvelopeFit.DecayClass.LOGARITHMIC, 0.5);
        // Stretched exponential: ln H_N + 1 = (N^{1/κ}/ε)^{1/γ}.
        double n = 216_000;
        assertThat(Math.log(log.window(n, alpha, EPS)) + 1).isCloseTo(Math.pow(Math.pow(n, 1 / kappa) / EPS, 2), offset(1e-6));
    }

    @Test
    void nothingIsLearnableBelowTheThreshold() {
        assertThat(new DecayLaw(EnvelopeFit.DecayClass.POWER, 1).window(10, 2, EPS)).isZero();
    }

    @Test
    void rejectsTheTemperedClassAndBadParameters() {
        assertThatThrownBy(() -> new DecayLaw(EnvelopeFit.DecayClass.TEMPERED, 1)).hasMessageContaining("decay class");
        assertThatThrownBy(() -> new DecayLaw(EnvelopeFit.DecayClass.POWER, -1)).hasMessageContaining("parameter");
    }
}
