package org.timescalelab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.timescalelab.theory.EffectiveRates;

/**
 * The snapshot's envelope against its own exported transport factors: f(ℓ) recomputed by brute
 * force — the product of a over each window and the sum of r/a, no prefix sums — from the
 * batch-major {@code leak_a}, {@code leak_r} arrays, with SGD's Λ = η, in float64.
 */
class TransportConsistencyTest {

    @Test
    void envelopeEqualsTheBruteForceProductOfTheExportedFactors() {
        Learner l = Learner.create(LearnerTest.spec(Architecture.DIAG_GATE, OptimizerKind.SGD, 0));
        for (int i = 0; i < 5; i++) {
            l.step();
        }
        int[] lags = IntStream.rangeClosed(1, 11).toArray();
        Learner.BatchTransport t = l.batchTransport(3, lags);
        NamedArray a = t.arrays().stream().filter(x -> x.name().equals("leak_a")).findFirst().orElseThrow();
        NamedArray r = t.arrays().stream().filter(x -> x.name().equals("leak_r")).findFirst().orElseThrow();
        int b = a.shape()[0];
        int len = a.shape()[1];
        int h = a.shape()[2];
        EffectiveRates.Result env = t.envelope();
        for (int li = 0; li < lags.length; li++) {
            int lag = lags[li];
            double sum = 0;
            long windows = 0;
            for (int s = 0; s < b; s++) {
                for (int m = 0; m + lag < len; m++) {
                    for (int q = 0; q < h; q++) {
                        double g0 = 1;
                        double ratio = 0;
                        for (int j = m + 1; j <= m + lag; j++) {
                            double aj = a.data()[(s * len + j) * h + q];
                            g0 *= aj;
                            ratio += r.data()[(s * len + j) * h + q] / aj;
                        }
                        sum += l.learningRate() * Math.abs(g0 + g0 * ratio);
                    }
                    windows++;
                }
            }
            double brute = sum / windows;
            assertThat(env.envelope()[li]).as("lag %d", lag).isCloseTo(brute, offset(1e-12 * brute));
        }
    }
}
