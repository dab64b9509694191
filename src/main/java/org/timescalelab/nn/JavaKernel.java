package org.timescalelab.nn;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The recurrent time loop of every architecture in plain Java, float32, shared by the five: a
 * subclass per cell ({@link LeakyKernel} for CONST_GATE, SHARED_GATE and DIAG_GATE,
 * {@link GruKernel}, {@link LstmKernel}) writes only the cell's pointwise part and says which
 * products it needs; the time loop, the recurrent products, the transfer to and from ND4J and the
 * split over threads ({@link KernelThreads}) are here. {@link JavaKernel64} is the float64 twin,
 * line for line with {@code double} for {@code float} (Java has no generics over primitives, so
 * the two are kept in step by hand; the float32 files were made from the float64 ones). The big
 * products over all steps (input projections, readout, weight gradients) stay single ND4J calls.
 * Not thread-safe: one kernel per workspace, used by its network's thread.
 *
 * <p>Implementation notes. A training step is T small steps, each a B×H by H×R product and a few
 * element-wise maps; through ND4J each of these is an op whose Java-side set-up (op objects,
 * shape descriptors, buffer wrappers) costs several microseconds and allocates, and at H = 32
 * that set-up, not arithmetic, took 80% of the step (bench/profile.sh). Here every matrix row is
 * its own {@code float[]}, the products are row updates {@code out[j] += a·u[j]} over eight batch
 * rows at once (the batch is padded to a multiple of 8), and nothing is allocated per step. With
 * the Vector API ({@link VectorRows}, when the JVM has its module) the products are
 * register-blocked fused multiply-adds, bit for bit the same sums as the scalar loops used
 * without it; tanh and σ come from {@link FloatMath}'s exp, built from basic IEEE operations, in
 * the vector and the scalar path alike. Not the Vector API's own exp: it is an intrinsic only once
 * C2 has compiled the loop and its interpreted fallback rounds differently, so a run would depend
 * on when the JIT kicked in (seen here: sweep rows differing in the 13th digit between one and two
 * runs at once). Arrays move between ND4J and Java once per pass, a native copy per row through
 * pointers made once. The tests compare this path with the float64 path, whose gradient is
 * checked against finite differences, and with the ND4J ops ({@code timescalelab.kernel=nd4j}).
 */
abstract class JavaKernel implements RecurrentKernel {

    static final int BLOCK = 8;

    /**
     * Whether the products use the Vector API: its module is in the boot layer (started with
     * {@code --add-modules jdk.incubator.vector}) and {@code timescalelab.kernel} is not {@code scalar}.
     */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"scalar".equals(System.getProperty("timescalelab.kernel"));

    final int batch;
    final int padded;
    final int length;
    final int width;
    /** The states h_{−1} = 0, h_0 … h_{T−1}: h[t] feeds step t. */
    final float[][][] h;
    /** dL/dh_t: the readout's part on entry to the backward loop, then the full gradient. */
    private float[][][] g;
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
        final FloatPointer p;
        final long base;

        Native(INDArray array) {
            this.array = array;
            this.p = new FloatPointer(array.data().pointer());
            this.base = array.offset();
        }
    }

    /** One block of pre-activations: its (T·B)×cols ND4J arrays and their Java copies, [t][row][col]. */
    static final class Block {
        final Native act;
        final Native dAct;
        final int cols;
        final float[][][] a;
        float[][][] d;

        Block(INDArray act, INDArray dAct, int cols, int length, int padded) {
            this.act = new Native(act);
            this.dAct = new Native(dAct);
            this.cols = cols;
            this.a = new float[length][padded][cols];
        }
    }

    /** One recurrent matrix (rows×H, a view into θ), copied as u and as its transpose ut. */
    static final class Weights {
        final Native view;
        final float[][] u;
        final float[][] ut;

        Weights(INDArray view) {
            this.view = new Native(view);
            int rows = (int) view.rows();
            int cols = (int) view.columns();
            u = new float[rows][cols];
            ut = new float[cols][rows];
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

    JavaKernel(Workspace ws, INDArray[] recurrent, INDArray[] act, INDArray[] dAct) {
        this.batch = ws.batch;
        this.padded = (batch + BLOCK - 1) / BLOCK * BLOCK;
        this.length = ws.length;
        this.width = ws.width;
        this.states = new Native(ws.states);
        this.dStates = new Native(ws.dStates);
        h = new float[length + 1][padded][width];
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
    final float[][][] act(int i) {
        return blocks[i].a;
    }

    /** The pre-activation gradients of block i, [t][row][col], filled by {@link #backward}. */
    final float[][][] dAct(int i) {
        return blocks[i].d;
    }

    /** Recurrent matrix i as rows×H. */
    final float[][] u(int i) {
        return weights[i].u;
    }

    /** Recurrent matrix i transposed, H×rows. */
    final float[][] ut(int i) {
        return weights[i].ut;
    }

    /** dL/dh_t for every step, [t][row][unit]. */
    final float[][][] stateGradients() {
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
            g = new float[length][padded][width];
            for (Block b : blocks) {
                b.d = new float[length][padded][b.cols];
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
    abstract void backStep(int t, int from, int to, float[][] grad, float[][] prevGrad);

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
    static void product(float[][] in, float[][] out, int from, int to, float[][] m, int n) {
        int cols = m[0].length;
        for (int b = from; b < to; b += BLOCK) {
            if (VECTOR) {
                VectorRows.accumulate(in, out, b, m, n, cols);
            } else {
                accumulateScalar(in, out, b, m, n, 0, cols);
            }
        }
    }

    /** The product of eight rows without the Vector API, for the columns from {@code j0} to {@code cols}. */
    static void accumulateScalar(float[][] in, float[][] out, int b, float[][] m, int n, int j0, int cols) {
        for (int i = b; i < b + BLOCK; i++) {
            float[] a = in[i];
            float[] o = out[i];
            for (int k = 0; k < n; k++) {
                float x = a[k];
                float[] row = m[k];
                for (int j = j0; j < cols; j++) {
                    o[j] = Math.fma(x, row[j], o[j]);
                }
            }
        }
    }

    /** Row by row from a contiguous time-major (T·B)×cols array (one native copy per row). */
    final void read(Native from, float[][][] to, int cols) {
        for (int t = 0; t < length; t++) {
            for (int b = 0; b < batch; b++) {
                from.p.position(from.base + (long) (t * batch + b) * cols).get(to[t][b], 0, cols);
            }
        }
    }

    /** Row by row into a contiguous time-major array of {@code from.length}·B rows. */
    final void write(float[][][] from, Native to, int cols) {
        for (int t = 0; t < from.length; t++) {
            for (int b = 0; b < batch; b++) {
                to.p.position(to.base + (long) (t * batch + b) * cols).put(from[t][b], 0, cols);
            }
        }
    }

    static float tanh(float x) {
        return FloatMath.tanh(x);
    }

    static float sigmoid(float x) {
        return FloatMath.sigmoid(x);
    }
}
