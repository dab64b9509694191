package org.timescalelab.nn;

import java.lang.ref.Reference;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The recurrent loops of the diagonal-gate RNN (docs/models.md, "Architectures") in float32, in plain Java:
 * forward h_t = h_{t−1} + s_t ⊙ (φ_t − h_{t−1}) with φ_t = tanh(a_t + U_h h_{t−1}),
 * s_t = σ(c_t + U_s h_{t−1}) (a_t, c_t the input projections with biases), and the matching
 * backward recursion to the pre-activation gradients. The big products (input projection,
 * readout, weight gradients over all steps) stay single ND4J calls; only the per-step work moves
 * here. Not thread-safe: one kernel per workspace, used by its network's thread.
 *
 * <p>Implementation notes. A training step of the gated RNN is T small steps, each a B×H by H×2H
 * product and a few element-wise maps; through ND4J each of these is an op whose Java-side set-up
 * (op objects, shape descriptors, buffer wrappers) costs several microseconds and allocates, and
 * at H = 32 that set-up, not arithmetic, took 80% of the step (bench/profile.sh). Here every
 * matrix row is its own {@code float[]}, the products are row updates {@code out[j] += a·u[j]}
 * over eight batch rows at once (the batch is padded to a multiple of 8), and nothing is
 * allocated per step. With the Vector API ({@link VectorRows}, when the JVM has its module) the
 * products and the backward step are register-blocked fused multiply-adds and vector arithmetic,
 * bit for bit the same sums as the scalar loops used without it; tanh and σ come from
 * {@link FloatMath}'s exp, built from basic IEEE operations, in the vector and the scalar path
 * alike. Not the Vector API's own exp: it is an intrinsic only once C2 has compiled the loop and
 * its interpreted fallback rounds differently, so a run would depend on when the JIT kicked in (seen
 * here: sweep rows differing in the 13th digit between one and two runs at once). Arrays move
 * between ND4J and Java once per pass, a native copy per row (no full-size staging array).
 * {@link DiagGateKernel64} is the float64 twin. The tests compare this path with the float64
 * path, whose gradient is checked against finite differences.
 */
final class DiagGateKernel implements RecurrentKernel {

    private static final int BLOCK = 8;

    /**
     * Whether the products use the Vector API: its module is in the boot layer (started with
     * {@code --add-modules jdk.incubator.vector}) and {@code timescalelab.kernel} is not {@code scalar}.
     */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"scalar".equals(System.getProperty("timescalelab.kernel"));

    private final int batch;
    private final int padded;
    private final int length;
    private final int width;
    private final int rows;
    private final float[][] u;
    private final float[][] ut;
    private final float[][][] act;
    private final float[][][] h;
    private float[][][] dAct;
    private float[][][] g;
    private final float[][] expScratch;

    DiagGateKernel(int batch, int length, int width) {
        this.batch = batch;
        this.padded = (batch + BLOCK - 1) / BLOCK * BLOCK;
        this.length = length;
        this.width = width;
        this.rows = 2 * width;
        u = new float[rows][width];
        ut = new float[width][rows];
        act = new float[length][padded][rows];
        h = new float[length + 1][padded][width];
        expScratch = new float[2][width];
    }

    @Override
    public void forward(INDArray wRec, INDArray actArray, INDArray states) {
        loadWeights(wRec);
        read(actArray, act, rows);
        for (int t = 0; t < length; t++) {
            float[][] prev = h[t];
            float[][] out = act[t];
            for (int b = 0; b < padded; b += BLOCK) {
                accumulate(prev, out, b, ut, width);
            }
            float[][] next = h[t + 1];
            for (int b = 0; b < batch; b++) {
                activate(out[b], prev[b], next[b]);
            }
        }
        write(act, actArray, rows);
        write(h, states, width);
    }

    @Override
    public void backward(INDArray dStates, INDArray dActArray) {
        if (g == null) {
            // Backward buffers on first use: the diagnostics' 256-sequence pass only runs forward.
            dAct = new float[length][padded][rows];
            g = new float[length][padded][width];
        }
        read(dStates, g, width);
        for (int t = length - 1; t >= 0; t--) {
            float[][] gt = g[t];
            float[][] d = dAct[t];
            for (int b = 0; b < batch; b++) {
                gates(gt[b], act[t][b], h[t][b], d[b], t > 0 ? g[t - 1][b] : null);
            }
            if (t > 0) {
                for (int b = 0; b < padded; b += BLOCK) {
                    accumulate(d, g[t - 1], b, u, rows);
                }
            }
        }
        write(dAct, dActArray, rows);
    }

    /**
     * out[b..b+7][:] += in[b..b+7][k] · m[k][:], summed over k &lt; n. The batch is padded to a
     * multiple of 8 rows; the padding rows hold zeros in, and what they get out is never read.
     */
    private static void accumulate(float[][] in, float[][] out, int b, float[][] m, int n) {
        if (VECTOR) {
            VectorRows.accumulate(in, out, b, m, n, m[0].length);
        } else {
            accumulateScalar(in, out, b, m, n, 0, m[0].length);
        }
    }

    /** The same product without the Vector API, for the columns from {@code j0} to {@code cols}. */
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

    /** Pre-activations → φ, s (in place) and the new state. */
    private void activate(float[] a, float[] prev, float[] next) {
        if (VECTOR) {
            VectorRows.activate(a, prev, next, width, expScratch[0], expScratch[1]);
            return;
        }
        for (int q = 0; q < width; q++) {
            activateOne(a, prev, next, width, q);
        }
    }

    /** One unit of {@link #activate}: φ = tanh, s = σ ({@link FloatMath}), next = prev + s·(φ − prev). */
    static void activateOne(float[] a, float[] prev, float[] next, int width, int q) {
        float phi = FloatMath.tanh(a[q]);
        float s = FloatMath.sigmoid(a[width + q]);
        a[q] = phi;
        a[width + q] = s;
        next[q] = prev[q] + s * (phi - prev[q]);
    }

    /** One unit row of the backward step; adds the direct path (1 − s)·g to {@code carry} (null at t = 0). */
    private void gates(float[] gt, float[] a, float[] prev, float[] d, float[] carry) {
        if (VECTOR) {
            VectorRows.gates(gt, a, prev, d, carry, width);
        } else {
            gatesScalar(gt, a, prev, d, carry, width, 0);
        }
    }

    /** {@link #gates} for the units from {@code q0} on. */
    static void gatesScalar(float[] gt, float[] a, float[] prev, float[] d, float[] carry, int width, int q0) {
        for (int q = q0; q < width; q++) {
            float phi = a[q];
            float s = a[width + q];
            float gq = gt[q];
            float oneMinusS = 1 - s;
            d[q] = gq * s * (1 - phi * phi);
            d[width + q] = gq * (phi - prev[q]) * (s * oneMinusS);
            if (carry != null) {
                carry[q] += gq * oneMinusS;
            }
        }
    }

    private void loadWeights(INDArray wRec) {
        FloatPointer p = pointer(wRec);
        long base = p.position();
        for (int r = 0; r < rows; r++) {
            p.position(base + (long) r * width).get(u[r], 0, width);
            for (int k = 0; k < width; k++) {
                ut[k][r] = u[r][k];
            }
        }
        Reference.reachabilityFence(wRec);
    }

    /** Row by row from a contiguous time-major (T·B)×cols array (one native copy per row, no staging array). */
    private void read(INDArray from, float[][][] to, int cols) {
        FloatPointer p = pointer(from);
        long base = p.position();
        for (int t = 0; t < length; t++) {
            for (int b = 0; b < batch; b++) {
                p.position(base + (long) (t * batch + b) * cols).get(to[t][b], 0, cols);
            }
        }
        Reference.reachabilityFence(from);
    }

    private void write(float[][][] from, INDArray to, int cols) {
        FloatPointer p = pointer(to);
        long base = p.position();
        for (int t = 0; t < from.length; t++) {
            for (int b = 0; b < batch; b++) {
                p.position(base + (long) (t * batch + b) * cols).put(from[t][b], 0, cols);
            }
        }
        Reference.reachabilityFence(to);
    }

    /**
     * A pointer to a's first element. ND4J frees an array's native memory once the array object is
     * unreachable, so every method that reads through it fences the array until it is done.
     */
    private static FloatPointer pointer(INDArray a) {
        FloatPointer p = new FloatPointer(a.data().pointer());
        p.position(a.offset());
        return p;
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
