package org.timescalelab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The plain-Java kernels of all five architectures ({@link JavaKernel}, {@link JavaKernel64})
 * against independent references: the float32 kernel against the float64 one, whose gradient is
 * checked against finite differences (GradientCheckTest); both against the ND4J ops
 * ({@code timescalelab.kernel=nd4j}); one thread against two, bit for bit.
 */
class JavaKernelTest {

    static RecurrentNet net(Architecture a, Precision p, Readout readout, int width, int input, int output, double[] theta) {
        RecurrentNet net = RecurrentNet.create(new ModelSpec(a, width, input, output, readout, 0.2, p, 3));
        if (theta != null) {
            net.setParameters(theta);
        }
        return net;
    }

    static RecurrentNet nd4jNet(Architecture a, Precision p, int width, int input, int output, double[] theta) {
        System.setProperty("timescalelab.kernel", "nd4j");
        try {
            RecurrentNet net = net(a, p, Readout.EVERY_STEP, width, input, output, theta);
            assertThat(net.workspace(GradientCheckTest.randomBatch(1, 2, input, output, 1)).kernel).isNull();
            return net;
        } finally {
            System.clearProperty("timescalelab.kernel");
        }
    }

    static double[] randomTheta(RecurrentNet net, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] theta = net.parameters();
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 0.6 * (2 * rng.nextDouble() - 1);
        }
        return theta;
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void float32LossAndGradientMatchTheCheckedDoublePrecisionPath(Architecture arch) {
        for (Readout readout : Readout.values()) {
            // Odd width and a batch that is not a multiple of the 8-row block exercise the edges.
            int width = 13;
            RecurrentNet reference = net(arch, Precision.FLOAT64, readout, width, 3, 2, null);
            reference.setParameters(randomTheta(reference, 17));
            RecurrentNet fast = net(arch, Precision.FLOAT32, readout, width, 3, 2, reference.parameters());
            Batch batch = GradientCheckTest.randomBatch(7, 19, 3, 2, 5);
            assertThat(fast.workspace(batch).kernel).isInstanceOf(JavaKernel.class);
            assertThat(reference.workspace(batch).kernel).isInstanceOf(JavaKernel64.class);

            double l64 = reference.lossAndGradient(batch);
            double l32 = fast.lossAndGradient(batch);
            assertThat(l32).as("%s %s", arch, readout).isCloseTo(l64, org.assertj.core.data.Offset.offset(2e-6 * Math.abs(l64)));
            double[] g64 = reference.gradient();
            double[] g32 = fast.gradient();
            for (TensorInfo t : reference.tensors()) {
                double[] a = java.util.Arrays.copyOfRange(g64, (int) t.offset(), (int) (t.offset() + t.size()));
                double[] b = java.util.Arrays.copyOfRange(g32, (int) t.offset(), (int) (t.offset() + t.size()));
                assertThat(GradientCheckTest.relativeError(b, a)).as("%s %s %s", arch, readout, t.name()).isLessThan(2e-5);
            }
            // The arrays the diagnostics read come back from the kernel too.
            Workspace w64 = reference.workspace(batch);
            Workspace w32 = fast.workspace(batch);
            assertThat(GradientCheckTest.relativeError(w32.states.ravel().toDoubleVector(), w64.states.ravel().toDoubleVector()))
                    .isLessThan(1e-6);
            for (int i = 0; i < reference.cellArrays(w64).size(); i++) {
                NamedArray c64 = reference.cellArrays(w64).get(i);
                NamedArray c32 = fast.cellArrays(w32).get(i);
                assertThat(GradientCheckTest.relativeError(c32.data(), c64.data())).as("%s %s", arch, c64.name()).isLessThan(1e-6);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void theKernelsGiveTheNd4jOpsNumbersToRounding(Architecture arch) {
        Batch batch = GradientCheckTest.randomBatch(9, 15, 3, 2, 21);
        RecurrentNet java64 = net(arch, Precision.FLOAT64, Readout.EVERY_STEP, 21, 3, 2, null);
        java64.setParameters(randomTheta(java64, 4));
        double l64 = java64.lossAndGradient(batch);
        RecurrentNet ops64 = nd4jNet(arch, Precision.FLOAT64, 21, 3, 2, java64.parameters());
        assertThat(ops64.lossAndGradient(batch)).as("%s float64", arch).isCloseTo(l64, org.assertj.core.data.Offset.offset(1e-13 * l64));
        assertThat(GradientCheckTest.relativeError(java64.gradient(), ops64.gradient())).as("%s float64", arch).isLessThan(1e-12);

        RecurrentNet java32 = net(arch, Precision.FLOAT32, Readout.EVERY_STEP, 21, 3, 2, java64.parameters());
        double l32 = java32.lossAndGradient(batch);
        RecurrentNet ops32 = nd4jNet(arch, Precision.FLOAT32, 21, 3, 2, java64.parameters());
        assertThat(ops32.lossAndGradient(batch)).as("%s float32", arch).isCloseTo(l32, org.assertj.core.data.Offset.offset(2e-6 * l32));
        assertThat(GradientCheckTest.relativeError(java32.gradient(), ops32.gradient())).as("%s float32", arch).isLessThan(2e-5);
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void twoThreadsGiveTheSameBitsAsOne(Architecture arch) {
        // 37 rows: five 8-row blocks, split 2 + 3 over two threads, the last block padded.
        Batch batch = GradientCheckTest.randomBatch(37, 12, 3, 2, 8);
        for (Precision p : Precision.values()) {
            RecurrentNet one = net(arch, p, Readout.EVERY_STEP, 19, 3, 2, null);
            one.setParameters(randomTheta(one, 9));
            RecurrentNet two = net(arch, p, Readout.EVERY_STEP, 19, 3, 2, one.parameters());
            int before = KernelThreads.get();
            KernelThreads.set(1);
            double l1 = one.lossAndGradient(batch);
            KernelThreads.set(2);
            double l2;
            try {
                l2 = two.lossAndGradient(batch);
            } finally {
                KernelThreads.set(before);
            }
            assertThat(l2).as("%s %s", arch, p).isEqualTo(l1);
            assertThat(two.gradient()).as("%s %s", arch, p).containsExactly(one.gradient());
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
            LeakyKernel.activateOne(ref, prev, nextRef, width, q);
        }
        assertThat(vec).containsExactly(ref);
        // The in-place σ and tanh of the GRU and LSTM cells, from an offset and with a ragged tail.
        float[] sigmas = a.clone();
        float[] tanhs = a.clone();
        VectorRows.sigmoid(sigmas, 3, 2 * width - 5, new float[2 * width]);
        VectorRows.tanh(tanhs, 3, 2 * width - 5, new float[2 * width]);
        for (int i = 0; i < a.length; i++) {
            boolean inside = i >= 3 && i < 2 * width - 5;
            assertThat(sigmas[i]).as("σ at %d", i).isEqualTo(inside ? FloatMath.sigmoid(a[i]) : a[i]);
            assertThat(tanhs[i]).as("tanh at %d", i).isEqualTo(inside ? FloatMath.tanh(a[i]) : a[i]);
        }
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
            assertThat(JavaKernel64.tanh(x)).isCloseTo(Math.tanh(x), org.assertj.core.data.Offset.offset(1e-15));
            assertThat(JavaKernel64.sigmoid(x)).isCloseTo(1 / (1 + Math.exp(-x)), org.assertj.core.data.Offset.offset(1e-15));
        }
        assertThat(JavaKernel64.tanh(1e-7) / 1e-7).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theVectorProductEqualsTheScalarLoopBitForBit() {
        assertThat(JavaKernel.VECTOR).as("the tests run with --add-modules jdk.incubator.vector").isTrue();
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
            VectorRows.accumulate(a, vec, 0, m, 0, n, 0, cols);
            JavaKernel.accumulateScalar(a, ref, 0, m, 0, n, 0, cols);
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
        LeakyKernel.gatesScalar(g, a, prev, dRef, cRef, width, 0);
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
    void theFloat64VectorProductEqualsItsScalarLoopBitForBit() {
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
        VectorRows64.accumulate(a, vec, 0, m, 1, n, 0, cols);
        JavaKernel64.accumulateScalar(a, ref, 0, m, 1, n, 0, cols);
        for (int i = 0; i < 8; i++) {
            assertThat(vec[i]).containsExactly(ref[i]);
        }
    }

    @Test
    void aFailingPassReachesTheCallerAndLeavesTheThreadsUsable() {
        int before = KernelThreads.get();
        KernelThreads.set(2);
        try {
            // The helper's half fails; then the caller's half fails while the helper is still busy.
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> KernelThreads.run((from, to) -> {
                if (from > 0) {
                    throw new IllegalStateException("helper rows " + from);
                }
            }, 32)).hasMessage("helper rows 16");
            java.util.concurrent.atomic.AtomicInteger helperRows = new java.util.concurrent.atomic.AtomicInteger();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> KernelThreads.run((from, to) -> {
                if (from == 0) {
                    throw new IllegalStateException("caller rows");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
                helperRows.addAndGet(to - from);
            }, 32)).hasMessage("caller rows");
            assertThat(helperRows.get()).as("the helper finished before the pass returned").isEqualTo(16);
            int[] covered = new int[32];
            KernelThreads.run((from, to) -> {
                for (int r = from; r < to; r++) {
                    covered[r]++;
                }
            }, 32);
            assertThat(covered).containsOnly(1);
        } finally {
            KernelThreads.set(before);
        }
    }

    @Test
    void theDiagnosticsReadTheSameLeakFactorsTangentsAndGatesFromTheKernel() {
        RecurrentNet fast = net(Architecture.DIAG_GATE, Precision.FLOAT64, Readout.EVERY_STEP, 11, 3, 2, null);
        Batch batch = GradientCheckTest.randomBatch(10, 17, 3, 2, 31);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(2);
        org.nd4j.linalg.api.ndarray.INDArray[] directions = new org.nd4j.linalg.api.ndarray.INDArray[3];
        for (int d = 0; d < directions.length; d++) {
            double[] dir = new double[(int) fast.parameterCount()];
            for (int i = 0; i < dir.length; i++) {
                dir[i] = rng.nextDouble() - 0.5;
            }
            directions[d] = org.nd4j.linalg.factory.Nd4j.create(dir);
        }
        fast.loss(batch);
        Workspace wf = fast.workspace(batch);
        RecurrentNet slow = nd4jNet(Architecture.DIAG_GATE, Precision.FLOAT64, 11, 3, 2, fast.parameters());
        slow.loss(batch);
        Workspace ws = slow.workspace(batch);
        LeakFactors lf = fast.leakFactors(wf);
        LeakFactors ls = slow.leakFactors(ws);
        assertThat(GradientCheckTest.relativeError(lf.a(), ls.a())).isLessThan(1e-13);
        assertThat(GradientCheckTest.relativeError(lf.r(), ls.r())).isLessThan(1e-13);
        double[][] oneThread = fast.tangentValues(wf, directions);
        double[][] reference = slow.tangentValues(ws, directions);
        int before = KernelThreads.get();
        double[][] twoThreads;
        KernelThreads.set(2);
        try {
            twoThreads = fast.tangentValues(wf, directions);
        } finally {
            KernelThreads.set(before);
        }
        for (int d = 0; d < directions.length; d++) {
            assertThat(GradientCheckTest.relativeError(oneThread[d], reference[d])).as("direction %d", d).isLessThan(1e-12);
            assertThat(twoThreads[d]).as("direction %d on two threads", d).containsExactly(oneThread[d]);
        }
        assertThat(GradientCheckTest.relativeError(fast.meanUpdateFractions(wf), slow.meanUpdateFractions(ws)))
                .isLessThan(1e-13);
    }
}
