package org.timescalelab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Batches of one sequence (per-example gradients) give the same gradient as the batched pass. */
class SingleSequenceTest {

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void perExampleGradientsSumToTheBatchGradient(Architecture a) {
        RecurrentNet net = GradientCheckTest.randomNet(a, Readout.EVERY_STEP, 91);
        Batch batch = GradientCheckTest.randomBatch(3, 7, 3, 2, 92);
        net.lossAndGradient(batch);
        double[] whole = net.gradient();
        double[] sum = new double[whole.length];
        for (int b = 0; b < 3; b++) {
            net.lossAndGradient(Learner.select(batch, new int[] {b}));
            double[] g = net.gradient();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += g[i] / 3;
            }
        }
        assertThat(GradientCheckTest.relativeError(sum, whole)).as("%s", a).isLessThan(1e-12);
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void batchedPerExampleGradientsEqualSingleSequencePasses(Architecture a) {
        RecurrentNet net = GradientCheckTest.randomNet(a, Readout.EVERY_STEP, 93);
        Batch batch = GradientCheckTest.randomBatch(4, 7, 3, 2, 94);
        net.lossAndGradient(batch);
        double[] whole = net.gradient();
        double[][] each = net.perExampleGradients(batch);
        for (int b = 0; b < 4; b++) {
            net.lossAndGradient(Learner.select(batch, new int[] {b}));
            assertThat(GradientCheckTest.relativeError(each[b], net.gradient())).as("%s example %d", a, b).isLessThan(1e-12);
        }
        net.lossAndGradient(batch);
        double[][] again = net.perExampleGradients(batch);
        assertThat(GradientCheckTest.relativeError(net.gradient(), whole)).as("batch gradient restored").isLessThan(1e-12);
        assertThat(again[3]).containsExactly(each[3]);
    }
}
