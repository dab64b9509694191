package org.timescalelab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Hand-written BPTT against central finite differences in double precision (docs/models.md, "Loss and gradients"). */
class GradientCheckTest {

    private static final double STEP = 1e-6;

    static Batch randomBatch(int b, int t, int d, int o, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] x = new double[b * t * d];
        double[] y = new double[b * t * o];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * rng.nextDouble() - 1;
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = 2 * rng.nextDouble() - 1;
        }
        boolean[] mask = new boolean[t];
        for (int i = 0; i < t; i++) {
            mask[i] = i % 3 != 0;
        }
        return new Batch(b, t, d, o, x, y, mask);
    }

    static RecurrentNet randomNet(Architecture a, Readout readout, long seed) {
        ModelSpec spec = new ModelSpec(a, 4, 3, 2, readout, 0.2, Precision.FLOAT64, seed);
        RecurrentNet net = RecurrentNet.create(spec);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed + 7);
        double[] theta = net.parameters();
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 0.8 * (2 * rng.nextDouble() - 1);
        }
        net.setParameters(theta);
        return net;
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void gradientMatchesFiniteDifferences(Architecture a) {
        for (Readout readout : Readout.values()) {
            RecurrentNet net = randomNet(a, readout, 11);
            Batch batch = randomBatch(3, 7, 3, 2, 5);
            net.lossAndGradient(batch);
            double[] analytic = net.gradient();
            double[] theta = net.parameters();
            for (TensorInfo t : net.tensors()) {
                double[] fd = new double[t.size()];
                double[] an = new double[t.size()];
                for (int k = 0; k < t.size(); k++) {
                    int idx = (int) t.offset() + k;
                    double old = theta[idx];
                    theta[idx] = old + STEP;
                    net.setParameters(theta);
                    double plus = net.loss(batch);
                    theta[idx] = old - STEP;
                    net.setParameters(theta);
                    double minus = net.loss(batch);
                    theta[idx] = old;
                    fd[k] = (plus - minus) / (2 * STEP);
                    an[k] = analytic[idx];
                }
                net.setParameters(theta);
                assertThat(relativeError(an, fd))
                        .as("%s %s %s: analytic %s vs fd %s", a, readout, t.name(),
                                java.util.Arrays.toString(an), java.util.Arrays.toString(fd))
                        .isLessThan(1e-6);
            }
        }
    }

    static double relativeError(double[] a, double[] b) {
        double diff = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        double scale = Math.max(Math.sqrt(na), Math.sqrt(nb));
        return scale == 0 ? 0 : Math.sqrt(diff) / scale;
    }
}
