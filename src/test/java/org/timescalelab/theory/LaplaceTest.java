package org.timescalelab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class LaplaceTest {

    @Test
    void paretoSpectrumEnvelopeMatchesTheExactTransform() {
        double beta = 0.7;
        double[] tau = SpectrumTailTest.pareto(beta, 200_000, 21);
        double[] lags = {1, 10, 100, 1000};
        double[] f = Laplace.meanEnvelope(tau, lags);
        for (int i = 0; i < lags.length; i++) {
            assertThat(f[i] / Laplace.paretoEnvelope(beta, lags[i])).as("lag %s", lags[i]).isCloseTo(1.0, offset(0.03));
        }
    }

    @Test
    void paretoSpectrumEnvelopeApproachesTheTauberianAsymptote() {
        double beta = 0.7;
        for (double lag : new double[] {200, 1000, 5000}) {
            double exact = Laplace.paretoEnvelope(beta, lag);
            assertThat(exact / Laplace.powerAsymptote(1.0, beta, lag)).isCloseTo(1.0, offset(1e-6));
        }
        double small = Laplace.paretoEnvelope(beta, 2) / Laplace.powerAsymptote(1.0, beta, 2);
        assertThat(small).isLessThan(0.95);
    }

    @Test
    void envelopeIsASumOfExponentials() {
        double[] f = Laplace.envelope(new double[] {2, 3}, new double[] {5, -1}, new double[] {10});
        assertThat(f[0]).isCloseTo(2 * Math.exp(-2), offset(1e-15));
    }
}
