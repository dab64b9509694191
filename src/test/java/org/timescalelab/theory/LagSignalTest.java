package org.timescalelab.theory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** The one-scan quartile spread of a count-weighted sample against Commons Math on the expanded sample. */
class LagSignalTest {

    @Test
    void quartileSpreadOfCountsMatchesThePercentilesOfTheExpandedSample() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + rng.nextInt(60);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = rng.nextDouble() - 0.5;
            }
            Arrays.sort(v);
            int[] w = new int[n];
            for (int i = 0; i < n; i++) {
                w[rng.nextInt(n)]++;
            }
            double[] expanded = new double[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < w[i]; c++) {
                    expanded[k++] = v[i];
                }
            }
            Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
            p.setData(expanded);
            assertThat(LagSignal.quartileSpread(v, w, n)).isCloseTo(p.evaluate(75) - p.evaluate(25),
                    org.assertj.core.api.Assertions.offset(1e-12));
        }
    }
}
