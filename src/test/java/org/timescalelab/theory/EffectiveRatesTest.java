package org.timescalelab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** The O(1)-per-window sums against direct products, including units too fast for the factorised path. */
class EffectiveRatesTest {

    static final int H = 5;
    static final int T = 60;

    static double[] uniform(UniformRandomProvider rng, int n, double lo, double hi) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return x;
    }

    /** a with unit 0 very fast (a ≈ 1e−6, total log-decay above 700) and the others slow. */
    static double[] leaks(UniformRandomProvider rng) {
        double[] a = uniform(rng, T * H, 0.7, 0.99);
        for (int t = 0; t < T; t++) {
            a[t * H] = 1e-6;
        }
        return a;
    }

    static double direct(double[] a, double[] r, int u, int m, int lag, boolean first) {
        double prod = 1;
        double sum = 0;
        for (int j = m + 1; j <= m + lag; j++) {
            prod *= a[j * H + u];
            sum += r[j * H + u] / a[j * H + u];
        }
        return first ? prod * sum : prod;
    }

    @Test
    void matchedStatisticEqualsTheDirectSum() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(9L);
        double[] a = leaks(rng);
        double[] r = uniform(rng, T * H, -0.05, 0.05);
        double[] end = uniform(rng, T * H, 0.5, 1);
        double[] lambda = uniform(rng, T * H, 0.001, 0.01);
        double[] delta = uniform(rng, T * H, -1, 1);
        double[] tangent = uniform(rng, T * H, -1, 1);
        boolean[] scored = new boolean[T];
        for (int t = 10; t < T; t++) {
            scored[t] = t % 7 != 0;
        }
        int[] lags = {1, 3, 10, 30, 59};
        double[] psi = new EffectiveRates(lags, H, T).matchedStatistic(a, r, end, lambda, delta, new double[][] {tangent}, scored)[0];
        for (int li = 0; li < lags.length; li++) {
            double sum = 0;
            int count = 0;
            for (int t = lags[li]; t < T; t++) {
                if (!scored[t]) {
                    continue;
                }
                int m = t - lags[li];
                for (int u = 0; u < H; u++) {
                    double g = direct(a, r, u, m, lags[li], false) + direct(a, r, u, m, lags[li], true);
                    sum += lambda[m * H + u] * end[t * H + u] * g * delta[t * H + u] * tangent[m * H + u];
                }
                count++;
            }
            assertThat(psi[li]).as("lag %d", lags[li]).isCloseTo(sum / count, offset(1e-12 * Math.max(1, Math.abs(sum))));
        }
    }

    @Test
    void envelopeAndProfilesEqualTheDirectMeans() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(10L);
        int[] lags = {1, 2, 8, 40};
        EffectiveRates acc = new EffectiveRates(lags, H, T);
        double[][] as = new double[2][];
        double[][] rs = new double[2][];
        double[] lambda = uniform(rng, H, 0.01, 0.02);
        for (int n = 0; n < 2; n++) {
            as[n] = leaks(rng);
            rs[n] = uniform(rng, T * H, -0.05, 0.05);
            acc.addWindows(as[n], rs[n], null, lambda);
        }
        EffectiveRates.Result res = acc.result();
        for (int li = 0; li < lags.length; li++) {
            double f = 0;
            double gates = 0;
            double logSum = 0;
            int windows = 0;
            for (int n = 0; n < 2; n++) {
                for (int m = 0; m + lags[li] < T; m++) {
                    for (int u = 0; u < H; u++) {
                        double g0 = direct(as[n], rs[n], u, m, lags[li], false);
                        double mu = lambda[u] * Math.abs(g0 + direct(as[n], rs[n], u, m, lags[li], true));
                        f += mu;
                        gates += lambda[u] * Math.abs(g0);
                        if (u == 2) {
                            logSum += Math.log(mu);
                        }
                    }
                    windows++;
                }
            }
            assertThat(res.envelope()[li]).isCloseTo(f / windows, offset(1e-12 * f / windows));
            assertThat(res.gates()[li]).isCloseTo(gates / windows, offset(1e-12 * gates / windows));
            assertThat(res.logProfile()[li * H + 2]).isCloseTo(logSum / windows, offset(1e-9));
        }
    }

    @Test
    void timescalesRecoverExponentialProfiles() {
        int[] lags = {1, 2, 3, 4, 5, 6};
        double[] logProfile = new double[lags.length * 2];
        for (int li = 0; li < lags.length; li++) {
            logProfile[li * 2] = Math.log(0.3) - lags[li] / 12.0;
            logProfile[li * 2 + 1] = 0.1 * lags[li];
        }
        double[][] ts = EffectiveRates.timescales(lags, logProfile, 2);
        assertThat(ts[0][0]).isCloseTo(12, offset(1e-9));
        assertThat(ts[1][0]).isCloseTo(0.3, offset(1e-12));
        assertThat(ts[2][0]).isCloseTo(1, offset(1e-12));
        assertThat(ts[0][1]).isNaN();
    }

    @Test
    void lagGridIsFullForShortSequencesAndLogSpacedForLongOnes() {
        assertThat(EffectiveRates.lagGrid(10, 64)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        int[] g = EffectiveRates.lagGrid(5000, 32);
        assertThat(g[0]).isEqualTo(1);
        assertThat(g[g.length - 1]).isEqualTo(4999);
        assertThat(g.length).isBetween(20, 32);
    }
}
