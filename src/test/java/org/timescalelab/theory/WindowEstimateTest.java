package org.timescalelab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Arrays;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * The window estimator on lag and whole terms whose truth is known: a signal that is exactly zero
 * beyond a lag, SαS noise, the closed-form N̂ = (ε σ / m̄)^κ, the envelope's effect on the window,
 * and the spread of α̂ against a simulation.
 */
class WindowEstimateTest {

    private static final double[] GRID = Arrays.stream(EffectiveRates.lagGrid(128, 48)).asDoubleStream().toArray();
    private static final double EPS = Learnability.DEFAULT_THRESHOLD;
    private static final double[] NS = Learnability.sampleGrid(1, 8, 4);

    private static final int DIRECTIONS = 8;

    /** Noise scale of the whole terms. */
    private static final double WHOLE_SCALE = 2;

    /** A diagnostic sample: lag terms [n][k][ℓ] and whole terms [n][k]. */
    private record Sample(double[][][] psi, double[][] whole) {
    }

    /**
     * ψ_{n,k}(ℓ) = c_k m(ℓ) + SαS(α, 1) noise along K directions, with m(ℓ) = 0.4 e^{−ℓ/8} up to
     * {@code last} and exactly 0 beyond, c_k ~ N(0, 1) the direction's projection of the signal;
     * g_{n,k} = c_k + SαS(α, {@value #WHOLE_SCALE}).
     */
    private static Sample sample(int n, int last, double alpha, long seed) {
        StableNoise noise = StableNoise.of(RandomSource.XO_RO_SHI_RO_128_PP.create(seed), alpha);
        double[] c = projections(seed);
        double[][][] psi = new double[n][DIRECTIONS][GRID.length];
        double[][] whole = new double[n][DIRECTIONS];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < DIRECTIONS; k++) {
                noise.fill(psi[i][k]);
                for (int li = 0; li < GRID.length; li++) {
                    psi[i][k][li] += GRID[li] <= last ? c[k] * 0.4 * Math.exp(-GRID[li] / 8) : 0;
                }
                whole[i][k] = c[k] + WHOLE_SCALE * noise.sample();
            }
        }
        return new Sample(psi, whole);
    }

    private static double[] projections(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed + 1000);
        var g = org.apache.commons.rng.sampling.distribution.ZigguratSampler.NormalizedGaussian.of(rng);
        double[] c = new double[DIRECTIONS];
        for (int k = 0; k < DIRECTIONS; k++) {
            c[k] = g.sample();
        }
        return c;
    }

    private static WindowEstimate estimate(Sample s, long seed) {
        return WindowEstimate.of(s.psi(), s.whole(), GRID, EPS, 200, RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
    }

    /**
     * A signal that is exactly zero beyond lag 20. The truth is set in ψ itself rather than in a
     * network: the window is decided by the estimator from ψ alone, and only a synthetic ψ has a
     * signal known to vanish exactly (a network's matched statistic beyond a task's longest lag is
     * small, not zero). 40 independent diagnostic samples, SαS noise with α = 1.5 and 2; at α = 1.5
     * about 8 % of one direction's zero-signal lags pass SNR 3 by one large draw. The window may stop
     * short of the last signal lag, never pass it.
     */
    @Test
    void noiseBeyondTheLastSignalLagDoesNotExtendTheWindow() {
        int last = 20;
        int inflated = 0;
        int runs = 0;
        for (double alpha : new double[] {1.5, 2.0}) {
            for (long seed = 1; seed <= 20; seed++) {
                WindowEstimate w = estimate(sample(512, last, alpha, seed), seed);
                runs++;
                boolean over = Arrays.stream(NS).anyMatch(n -> w.window(n).lag() > last);
                inflated += over ? 1 : 0;
            }
        }
        assertThat(inflated).as("samples whose window passed lag %d, of %d", last, runs).isZero();
    }

    @Test
    void theWindowIsNonDecreasingInNAndSaysWhenItCannotTell() {
        WindowEstimate w = estimate(sample(1024, 20, 1.5, 3), 4);
        double previous = 0;
        for (double n : NS) {
            Learnability.Window h = w.window(n);
            assertThat(h.lag()).isGreaterThanOrEqualTo(previous);
            previous = h.lag();
        }
        // At N = 10⁸ every resolved lag is detectable and the zero lags are beyond what 1024 sequences see.
        assertThat(w.window(1e8).censored()).isTrue();
        assertThat(w.window(1e8).describe()).startsWith("≥ ");
        assertThat(w.windowInterval(1e8)[1]).isInfinite();
        // At N = 10 nothing is detectable.
        assertThat(w.window(10).lag()).isZero();
        assertThat(w.window(10).censored()).isFalse();
    }

    @Test
    void unresolvedLagsHaveNoMinimalSampleSize() {
        WindowEstimate w = estimate(sample(1024, 20, 2.0, 5), 6);
        boolean[] resolved = w.resolved();
        double[] nHat = w.minimalSamples();
        for (int li = 0; li < GRID.length; li++) {
            assertThat(Double.isNaN(nHat[li])).isEqualTo(!resolved[li]);
        }
        assertThat(resolved[0]).isTrue();
        assertThat(resolved[GRID.length - 1]).isFalse();
    }

    @Test
    void theBootstrapSpreadOfAlphaHatMatchesASimulation() {
        for (int n : new int[] {256, 2048}) {
            double simulated = simulatedSd(n);
            double bootstrap = 0;
            int samples = 6;
            for (long seed = 0; seed < samples; seed++) {
                double[][][] psi = new double[n][1][1];
                double[] x = TailIndexTest.draws(1.5, 1, n, 100 + seed);
                for (int i = 0; i < n; i++) {
                    psi[i][0][0] = x[i];
                }
                double[][] whole = new double[n][1];
                for (int i = 0; i < n; i++) {
                    whole[i][0] = x[i];
                }
                WindowEstimate w = WindowEstimate.of(psi, whole, new double[] {1}, EPS, 400,
                        RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
                double[] iv = w.pooledAlphaInterval();
                // For a normal law the 90 % interval spans 2 × 1.645 sd.
                bootstrap += (iv[1] - iv[0]) / (2 * 1.645) / samples;
            }
            assertThat(bootstrap).as("n = %d: bootstrap sd %.4f against simulated %.4f", n, bootstrap, simulated)
                    .isBetween(0.8 * simulated, 1.2 * simulated);
        }
    }

    /** sd of α̂ over 300 independent SαS(1.5) samples of size n. */
    private static double simulatedSd(int n) {
        double[] a = new double[300];
        for (int k = 0; k < a.length; k++) {
            a[k] = TailIndex.koutrouvelis(TailIndexTest.draws(1.5, 1, n, 10_000 + k)).alpha();
        }
        double mean = Arrays.stream(a).average().orElseThrow();
        return Math.sqrt(Arrays.stream(a).map(v -> (v - mean) * (v - mean)).sum() / (a.length - 1));
    }

    @Test
    void moreSequencesResolveMoreLagsAndTheIntervalsOverlap() {
        WindowEstimate small = estimate(sample(512, 40, 1.7, 7), 8);
        WindowEstimate large = estimate(sample(2048, 40, 1.7, 9), 10);
        assertThat(large.resolvedCount()).isGreaterThanOrEqualTo(small.resolvedCount());
        for (double n : new double[] {1e3, 1e4}) {
            double[] a = small.windowInterval(n);
            double[] b = large.windowInterval(n);
            assertThat(a[0]).as("N = %s", n).isLessThanOrEqualTo(b[1]);
            assertThat(b[0]).as("N = %s", n).isLessThanOrEqualTo(a[1]);
        }
    }

    /**
     * The defect this estimator removes: an envelope falling three powers faster (ψ(ℓ) × ℓ^{−3})
     * must raise N̂(ℓ) by exactly ℓ^{3κ} (the noise is the whole update's, untouched), while the
     * paper code's statistic, whose noise is fitted to ψ(ℓ) itself, does not move at all.
     */
    @Test
    void anEnvelopeThatFallsFasterRaisesTheMinimalSamplesByTheClosedForm() {
        Sample s = sample(2048, 200, 1.8, 21);
        double[][][] steeper = new double[s.psi().length][DIRECTIONS][GRID.length];
        for (int i = 0; i < steeper.length; i++) {
            for (int k = 0; k < DIRECTIONS; k++) {
                for (int li = 0; li < GRID.length; li++) {
                    steeper[i][k][li] = s.psi()[i][k][li] * Math.pow(GRID[li], -3);
                }
            }
        }
        WindowEstimate a = estimate(s, 22);
        WindowEstimate b = estimate(new Sample(steeper, s.whole()), 22);
        double kappa = a.kappa();
        double[] na = a.minimalSamples();
        double[] nb = b.minimalSamples();
        int compared = 0;
        for (int li = 0; li < GRID.length; li++) {
            if (a.resolved()[li] && b.resolved()[li]) {
                assertThat(Math.log(nb[li] / na[li])).as("lag %s", GRID[li])
                        .isCloseTo(3 * kappa * Math.log(GRID[li]), offset(1e-9));
                assertThat(b.authorMinimalSamples()[li] / a.authorMinimalSamples()[li]).isCloseTo(1, offset(1e-9));
                compared++;
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(3);
        assertThat(b.window(1e6).lag()).isLessThan(a.window(1e6).lag());
    }

    /**
     * N̂(ℓ) against its closed form (ε σ / m̄)^κ with the known σ, α and m̄ = mean_k |c_k| m(ℓ), on a
     * large sample where the estimates are tight.
     */
    @Test
    void minimalSamplesMatchTheClosedForm() {
        double alpha = 1.7;
        long seed = 31;
        WindowEstimate w = estimate(sample(8192, 200, alpha, seed), 32);
        double[] c = projections(seed);
        double meanAbs = Arrays.stream(c).map(Math::abs).average().orElseThrow();
        double kappa = TailIndex.kappa(alpha);
        assertThat(w.pooledAlpha()).isCloseTo(alpha, offset(0.05));
        assertThat(w.noiseScale() / WHOLE_SCALE).isCloseTo(1, offset(0.05));
        for (int li = 0; li < 4; li++) {
            double m = meanAbs * 0.4 * Math.exp(-GRID[li] / 8);
            double truth = Math.pow(EPS * WHOLE_SCALE / m, kappa);
            double[][] iv = w.minimalSamplesInterval();
            assertThat(Math.log(w.minimalSamples()[li] / truth)).as("lag %s", GRID[li]).isBetween(-0.5, 0.5);
            assertThat(iv[0][li]).isLessThan(iv[1][li]);
        }
    }

    @Test
    void theChainSlopeIsOneWhenTheSignalFollowsTheEnvelopeAndZeroWhenItDoesNot() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(11);
        StableNoise noise = StableNoise.of(rng, 1.8);
        double[] f = Arrays.stream(GRID).map(l -> Math.pow(l, -0.6)).toArray();
        for (boolean follows : new boolean[] {true, false}) {
            double[][][] psi = new double[4096][2][GRID.length];
            double[][] whole = new double[4096][2];
            for (int i = 0; i < psi.length; i++) {
                for (int k = 0; k < 2; k++) {
                    noise.fill(psi[i][k]);
                    for (int li = 0; li < GRID.length; li++) {
                        double m = follows ? f[li] : 0.5;
                        psi[i][k][li] = 0.02 * psi[i][k][li] + (k == 0 ? 0.05 : -0.03) * m;
                    }
                    whole[i][k] = noise.sample();
                }
            }
            double[] chain = WindowEstimate.of(psi, whole, GRID, EPS, 200,
                    RandomSource.XO_RO_SHI_RO_128_PP.create(12)).chain(f);
            double expected = follows ? 1 : 0;
            assertThat(chain[0]).as("follows = %s", follows).isCloseTo(expected, offset(0.1));
            assertThat(chain[1]).isLessThanOrEqualTo(chain[0]);
            assertThat(chain[2]).isGreaterThanOrEqualTo(chain[0]);
            assertThat(chain[3]).isGreaterThanOrEqualTo(10);
        }
    }

    /** The bracket and bound words of a window (docs/envelope-and-window.md, "What bounds the window"). */
    @Test
    void boundsAndBracketsNameWhatLimitsTheWindow() {
        Learnability.Window open = new Learnability.Window(37, false);
        assertThat(Learnability.bound(open, 45, 128, 64)).isEqualTo("learnability");
        assertThat(Learnability.describe(open, 45, "learnability")).isEqualTo("37 in [37, 45)");
        Learnability.Window late = new Learnability.Window(115, false);
        assertThat(Learnability.bound(late, 127, 128, 64)).isEqualTo("sequence");
        assertThat(Learnability.bound(new Learnability.Window(80, false), 90, 128, 64)).isEqualTo("task");
        Learnability.Window lower = new Learnability.Window(61, true);
        assertThat(Learnability.bound(lower, 70, 128, 64)).isEqualTo("cannot tell");
        assertThat(Learnability.describe(lower, 70, "cannot tell")).isEqualTo("≥ 61, cannot tell");
        assertThat(Learnability.describe(new Learnability.Window(115, true), 127, "sequence"))
                .isEqualTo("≥ 115, sequence-bound");
    }
}
