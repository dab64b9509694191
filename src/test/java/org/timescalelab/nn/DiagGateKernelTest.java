package org.timescalelab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The plain-Java float32 loops against the float64 ND4J path, whose gradient is checked against
 * finite differences (GradientCheckTest): same parameters, same batch.
 */
class DiagGateKernelTest {

    static RecurrentNet net(Precision p, Readout readout, int width, int input, int output, double[] theta) {
        RecurrentNet net = RecurrentNet.create(new ModelSpec(Architecture.DIAG_GATE, width, input, output, readout, 0.2, p, 3));
        if (theta != null) {
            net.setParameters(theta);
        }
        return net;
    }

    @ParameterizedTest
    @EnumSource(Readout.class)
    void lossAndGradientMatchTheCheckedDoublePrecisionPath(Readout readout) {
        // Odd width and a batch that is not a multiple of the 4-row block exercise the edges.
        int width = 13;
        RecurrentNet reference = net(Precision.FLOAT64, readout, width, 3, 2, null);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(17);
        double[] theta = reference.parameters();
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 0.6 * (2 * rng.nextDouble() - 1);
        }
        reference.setParameters(theta);
        RecurrentNet fast = net(Precision.FLOAT32, readout, width, 3, 2, theta);
        assertThat(((GateFamilyRnn) fast).javaKernel()).isTrue();
        Batch batch = GradientCheckTest.randomBatch(7, 19, 3, 2, 5);

        double l64 = reference.lossAndGradient(batch);
        double l32 = fast.lossAndGradient(batch);
        assertThat(l32).isCloseTo(l64, org.assertj.core.data.Offset.offset(2e-6 * Math.abs(l64)));
        double[] g64 = reference.gradient();
        double[] g32 = fast.gradient();
        for (TensorInfo t : reference.tensors()) {
            double[] a = java.util.Arrays.copyOfRange(g64, (int) t.offset(), (int) (t.offset() + t.size()));
            double[] b = java.util.Arrays.copyOfRange(g32, (int) t.offset(), (int) (t.offset() + t.size()));
            assertThat(GradientCheckTest.relativeError(b, a)).as("%s %s", readout, t.name()).isLessThan(1e-5);
        }
        // The forward arrays the diagnostics read come back from the kernel too.
        Workspace w64 = reference.workspace(batch);
        Workspace w32 = fast.workspace(batch);
        assertThat(GradientCheckTest.relativeError(w32.states.ravel().toDoubleVector(), w64.states.ravel().toDoubleVector())).isLessThan(1e-6);
        assertThat(GradientCheckTest.relativeError(((GateFamilyRnn.Work) w32).act.ravel().toDoubleVector(),
                ((GateFamilyRnn.Work) w64).act.ravel().toDoubleVector())).isLessThan(1e-6);
    }

    @Test
    void theNd4jFloatPathGivesTheSameNumbersToFloatRounding() {
        RecurrentNet javaPath = net(Precision.FLOAT32, Readout.EVERY_STEP, 8, 2, 1, null);
        Batch batch = GradientCheckTest.randomBatch(5, 11, 2, 1, 9);
        double lj = javaPath.lossAndGradient(batch);
        double[] gj = javaPath.gradient();
        System.setProperty("timescalelab.kernel", "nd4j");
        try {
            RecurrentNet nd4jPath = net(Precision.FLOAT32, Readout.EVERY_STEP, 8, 2, 1, javaPath.parameters());
            assertThat(((GateFamilyRnn) nd4jPath).javaKernel()).isFalse();
            double ln = nd4jPath.lossAndGradient(batch);
            assertThat(lj).isCloseTo(ln, org.assertj.core.data.Offset.offset(1e-6 * Math.abs(ln)));
            assertThat(GradientCheckTest.relativeError(gj, nd4jPath.gradient())).isLessThan(1e-5);
        } finally {
            System.clearProperty("timescalelab.kernel");
        }
    }

    @Test
    void floatExpTanhAndSigmoidAreAccurateAndTheVectorPathGivesTheSameBits() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(23);
        int width = 4099;
        float[] a = new float[2 * width];
        for (int i = 0; i < a.length; i++) {
            a[i] = i < 12 ? new float[] {0f, -0f, 1e-7f, -3e-6f, 0.0624f, -0.0626f, 9f, -9f, 40f, -40f, 100f, -100f}[i]
                    : (float) (16 * rng.nextDouble() - 8) * (float) Math.pow(10, -3 * rng.nextDouble());
        }
        float[] prev = new float[width];
        float[] vec = a.clone();
        float[] ref = a.clone();
        float[] nextVec = new float[width];
        float[] nextRef = new float[width];
        VectorRows.activate(vec, prev, nextVec, width, new float[width], new float[width]);
        for (int q = 0; q < width; q++) {
            DiagGateKernel.activateOne(ref, prev, nextRef, width, q);
        }
        assertThat(vec).containsExactly(ref);
        for (int q = 0; q < width; q++) {
            double tanh = Math.tanh(a[q]);
            double sigma = 1 / (1 + Math.exp(-a[width + q]));
            assertThat((double) ref[q]).as("tanh(%s)", a[q]).isCloseTo(tanh, org.assertj.core.data.Offset.offset(4 * Math.ulp((float) tanh) + 1e-45));
            assertThat((double) ref[width + q]).as("σ(%s)", a[width + q]).isCloseTo(sigma,
                    org.assertj.core.data.Offset.offset(4 * Math.ulp((float) sigma) + 1e-38));
        }
        for (float y = -87f; y <= 0; y += 0.37f) {
            assertThat((double) FloatMath.exp(y)).isCloseTo(Math.exp(y), org.assertj.core.data.Offset.offset(3.0 * Math.ulp((float) Math.exp(y))));
        }
    }

    @Test
    void tanhAndSigmoidAreExactToDoublePrecisionAndNeverOverflow() {
        for (double x : new double[] {-800, -20, -1.5, -1e-7, 0, 3e-9, 0.3, 7, 800}) {
            assertThat(DiagGateKernel.tanh(x)).isCloseTo(Math.tanh(x), org.assertj.core.data.Offset.offset(1e-15));
            assertThat(DiagGateKernel.sigmoid(x)).isCloseTo(1 / (1 + Math.exp(-x)), org.assertj.core.data.Offset.offset(1e-15));
        }
        assertThat(DiagGateKernel.tanh(1e-7) / 1e-7).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theVectorProductEqualsTheScalarLoopBitForBit() {
        assertThat(DiagGateKernel.VECTOR).as("the tests run with --add-modules jdk.incubator.vector").isTrue();
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(4);
        for (int cols : new int[] {1, 13, 16, 31, 32, 77, 256}) {
            int n = 19;
            float[][] m = new float[n][cols];
            float[][] a = new float[8][n];
            float[][] vec = new float[8][cols];
            float[][] ref = new float[8][cols];
            float[][] start = new float[8][cols];
            for (float[] row : m) {
                for (int j = 0; j < cols; j++) {
                    row[j] = (float) (2 * rng.nextDouble() - 1);
                }
            }
            for (int i = 0; i < 8; i++) {
                for (int k = 0; k < n; k++) {
                    a[i][k] = (float) (2 * rng.nextDouble() - 1);
                }
                for (int j = 0; j < cols; j++) {
                    vec[i][j] = ref[i][j] = start[i][j] = (float) rng.nextDouble();
                }
            }
            VectorRows.accumulate(a, vec, 0, m, n, cols);
            DiagGateKernel.accumulateScalar(a, ref, 0, m, n, 0, cols);
            for (int i = 0; i < 8; i++) {
                assertThat(vec[i]).as("cols %d row %d", cols, i).containsExactly(ref[i]);
                for (int j = 0; j < cols; j++) {
                    double exact = start[i][j];
                    for (int k = 0; k < n; k++) {
                        exact += (double) a[i][k] * m[k][j];
                    }
                    assertThat((double) vec[i][j]).isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-5));
                }
            }
        }
    }

    @Test
    void vectorBackwardStepEqualsTheScalarOneBitForBit() {
        int width = 37;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(12);
        float[] g = new float[width];
        float[] a = new float[2 * width];
        float[] prev = new float[width];
        float[] carry = new float[width];
        for (int q = 0; q < width; q++) {
            g[q] = (float) (2 * rng.nextDouble() - 1);
            prev[q] = (float) (2 * rng.nextDouble() - 1);
            carry[q] = (float) rng.nextDouble();
            a[q] = (float) Math.tanh(4 * rng.nextDouble() - 2);
            a[width + q] = (float) rng.nextDouble();
        }
        float[] dVec = new float[2 * width];
        float[] dRef = new float[2 * width];
        float[] cVec = carry.clone();
        float[] cRef = carry.clone();
        VectorRows.gates(g, a, prev, dVec, cVec, width);
        DiagGateKernel.gatesScalar(g, a, prev, dRef, cRef, width, 0);
        assertThat(dVec).containsExactly(dRef);
        assertThat(cVec).containsExactly(cRef);
        // Independent truth for one unit: the derivative formulas of docs/models.md, "One-step Jacobians" in double.
        int q = 5;
        double s = a[width + q];
        assertThat((double) dRef[q]).isCloseTo(g[q] * s * (1 - (double) a[q] * a[q]), org.assertj.core.data.Offset.offset(1e-6));
        assertThat((double) dRef[width + q]).isCloseTo(g[q] * ((double) a[q] - prev[q]) * s * (1 - s),
                org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void theFloat64TwinMatchesTheNd4jOpsToRoundingAndItsVectorProductsItsScalarLoop() {
        RecurrentNet javaPath = net(Precision.FLOAT64, Readout.EVERY_STEP, 21, 3, 2, null);
        Batch batch = GradientCheckTest.randomBatch(9, 15, 3, 2, 21);
        double lj = javaPath.lossAndGradient(batch);
        double[] gj = javaPath.gradient();
        System.setProperty("timescalelab.kernel", "nd4j");
        try {
            RecurrentNet nd4jPath = net(Precision.FLOAT64, Readout.EVERY_STEP, 21, 3, 2, javaPath.parameters());
            assertThat(lj).isCloseTo(nd4jPath.lossAndGradient(batch), org.assertj.core.data.Offset.offset(1e-13 * lj));
            assertThat(GradientCheckTest.relativeError(gj, nd4jPath.gradient())).isLessThan(1e-12);
        } finally {
            System.clearProperty("timescalelab.kernel");
        }
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(6);
        int n = 11;
        int cols = 37;
        double[][] m = new double[n][cols];
        double[][] a = new double[8][n];
        double[][] vec = new double[8][cols];
        double[][] ref = new double[8][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = 2 * rng.nextDouble() - 1;
            }
        }
        for (int i = 0; i < 8; i++) {
            for (int k = 0; k < n; k++) {
                a[i][k] = 2 * rng.nextDouble() - 1;
            }
        }
        VectorRows64.accumulate(a, vec, 0, m, n, cols);
        DiagGateKernel64.accumulateScalar(a, ref, 0, m, n, 0, cols);
        for (int i = 0; i < 8; i++) {
            assertThat(vec[i]).containsExactly(ref[i]);
        }
    }

    @Test
    void theDiagnosticsReadTheSameLeakFactorsTangentsAndGatesFromTheKernel() {
        RecurrentNet fast = net(Precision.FLOAT64, Readout.EVERY_STEP, 11, 3, 2, null);
        Batch batch = GradientCheckTest.randomBatch(10, 17, 3, 2, 31);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(2);
        double[] dir = new double[(int) fast.parameterCount()];
        for (int i = 0; i < dir.length; i++) {
            dir[i] = rng.nextDouble() - 0.5;
        }
        org.nd4j.linalg.api.ndarray.INDArray direction = org.nd4j.linalg.factory.Nd4j.create(dir);
        fast.loss(batch);
        Workspace wf = fast.workspace(batch);
        System.setProperty("timescalelab.kernel", "nd4j");
        RecurrentNet slow;
        try {
            slow = net(Precision.FLOAT64, Readout.EVERY_STEP, 11, 3, 2, fast.parameters());
        } finally {
            System.clearProperty("timescalelab.kernel");
        }
        slow.loss(batch);
        Workspace ws = slow.workspace(batch);
        LeakFactors lf = fast.leakFactors(wf);
        LeakFactors ls = slow.leakFactors(ws);
        assertThat(GradientCheckTest.relativeError(lf.a(), ls.a())).isLessThan(1e-13);
        assertThat(GradientCheckTest.relativeError(lf.r(), ls.r())).isLessThan(1e-13);
        assertThat(GradientCheckTest.relativeError(fast.tangentValues(wf, direction), slow.tangentValues(ws, direction)))
                .isLessThan(1e-12);
        assertThat(GradientCheckTest.relativeError(fast.meanUpdateFractions(wf), slow.meanUpdateFractions(ws)))
                .isLessThan(1e-13);
    }
}
