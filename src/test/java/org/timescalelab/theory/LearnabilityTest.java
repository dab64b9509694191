package org.timescalelab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.function.DoubleUnaryOperator;

import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * H_N(N) computed from N̂(ℓ) = (εσ/f(ℓ))^κ for synthetic envelopes of each class follows the
 * closed-form growth of THEORY.md §3.6.
 */
class LearnabilityTest {

    static double[] minimal(double[] lags, DoubleUnaryOperator f, double alpha) {
        double[] n = new double[lags.length];
        for (int i = 0; i < lags.length; i++) {
            n[i] = Learnability.minimalSamples(f.applyAsDouble(lags[i]), 0.05, alpha, Learnability.DEFAULT_THRESHOLD);
        }
        return n;
    }

    static double[] integerLags(int max) {
        double[] l = new double[max];
        for (int i = 0; i < max; i++) {
            l[i] = i + 1;
        }
        return l;
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.5, 2.0})
    void exponentialEnvelopeGivesLogarithmicGrowth(double alpha) {
        double tau = 40;
        double[] lags = integerLags(5000);
        double[] nHat = minimal(lags, l -> Math.exp(-l / tau), alpha);
        SimpleRegression r = new SimpleRegression();
        for (double n : Learnability.sampleGrid(2, 14, 4)) {
            double h = Learnability.window(lags, nHat, n);
            if (h > 0) {
                r.addData(Math.log(n), h);
            }
        }
        assertThat(r.getSlope()).isCloseTo(tau / Learnability.kappa(alpha), offset(0.02 * tau));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.5, 2.0})
    void powerEnvelopeGivesPolynomialGrowth(double alpha) {
        double beta = 0.8;
        double[] lags = new double[4000];
        for (int i = 0; i < lags.length; i++) {
            lags[i] = Math.pow(10, i / 400.0);
        }
        double[] nHat = minimal(lags, l -> Math.pow(l, -beta), alpha);
        SimpleRegression r = new SimpleRegression();
        for (double n : Learnability.sampleGrid(2, 14, 2)) {
            double h = Learnability.window(lags, nHat, n);
            if (h > 1) {
                r.addData(Math.log(n), Math.log(h));
            }
        }
        assertThat(r.getSlope()).isCloseTo(1 / (Learnability.kappa(alpha) * beta), offset(0.01));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.5, 2.0})
    void logarithmicEnvelopeGivesStretchedExponentialGrowth(double alpha) {
        double gamma = 2.0 / Learnability.kappa(alpha);
        double[] lags = new double[7000];
        for (int i = 0; i < lags.length; i++) {
            lags[i] = Math.exp(1 + i * 0.1);
        }
        double[] nHat = minimal(lags, l -> Math.pow(Math.log(l), -gamma), alpha);
        SimpleRegression r = new SimpleRegression();
        for (double n : Learnability.sampleGrid(2, 5, 4)) {
            double h = Learnability.window(lags, nHat, n * Math.pow(Learnability.DEFAULT_THRESHOLD * 0.05, Learnability.kappa(alpha)));
            if (h > 0) {
                r.addData(Math.log(n), Math.log(Math.log(h)));
            }
        }
        assertThat(r.getSlope()).isCloseTo(1 / (Learnability.kappa(alpha) * gamma), offset(0.01));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.3, 2.0})
    void masterLawHasSlopeOneWhenNoiseIsConstant(double alpha) {
        double[] lags = integerLags(60);
        double[] f = new double[lags.length];
        double[] alphas = new double[lags.length];
        for (int i = 0; i < lags.length; i++) {
            f[i] = Math.exp(-lags[i] / 15);
            alphas[i] = alpha;
        }
        double[] nHat = minimal(lags, l -> Math.exp(-l / 15), alpha);
        assertThat(Learnability.masterLaw(f, alphas, nHat)[0]).isCloseTo(1.0, offset(1e-9));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.5, 2.0})
    void snrCrossesTheThresholdAtTheMinimalSampleSize(double alpha) {
        double n = Learnability.minimalSamples(0.01, 0.3, alpha, 20);
        assertThat(Learnability.snr(0.01, 0.3, alpha, n)).isCloseTo(20, offset(1e-9));
    }
}
