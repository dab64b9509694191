package org.timescalelab.nn;

import org.bytedeco.javacpp.DoublePointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The recurrent time loop of every architecture in plain Java, float64: the twin of
 * {@link JavaKernel}, line for line with {@code double} for {@code float} (Java has no generics
 * over primitives, so the two are kept in step by hand; see that class for the design). Float64
 * networks run the gradient checks and the diagnostics; the finite-difference gradient check
 * (GradientCheckTest) runs on this path. Not thread-safe: one kernel per workspace.
 */
abstract class JavaKernel64 implements RecurrentKernel {

    static final int BLOCK = JavaKernel.BLOCK;

    private static final boolean VECTOR = JavaKernel.VECTOR;

    final int batch;
    final int padded;
    final int length;
    final int width;
    /** The states h_{−1} = 0, h_0 … h_{T−1}: h[t] feeds step t. */
    final double[][][] h;
    /** dL/dh_t: the readout's part on entry to the backward loop, then the full gradient. */
    private double[][][] g;
    private final Block[] blocks;
    private final Weights[] weights;
    private final Native states;
    private final Native dStates;
    private final KernelThreads.Rows forwardRows = this::forwardRows;
    private final KernelThreads.Rows backwardRows = this::backwardRows;

    /**
     * A contiguous ND4J array and a pointer to its first element, made once: the kernel keeps the
     * array reachable (ND4J frees its native memory with the object) and reuses the pointer, so
     * moving rows allocates nothing.
     */
    static final class Native {
        final INDArray array;
        final DoublePointer p;
        final long base;

        Native(INDArray array) {
            this.array = array;
            this.p = new DoublePointer(array.data().pointer());
            this.base = array.offset();
        }
    }

    /** One block of pre-activations: its (T·B)×cols ND4J arrays and their Java copies, [t][row][col]. */
    static final class Block {
        final Native act;
        final Native dAct;
        final int cols;
        final double[][][] a;
        double[][][] d;

        Block(INDArray act, INDArray dAct, int cols, int length, int padded) {
            this.act = new Native(act);
            this.dAct = new Native(dAct);
            this.cols = cols;
            this.a = new double[length][padded][cols];
        }
    }

    /** One recurrent matrix (rows×H, a view into θ), copied as u and as its transpose ut. */
    static final class Weights {
        final Native view;
        final double[][] u;
        final double[][] ut;

        Weights(INDArray view) {
            this.view = new Native(view);
            int rows = (int) view.rows();
            int cols = (int) view.columns();
            u = new double[rows][cols];
            ut = new double[cols][rows];
        }

        void load() {
            int cols = ut.length;
            for (int r = 0; r < u.length; r++) {
                view.p.position(view.base + (long) r * cols).get(u[r], 0, cols);
                for (int k = 0; k < cols; k++) {
                    ut[k][r] = u[r][k];
                }
            }
        }
    }

    JavaKernel64(Workspace ws, INDArray[] recurrent, INDArray[] act, INDArray[] dAct) {
        this.batch = ws.batch;
        this.padded = (batch + BLOCK - 1) / BLOCK * BLOCK;
        this.length = ws.length;
        this.width = ws.width;
        this.states = new Native(ws.states);
        this.dStates = new Native(ws.dStates);
        h = new double[length + 1][padded][width];
        weights = new Weights[recurrent.length];
        for (int i = 0; i < recurrent.length; i++) {
            weights[i] = new Weights(recurrent[i]);
        }
        blocks = new Block[act.length];
        for (int i = 0; i < act.length; i++) {
            blocks[i] = new Block(act[i], dAct[i], (int) act[i].columns(), length, padded);
        }
    }

    /** The pre-activations of block i, [t][row][col]: activations after {@link #forward}. */
    final double[][][] act(int i) {
        return blocks[i].a;
    }

    /** The pre-activation gradients of block i, [t][row][col], filled by {@link #backward}. */
    final double[][][] dAct(int i) {
        return blocks[i].d;
    }

    /** Recurrent matrix i as rows×H. */
    final double[][] u(int i) {
        return weights[i].u;
    }

    /** Recurrent matrix i transposed, H×rows. */
    final double[][] ut(int i) {
        return weights[i].ut;
    }

    /** dL/dh_t for every step, [t][row][unit]. */
    final double[][][] stateGradients() {
        return g;
    }

    @Override
    public final void forward() {
        for (Weights w : weights) {
            w.load();
        }
        for (Block b : blocks) {
            read(b.act, b.a, b.cols);
        }
        KernelThreads.run(forwardRows, padded);
        for (Block b : blocks) {
            write(b.a, b.act, b.cols);
        }
        write(h, states, width);
        afterForward();
    }

    @Override
    public final void backward() {
        if (g == null) {
            // Backward buffers on first use: a diagnostics pass only runs forward.
            g = new double[length][padded][width];
            for (Block b : blocks) {
                b.d = new double[length][padded][b.cols];
            }
            allocateBackward();
        }
        read(dStates, g, width);
        KernelThreads.run(backwardRows, padded);
        for (Block b : blocks) {
            write(b.d, b.dAct, b.cols);
        }
    }

    private void forwardRows(int from, int to) {
        for (int t = 0; t < length; t++) {
            step(t, from, to);
        }
    }

    private void backwardRows(int from, int to) {
        beginBackward(from, to);
        for (int t = length - 1; t >= 0; t--) {
            backStep(t, from, to, g[t], t > 0 ? g[t - 1] : null);
        }
    }

    /** One forward step for rows [from, to) (multiples of {@link #BLOCK}): h[t] → h[t + 1], activations in place. */
    abstract void step(int t, int from, int to);

    /**
     * One backward step for rows [from, to): from dL/dh_t ({@code grad}) and the cell's own carries,
     * the pre-activation gradients of step t, and dL/dh_{t−1} added into {@code prevGrad} (null at t = 0).
     */
    abstract void backStep(int t, int from, int to, double[][] grad, double[][] prevGrad);

    /** Hook after the forward loop (the LSTM writes its cells back). */
    void afterForward() {
    }

    /** Hook before the first backward pass (the cells' own backward buffers). */
    void allocateBackward() {
    }

    /** Hook at the start of the backward loop over rows [from, to) (the LSTM clears its cell carry). */
    void beginBackward(int from, int to) {
    }

    /** The last real (unpadded) row of a chunk, exclusive. */
    final int real(int to) {
        return Math.min(to, batch);
    }

    /**
     * out[i][:] += in[i][k]·m[k][:] for rows i in [from, to), summed over k &lt; n, eight rows at a
     * time. Padding rows hold zeros in, and what they get out is never read.
     */
    static void product(double[][] in, double[][] out, int from, int to, double[][] m, int n) {
        int cols = m[0].length;
        for (int b = from; b < to; b += BLOCK) {
            if (VECTOR) {
                VectorRows64.accumulate(in, out, b, m, n, cols);
            } else {
                accumulateScalar(in, out, b, m, n, 0, cols);
            }
        }
    }

    /** The product of eight rows without the Vector API, for the columns from {@code j0} to {@code cols}. */
    static void accumulateScalar(double[][] in, double[][] out, int b, double[][] m, int n, int j0, int cols) {
        for (int i = b; i < b + BLOCK; i++) {
            double[] a = in[i];
            double[] o = out[i];
            for (int k = 0; k < n; k++) {
                double x = a[k];
                double[] row = m[k];
                for (int j = j0; j < cols; j++) {
                    o[j] = Math.fma(x, row[j], o[j]);
                }
            }
        }
    }

    /** Row by row from a contiguous time-major (T·B)×cols array (one native copy per row). */
    final void read(Native from, double[][][] to, int cols) {
        for (int t = 0; t < length; t++) {
            for (int b = 0; b < batch; b++) {
                from.p.position(from.base + (long) (t * batch + b) * cols).get(to[t][b], 0, cols);
            }
        }
    }

    /** Row by row into a contiguous time-major array of {@code from.length}·B rows. */
    final void write(double[][][] from, Native to, int cols) {
        for (int t = 0; t < from.length; t++) {
            for (int b = 0; b < batch; b++) {
                to.p.position(to.base + (long) (t * batch + b) * cols).put(from[t][b], 0, cols);
            }
        }
    }

    static double tanh(double x) {
        double e = Math.exp(-2 * Math.abs(x));
        double t = (1 - e) / (1 + e);
        return x < 0 ? -t : t;
    }

    static double sigmoid(double x) {
        double e = Math.exp(-Math.abs(x));
        return x >= 0 ? 1 / (1 + e) : e / (1 + e);
    }
}
