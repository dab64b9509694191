package org.timescalelab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.function.DoubleUnaryOperator;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * The decay-class rules on curves whose class is known by construction: noise-free closed forms
 * (where AIC alone would rank rounding error) and sequence samples with their bootstrap.
 */
class EnvelopeFitTest {

    /** The log-spaced grid of the diagnostics at T = 128 (48 points, distinct lags ≥ 1). */
    static final double[] GRID = java.util.Arrays.stream(EffectiveRates.lagGrid(128, 48)).asDoubleStream().toArray();

    static double[] curve(DoubleUnaryOperator f) {
        return java.util.Arrays.stream(GRID).map(f).toArray();
    }

    private static EnvelopeFit.DecayClass classOf(DoubleUnaryOperator f) {
        EnvelopeFit.Model m = EnvelopeFit.classify(GRID, curve(f));
        assertThat(m.rate()).isGreaterThanOrEqualTo(0);
        assertThat(m.cutoff()).isGreaterThanOrEqualTo(0);
        return m.decayClass();
    }

    @Test
    void anExactExponentialIsExponentialNotATemperedLawOfRoundingError() {
        // f_gates of one constant gate: (1 − s)^ℓ exactly.
        assertThat(classOf(l -> Math.pow(1 - 0.05, l))).isEqualTo(EnvelopeFit.DecayClass.EXPONENTIAL);
        EnvelopeFit.Model m = EnvelopeFit.classify(GRID, curve(l -> Math.pow(1 - 0.05, l)));
        assertThat(1 / m.rate()).isCloseTo(-1 / Math.log(0.95), offset(1e-6));
    }

    @Test
    void aMixtureOfNearbyExponentialsIsExponential() {
        DoubleUnaryOperator mixture = l -> {
            double sum = 0;
            for (int k = 0; k <= 20; k++) {
                sum += Math.exp(-l / (15 + 0.5 * k));
            }
            return sum;
        };
        assertThat(classOf(mixture)).isEqualTo(EnvelopeFit.DecayClass.EXPONENTIAL);
    }

    @Test
    void aPurePowerLawIsAPowerLaw() {
        assertThat(classOf(l -> 2 * Math.pow(l, -0.8))).isEqualTo(EnvelopeFit.DecayClass.POWER);
        assertThat(EnvelopeFit.classify(GRID, curve(l -> 2 * Math.pow(l, -0.8))).rate()).isCloseTo(0.8, offset(1e-6));
    }

    @Test
    void aPowerLawWithALateCutOffIsAPowerLawAndAnEarlyOneIsExponential() {
        // ℓ* = β τmax = 0.9 × 400 = 360: every grid lag lies in the power-law range.
        assertThat(classOf(l -> Math.pow(l, -0.9) * Math.exp(-l / 400))).isEqualTo(EnvelopeFit.DecayClass.POWER);
        // ℓ* = 0.3 × 10 = 3: the cut-off dominates the grid.
        assertThat(classOf(l -> Math.pow(l, -0.3) * Math.exp(-l / 10))).isEqualTo(EnvelopeFit.DecayClass.EXPONENTIAL);
    }

    @Test
    void aLogarithmicEnvelopeIsLogarithmic() {
        assertThat(classOf(l -> Math.pow(Math.log(l), -1.5))).isEqualTo(EnvelopeFit.DecayClass.LOGARITHMIC);
    }

    @Test
    void aConcaveEnvelopeGetsNoNegativeExponent() {
        // ln f concave in ℓ (faster than any exponential at long lags): every model stays within its
        // constraints, and the predicted growth exponent is positive or absent.
        double[] f = curve(l -> Math.exp(-(l / 60) * (l / 60)));
        EnvelopeFit.Result r = EnvelopeFit.fit(GRID, f);
        for (EnvelopeFit.Model m : r.models()) {
            assertThat(m.rate()).as(m.describe()).isGreaterThanOrEqualTo(0);
            assertThat(m.cutoff()).as(m.describe()).isGreaterThanOrEqualTo(0);
        }
        EnvelopeFit.Model m = EnvelopeFit.select(r, true);
        double g = EnvelopeFit.growthExponent(m, r.lags(), 2);
        assertThat(Double.isNaN(g) || g > 0).isTrue();
    }

    @Test
    void aFlatEnvelopePredictsNoGrowthLaw() {
        EnvelopeFit.Model m = EnvelopeFit.classify(GRID, curve(l -> 1 - 0.001 * Math.log(l)));
        assertThat(EnvelopeFit.growthLaw(m, GRID, 2)).startsWith("no growth law");
    }

    @Test
    void theBootstrapDoesNotCallNoisyExponentialSequencesAPowerLaw() {
        // 64 sequences whose envelopes are exponential with τ drawn from [15, 25] and 5 % noise.
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(7);
        double[][] rows = new double[64][];
        for (int s = 0; s < rows.length; s++) {
            double tau = 15 + 10 * rng.nextDouble();
            rows[s] = curve(l -> Math.exp(-l / tau) * (1 + 0.05 * (rng.nextDouble() - 0.5)));
        }
        EnvelopeEstimate e = EnvelopeEstimate.of(GRID, rows, 200, RandomSource.XO_RO_SHI_RO_128_PP.create(8));
        assertThat(e.selected().decayClass()).isEqualTo(EnvelopeFit.DecayClass.EXPONENTIAL);
        double[] iv = e.rateInterval();
        assertThat(iv[0]).isPositive().isLessThanOrEqualTo(e.selected().rate());
        assertThat(iv[1]).isGreaterThanOrEqualTo(e.selected().rate());
    }

    @Test
    void powerLawSequencesAreAPowerLawWithAnIntervalAroundBeta() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(9);
        double[][] rows = new double[64][];
        for (int s = 0; s < rows.length; s++) {
            double amplitude = 0.5 + rng.nextDouble();
            rows[s] = curve(l -> amplitude * Math.pow(l, -0.7) * (1 + 0.05 * (rng.nextDouble() - 0.5)));
        }
        EnvelopeEstimate e = EnvelopeEstimate.of(GRID, rows, 200, RandomSource.XO_RO_SHI_RO_128_PP.create(10));
        assertThat(e.selected().decayClass()).isEqualTo(EnvelopeFit.DecayClass.POWER);
        assertThat(e.decided()).isTrue();
        assertThat(e.rateInterval()[0]).isLessThan(0.7);
        assertThat(e.rateInterval()[1]).isGreaterThan(0.7);
        assertThat(e.growthLaw(2)).contains("N^");
    }

    /** After an extreme learning rate α̂, so κ, can be undefined: a sentence, never "N^NaN". */
    @Test
    void anUndefinedNoiseExponentPredictsNoGrowthLaw() {
        EnvelopeFit.Model power = EnvelopeFit.classify(GRID, curve(l -> Math.pow(l, -0.5)));
        assertThat(EnvelopeFit.growthLaw(power, GRID, 3)).contains("N^0.667");
        assertThat(EnvelopeFit.growthLaw(power, GRID, Double.NaN)).startsWith("no growth law").doesNotContain("NaN");
    }

    @Test
    void growthLawsFollowTheSeedTable() {
        double kappa = 3;
        EnvelopeFit.Model exp = EnvelopeFit.classify(GRID, curve(l -> Math.exp(-l / 12)));
        // H_N ≈ (τ/κ) ln N: slope d H_N / d ln N = 12 / 3.
        assertThat(EnvelopeFit.growthExponent(exp, GRID, kappa)).isCloseTo(4, offset(1e-6));
        EnvelopeFit.Model power = EnvelopeFit.classify(GRID, curve(l -> Math.pow(l, -0.5)));
        assertThat(EnvelopeFit.growthExponent(power, GRID, kappa)).isCloseTo(1 / (3 * 0.5), offset(1e-6));
    }
}
