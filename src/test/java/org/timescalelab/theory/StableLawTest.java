package org.timescalelab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.apache.commons.math3.analysis.integration.SimpsonIntegrator;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Nolan's integral against independent reference quantiles and closed forms. */
class StableLawTest {

    private static final double[] PROBS = {0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 0.975, 0.99};

    @ParameterizedTest
    @ValueSource(doubles = {1.1, 1.15, 1.2, 1.25, 1.3, 1.35, 1.4, 1.45, 1.5, 1.55, 1.6, 1.65, 1.7, 1.75, 1.8,
        1.85, 1.9, 1.95, 2.0})
    void quantilesMatchTheReferenceTable(double alpha) throws Exception {
        double[] ref = StableNoiseTest.referenceRow(alpha);
        StableLaw law = StableLaw.of(alpha);
        for (int i = 1; i < PROBS.length; i++) {
            assertThat(law.quantile(PROBS[i])).as("alpha %s p %s", alpha, PROBS[i]).isCloseTo(ref[i], offset(1e-4));
        }
    }

    @Test
    void alphaTwoIsNormalWithVarianceTwo() {
        StableLaw law = StableLaw.of(2.0);
        NormalDistribution n = new NormalDistribution(0, Math.sqrt(2));
        for (double x : new double[] {-3, -0.5, 0.1, 1, 2.5, 6}) {
            assertThat(law.cdf(x)).isCloseTo(n.cumulativeProbability(x), offset(1e-12));
            assertThat(law.density(x)).isCloseTo(n.density(x), offset(1e-12));
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.2, 1.5, 1.8})
    void densityIntegratesToTheDistributionFunction(double alpha) {
        StableLaw law = StableLaw.of(alpha);
        double mass = new SimpsonIntegrator(1e-10, 1e-10, 3, 30).integrate(1_000_000, law::density, 0.3, 2.7);
        assertThat(mass).isCloseTo(law.cdf(2.7) - law.cdf(0.3), offset(1e-8));
        assertThat(law.cdf(0)).isEqualTo(0.5);
        assertThat(law.cdf(-1.3) + law.cdf(1.3)).isCloseTo(1.0, offset(1e-14));
    }

    @Test
    void upperTailFollowsTheParetoAsymptote() {
        StableLaw law = StableLaw.of(1.5);
        double x = 200;
        assertThat(law.survival(x) / (law.tailConstant() * Math.pow(x, -1.5))).isCloseTo(1.0, offset(0.01));
    }
}
