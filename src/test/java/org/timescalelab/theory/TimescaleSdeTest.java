package org.timescalelab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** The time-scale SDE against the closed forms of docs/timescale-sde.md, N = 20 000, fixed seeds. */
class TimescaleSdeTest {

    static TimescaleSde.Params params(TimescaleSde.Drift drift, double kappa, double theta, double zetaStar,
                                      double sigma, double lambda, TimescaleSde.Jumps jumps, double b) {
        return new TimescaleSde.Params(drift, kappa, theta, zetaStar, sigma, lambda, jumps, b, 1.5, 1, 0);
    }

    static TimescaleSde.Settings settings(double dt, double maxTime) {
        return new TimescaleSde.Settings(20_000, dt, 2.0, maxTime, 0.02, 17);
    }

    @Test
    void noJumpsConstantPullGivesParetoWithBetaTwoKappaOverSigmaSquared() {
        TimescaleSde.Params p = params(TimescaleSde.Drift.CONSTANT, 1, 1, 0, 1.2, 0, TimescaleSde.Jumps.NONE, 1);
        TimescaleSde.Result r = TimescaleSde.simulate(p, settings(0.002, 60));
        double predicted = 2 * 1 / (1.2 * 1.2);
        assertThat(p.predictedBeta()).isCloseTo(predicted, offset(1e-12));
        SpectrumTail.Fit fit = SpectrumTail.fit(r.tau(), 100, RandomSource.XO_RO_SHI_RO_128_PP.create(1L));
        assertThat(fit.beta()).isCloseTo(predicted, offset(0.1 * predicted));
    }

    @Test
    void exponentialJumpsWithoutDiffusionGiveTheAtomAndTheShiftedTail() {
        double kappa = 1;
        double lambda = 0.5;
        double b = 2;
        TimescaleSde.Params p = params(TimescaleSde.Drift.CONSTANT, kappa, 1, 0, 0, lambda, TimescaleSde.Jumps.EXPONENTIAL, b);
        TimescaleSde.Result r = TimescaleSde.simulate(p, settings(0.005, 80));
        double rho = lambda / (kappa * b);
        assertThat(p.load()).isCloseTo(rho, offset(1e-12));
        assertThat(r.wallMass()).isCloseTo(1 - rho, offset(0.02));
        double predicted = b - lambda / kappa;
        assertThat(p.predictedBeta()).isCloseTo(predicted, offset(1e-12));
        SpectrumTail.Fit fit = SpectrumTail.fit(r.tau(), 100, RandomSource.XO_RO_SHI_RO_128_PP.create(2L));
        assertThat(fit.beta()).isCloseTo(predicted, offset(0.1 * predicted));
    }

    @Test
    void simulatedEnvelopeMatchesTheExactOne() {
        double kappa = 1;
        double lambda = 1;
        double b = 1.3;
        TimescaleSde.Params p = params(TimescaleSde.Drift.CONSTANT, kappa, 1, 0, 0, lambda, TimescaleSde.Jumps.EXPONENTIAL, b);
        TimescaleSde.Result r = TimescaleSde.simulate(p, new TimescaleSde.Settings(20_000, 0.01, 5, 400, 0.02, 23));
        double rho = lambda / (kappa * b);
        double beta = b - lambda / kappa;
        double[] lags = {1, 3, 10, 30, 100, 300, 1000};
        double[] f = Laplace.meanEnvelope(r.tau(), lags);
        for (int i = 0; i < lags.length; i++) {
            double exact = (1 - rho) * Math.exp(-lags[i]) + rho * Laplace.paretoEnvelope(beta, lags[i]);
            assertThat(f[i] / exact).as("lag %s", lags[i]).isCloseTo(1.0, offset(0.05));
        }
    }

    @Test
    void ornsteinUhlenbeckWithoutJumpsGivesANormalZetaAndALogNormalSpectrum() {
        TimescaleSde.Params p = params(TimescaleSde.Drift.ORNSTEIN_UHLENBECK, 1, 1, -4, 0.6, 0, TimescaleSde.Jumps.NONE, 1);
        TimescaleSde.Result r = TimescaleSde.simulate(p, settings(0.005, 40));
        double[] zeta = Arrays.stream(r.tau()).map(t -> -Math.log(t)).toArray();
        double sd = 0.6 / Math.sqrt(2);
        double pValue = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new NormalDistribution(null, -4, sd),
                Arrays.copyOf(zeta, 2000));
        assertThat(pValue).isGreaterThan(0.001);
        assertThat(SpectrumTail.compare(r.tau()).preferred()).isEqualTo("log-normal");
    }

    @Test
    void overloadedJumpsHaveNoStationaryLaw() {
        TimescaleSde.Params p = params(TimescaleSde.Drift.CONSTANT, 1, 1, 0, 0, 3, TimescaleSde.Jumps.EXPONENTIAL, 2);
        TimescaleSde.Result r = TimescaleSde.simulate(p, settings(0.01, 10));
        assertThat(r.stationary()).isFalse();
        assertThat(r.reason()).contains("no stationary law").contains("1.5");
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        TimescaleSde.Params p = params(TimescaleSde.Drift.CONSTANT, 1, 1, 0, 0.5, 0.3, TimescaleSde.Jumps.EXPONENTIAL, 3);
        TimescaleSde.Settings s = new TimescaleSde.Settings(3000, 0.01, 1, 3, 0.02, 5);
        double[] parallel = TimescaleSde.simulate(p, s).tau();
        double[] serial = new java.util.concurrent.ForkJoinPool(1).submit(() -> TimescaleSde.simulate(p, s).tau()).join();
        assertThat(serial).isEqualTo(parallel);
    }

    @Test
    void aLivePopulationRelaxesToTheNewLawAfterAParameterChange() {
        // Start collapsed (no jumps, β = 2κ/σ² = 8), then switch on Exp(2) jumps at λ = 1 with
        // σ = 0: the tail must move to β = b − λ/κ = 1 and the wall mass to 1 − ρ = 0.5.
        TimescaleSde.Params collapsed = params(TimescaleSde.Drift.CONSTANT, 1, 1, 0, 0.5, 0, TimescaleSde.Jumps.NONE, 2);
        TimescaleSde.Population pop = new TimescaleSde.Population(collapsed, 20_000, 0.01, 3);
        pop.advance(1000);
        double before = SpectrumTail.fit(pop.tau(), 0, RandomSource.XO_RO_SHI_RO_128_PP.create(1L)).beta();
        assertThat(before).isGreaterThan(5);
        TimescaleSde.Params broad = params(TimescaleSde.Drift.CONSTANT, 1, 1, 0, 0, 1, TimescaleSde.Jumps.EXPONENTIAL, 2);
        pop.setParams(broad);
        pop.advance(20_000);
        assertThat(pop.time()).isCloseTo(210, offset(1e-9));
        assertThat(pop.wallMass()).isCloseTo(1 - broad.load(), offset(0.02));
        double after = SpectrumTail.fit(pop.tau(), 0, RandomSource.XO_RO_SHI_RO_128_PP.create(1L)).beta();
        assertThat(after).isCloseTo(broad.predictedBeta(), offset(0.1));
    }

    @Test
    void rejectsBadParametersNamingThem() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> params(TimescaleSde.Drift.CONSTANT, -1, 1, 0, 0, 0, TimescaleSde.Jumps.NONE, 1))
                .hasMessageContaining("kappa");
    }

    @Test
    void nearTheLoadLimitTheRunLastsSeveralRelaxationTimesAndBetaIsRight() {
        // ρ = λ/(κb) = 0.85, β = b − λ/κ = 0.3; the tail relaxes on 1/(√(κb) − √λ)² ≈ 82.
        TimescaleSde.Params p = params(TimescaleSde.Drift.CONSTANT, 1, 1, 0, 0, 1.7, TimescaleSde.Jumps.EXPONENTIAL, 2);
        assertThat(p.relaxationTime()).isCloseTo(1 / Math.pow(Math.sqrt(2) - Math.sqrt(1.7), 2), offset(1e-9));
        TimescaleSde.Result r = TimescaleSde.simulate(p, new TimescaleSde.Settings(20_000, 0.02, 2.0, 600, 0.02, 31));
        assertThat(r.stationary()).as(r.reason()).isTrue();
        assertThat(r.time()).isGreaterThanOrEqualTo(3 * p.relaxationTime());
        SpectrumTail.Fit fit = SpectrumTail.fit(r.tau(), 100, RandomSource.XO_RO_SHI_RO_128_PP.create(3L));
        assertThat(fit.beta()).as("β̂ against the closed form 0.3").isCloseTo(0.3, offset(0.05 * 0.3));
    }

    @Test
    void aDiffusiveLayerAtTheWallDoesNotBiasTheTailFit() {
        // σ = 0.3 and rare Exp(1.1) jumps (λ = 0.1): most mass sits in the diffusive layer near τ = 1,
        // which holds the 75% quantile. β is the positive root of −κs + σ²s²/2 + λ(b/(b − s) − 1) = 0.
        double kappa = 1;
        double sigma = 0.3;
        double lambda = 0.1;
        double b = 1.1;
        double lo = 1e-6;
        double hi = b - 1e-9;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            double g = -kappa * mid + 0.5 * sigma * sigma * mid * mid + lambda * (b / (b - mid) - 1);
            if (g < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double beta = 0.5 * (lo + hi);
        TimescaleSde.Params p = params(TimescaleSde.Drift.CONSTANT, kappa, 1, 0, sigma, lambda,
                TimescaleSde.Jumps.EXPONENTIAL, b);
        TimescaleSde.Result r = TimescaleSde.simulate(p, new TimescaleSde.Settings(40_000, 0.01, 2.0, 300, 0.02, 37));
        assertThat(r.stationary()).as(r.reason()).isTrue();
        double[] sorted = r.tau().clone();
        Arrays.sort(sorted);
        SpectrumTail.Fit fit = SpectrumTail.fit(r.tau(), 100, RandomSource.XO_RO_SHI_RO_128_PP.create(4L));
        assertThat(fit.xMin()).as("the cut leaves the layer").isGreaterThan(TailIndex.quantile(sorted, 0.75));
        assertThat(fit.beta()).as("β̂ against the root %.4f", beta).isCloseTo(beta, offset(0.1 * beta));
    }
}
