package org.timescalelab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The α-stable sampler against reference distributions, each test at significance 0.001:
 * α = 2 against N(0, 2) (Kolmogorov–Smirnov), α &lt; 2 against the reference quantiles of
 * {@code sas-quantiles.csv} (Pearson χ² on the bins they delimit).
 */
class StableNoiseTest {

    private static final double SIGNIFICANCE = 0.001;
    private static final int DRAWS = 100_000;

    @Test
    void alphaTwoIsNormalWithVarianceTwo() {
        StableNoise noise = StableNoise.of(RandomSource.XO_RO_SHI_RO_128_PP.create(42L), 2.0);
        double[] x = new double[DRAWS];
        noise.fill(x);
        double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new NormalDistribution(null, 0, Math.sqrt(2)), x);
        assertThat(p).isGreaterThan(SIGNIFICANCE);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.1, 1.2, 1.35, 1.5, 1.65, 1.8, 1.95, 2.0})
    void matchesReferenceQuantiles(double alpha) throws IOException {
        double[] probs = {0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 0.975, 0.99};
        double[] q = referenceRow(alpha);
        // Bin edges: −q(p) for p descending, then q(p) ascending (symmetry), excluding the median twice.
        List<Double> edges = new ArrayList<>();
        List<Double> cdf = new ArrayList<>();
        for (int i = probs.length - 1; i >= 1; i--) {
            edges.add(-q[i]);
            cdf.add(1 - probs[i]);
        }
        for (int i = 0; i < probs.length; i++) {
            edges.add(q[i]);
            cdf.add(probs[i]);
        }
        int bins = edges.size() + 1;
        double[] expected = new double[bins];
        long[] observed = new long[bins];
        for (int b = 0; b < bins; b++) {
            double lo = b == 0 ? 0 : cdf.get(b - 1);
            double hi = b == bins - 1 ? 1 : cdf.get(b);
            expected[b] = (hi - lo) * DRAWS;
        }
        StableNoise noise = StableNoise.of(RandomSource.XO_RO_SHI_RO_128_PP.create(7L), alpha);
        for (int i = 0; i < DRAWS; i++) {
            double x = noise.sample();
            int b = 0;
            while (b < edges.size() && x > edges.get(b)) {
                b++;
            }
            observed[b]++;
        }
        double p = new ChiSquareTest().chiSquareTest(expected, observed);
        assertThat(p).as("alpha %s observed %s", alpha, Arrays.toString(observed)).isGreaterThan(SIGNIFICANCE);
    }

    @Test
    void rejectsAlphaOutsideOneToTwo() {
        var rng = RandomSource.XO_RO_SHI_RO_128_PP.create(1L);
        assertThatThrownBy(() -> StableNoise.of(rng, 1.0)).hasMessageContaining("(1, 2]");
        assertThatThrownBy(() -> StableNoise.of(rng, 2.01)).hasMessageContaining("(1, 2]");
        assertThatThrownBy(() -> StableNoise.of(rng, Double.NaN)).hasMessageContaining("(1, 2]");
    }

    static double[] referenceRow(double alpha) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                StableNoiseTest.class.getResourceAsStream("sas-quantiles.csv"), StandardCharsets.UTF_8))) {
            String line = r.readLine();
            while ((line = r.readLine()) != null) {
                String[] f = line.split(",");
                if (Math.abs(Double.parseDouble(f[0]) - alpha) < 1e-9) {
                    return Arrays.stream(f).skip(1).mapToDouble(Double::parseDouble).toArray();
                }
            }
        }
        throw new IllegalArgumentException("no reference row for alpha " + alpha);
    }
}
