package org.timescalelab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Λ^(q) (the diagnostics' per-unit learning rate) for every optimizer, against values computed by
 * hand from two known gradients: λ_i = η for SGD and momentum, η/(√v_i + ε) with
 * v = (1−ρ)(ρ g₁² + g₂²) for RMSprop (no bias correction), η/(√v̂_i + ε) with
 * v̂ = (1−β₂)(β₂ g₁² + g₂²)/(1 − β₂²) for Adam; then the row mean over U_h and U_s of a diagonal-gate
 * network, Λ^(q) = (1/H) Σ_i ½(λ_{U_h,qi} + λ_{U_s,qi}); and the Rayleigh form
 * Σ_i λ̄_{qi} h²_{m,i} / Σ_i h²_{m,i} (the row mean where h_m = 0).
 */
class EffectiveLearningRateTest {

    private static final double ETA = 0.01;

    @Test
    void rowMeanRatesMatchHandComputedValuesForEveryOptimizer() {
        RecurrentNet net = RecurrentNet.create(new ModelSpec(Architecture.DIAG_GATE, 3, 2, 1, Readout.EVERY_STEP, 0.1,
                Precision.FLOAT64, 5));
        int p = (int) net.parameterCount();
        double[] g1 = new double[p];
        double[] g2 = new double[p];
        for (int i = 0; i < p; i++) {
            g1[i] = 0.1 + 0.03 * i;
            g2[i] = (i % 2 == 0 ? -1 : 1) * (0.05 + 0.01 * i);
        }
        for (OptimizerKind kind : new OptimizerKind[] {OptimizerKind.SGD, OptimizerKind.MOMENTUM, OptimizerKind.RMSPROP,
            OptimizerKind.ADAM}) {
            OptimizerSpec spec = OptimizerSpec.defaults(kind);
            Optimizer opt = new Optimizer(spec, p, DataType.DOUBLE);
            double[] theta = new double[p];
            opt.computeUpdate(theta, g1, ETA);
            opt.computeUpdate(theta, g2, ETA);
            double[] rates = opt.rates(ETA);
            double[] lambda = DiagnosticPass.rowMeans(DiagnosticPass.meanRecurrentRates(net, rates));
            TensorInfo uh = net.layout.tensor("U_h");
            TensorInfo us = net.layout.tensor("U_s");
            for (int q = 0; q < 3; q++) {
                double expected = 0;
                for (int i = 0; i < 3; i++) {
                    for (TensorInfo t : new TensorInfo[] {uh, us}) {
                        int k = (int) t.offset() + q * 3 + i;
                        expected += hand(kind, spec, g1[k], g2[k]) / 6;
                    }
                }
                assertThat(lambda[q]).as("%s, unit %d", kind, q).isCloseTo(expected, offset(1e-12 * expected));
            }
        }
    }

    @Test
    void rayleighQuotientWeighsEachRowBySquaredSourceStates() {
        double[][] bar = {{1, 2, 3}, {4, 5, 6}, {0.5, 0.5, 2}};
        double[] rowMean = DiagnosticPass.rowMeans(bar);
        double[][] states = {{1, 0, 2}, {0, 0, 0}, {-3, 1, 1}};
        double[] got = DiagnosticPass.rayleigh(Nd4j.create(states), bar, rowMean);
        for (int m = 0; m < states.length; m++) {
            double norm = 0;
            for (double v : states[m]) {
                norm += v * v;
            }
            for (int q = 0; q < 3; q++) {
                double expected = rowMean[q];
                if (norm > 0) {
                    expected = 0;
                    for (int i = 0; i < 3; i++) {
                        expected += bar[q][i] * states[m][i] * states[m][i] / norm;
                    }
                }
                assertThat(got[m * 3 + q]).as("state %d, unit %d", m, q).isCloseTo(expected, offset(1e-12));
            }
        }
    }

    private static double hand(OptimizerKind kind, OptimizerSpec spec, double g1, double g2) {
        switch (kind) {
            case RMSPROP: {
                double v = (1 - spec.rho()) * (spec.rho() * g1 * g1 + g2 * g2);
                return ETA / (Math.sqrt(v) + spec.epsilon());
            }
            case ADAM: {
                double b2 = spec.beta2();
                double v = (1 - b2) * (b2 * g1 * g1 + g2 * g2) / (1 - b2 * b2);
                return ETA / (Math.sqrt(v) + spec.epsilon());
            }
            default:
                return ETA;
        }
    }
}
