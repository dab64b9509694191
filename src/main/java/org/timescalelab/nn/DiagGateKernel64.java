package org.timescalelab.nn;

import java.lang.ref.Reference;

import org.bytedeco.javacpp.DoublePointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The recurrent loops of the diagonal-gate RNN (docs/models.md, "Architectures") in float64: the twin of
 * {@link DiagGateKernel}, line for line with {@code double} for {@code float} (Java has no
 * generics over primitives, so the two are kept in step by hand). Float64 networks run the
 * gradient checks and the diagnostics; with this kernel they train within 2.5× of float32 instead
 * of 4.7×. The finite-difference gradient check (GradientCheckTest) runs on this path. Not
 * thread-safe: one kernel per workspace.
 */
final class DiagGateKernel64 implements RecurrentKernel {

    private static final int BLOCK = 8;

    private static final boolean VECTOR = DiagGateKernel.VECTOR;

    private final int batch;
    private final int padded;
    private final int length;
    private final int width;
    private final int rows;
    private final double[][] u;
    private final double[][] ut;
    private final double[][][] act;
    private final double[][][] h;
    private double[][][] dAct;
    private double[][][] v;
    private double[][] pre;
    private double[][][] g;

    DiagGateKernel64(int batch, int length, int width) {
        this.batch = batch;
        this.padded = (batch + BLOCK - 1) / BLOCK * BLOCK;
        this.length = length;
        this.width = width;
        this.rows = 2 * width;
        u = new double[rows][width];
        ut = new double[width][rows];
        act = new double[length][padded][rows];
        h = new double[length + 1][padded][width];
    }

    @Override
    public void forward(INDArray wRec, INDArray actArray, INDArray states) {
        loadWeights(wRec);
        read(actArray, act, rows);
        for (int t = 0; t < length; t++) {
            double[][] prev = h[t];
            double[][] out = act[t];
            for (int b = 0; b < padded; b += BLOCK) {
                accumulate(prev, out, b, ut, width);
            }
            double[][] next = h[t + 1];
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
            dAct = new double[length][padded][rows];
            g = new double[length][padded][width];
        }
        read(dStates, g, width);
        for (int t = length - 1; t >= 0; t--) {
            double[][] gt = g[t];
            double[][] d = dAct[t];
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
    private static void accumulate(double[][] in, double[][] out, int b, double[][] m, int n) {
        if (VECTOR) {
            VectorRows64.accumulate(in, out, b, m, n, m[0].length);
        } else {
            accumulateScalar(in, out, b, m, n, 0, m[0].length);
        }
    }

    /** The same product without the Vector API, for the columns from {@code j0} to {@code cols}. */
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

    /** Pre-activations → φ, s (in place) and the new state. */
    private void activate(double[] a, double[] prev, double[] next) {
        for (int q = 0; q < width; q++) {
            activateOne(a, prev, next, width, q);
        }
    }

    /** One unit of {@link #activate}: φ = tanh, s = σ, next = prev + s·(φ − prev). */
    static void activateOne(double[] a, double[] prev, double[] next, int width, int q) {
        double phi = DiagGateKernel.tanh(a[q]);
        double s = DiagGateKernel.sigmoid(a[width + q]);
        a[q] = phi;
        a[width + q] = s;
        next[q] = prev[q] + s * (phi - prev[q]);
    }

    /** One unit row of the backward step; adds the direct path (1 − s)·g to {@code carry} (null at t = 0). */
    private void gates(double[] gt, double[] a, double[] prev, double[] d, double[] carry) {
        if (VECTOR) {
            VectorRows64.gates(gt, a, prev, d, carry, width);
        } else {
            gatesScalar(gt, a, prev, d, carry, width, 0);
        }
    }

    /** {@link #gates} for the units from {@code q0} on. */
    static void gatesScalar(double[] gt, double[] a, double[] prev, double[] d, double[] carry, int width, int q0) {
        for (int q = q0; q < width; q++) {
            double phi = a[q];
            double s = a[width + q];
            double gq = gt[q];
            double oneMinusS = 1 - s;
            d[q] = gq * s * (1 - phi * phi);
            d[width + q] = gq * (phi - prev[q]) * (s * oneMinusS);
            if (carry != null) {
                carry[q] += gq * oneMinusS;
            }
        }
    }

    private void loadWeights(INDArray wRec) {
        DoublePointer p = pointer(wRec);
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
    private void read(INDArray from, double[][][] to, int cols) {
        DoublePointer p = pointer(from);
        long base = p.position();
        for (int t = 0; t < length; t++) {
            for (int b = 0; b < batch; b++) {
                p.position(base + (long) (t * batch + b) * cols).get(to[t][b], 0, cols);
            }
        }
        Reference.reachabilityFence(from);
    }

    private void write(double[][][] from, INDArray to, int cols) {
        DoublePointer p = pointer(to);
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
    private static DoublePointer pointer(INDArray a) {
        DoublePointer p = new DoublePointer(a.data().pointer());
        p.position(a.offset());
        return p;
    }

    /**
     * The forward-mode tangent v_t = ∂h_t/∂θ · δθ of the last forward pass (docs/envelope-and-window.md, "From gates to the envelope"), given
     * the direct pre-activation tangents D_t = ∂(W x_t + U h_{t−1} + b)/∂θ · δθ at fixed states:
     * v_t = v_{t−1} + (φ_t − h_{t−1})·s_t(1 − s_t)·p^s_t + s_t·((1 − φ_t²)·p^φ_t − v_{t−1}) with
     * p_t = D_t + U v_{t−1}; the same operations in the same order as the ND4J path
     * ({@code GateFamilyRnn.tangent}).
     *
     * @param direct D_t, (T·B)×2H time-major
     * @return v_t, time-major [(t·B + b)·H + q]
     */
    double[] tangent(INDArray direct) {
        if (v == null) {
            v = new double[length + 1][padded][width];
            pre = new double[padded][rows];
        }
        DoublePointer in = pointer(direct);
        long base = in.position();
        double[] out = new double[length * batch * width];
        for (int t = 0; t < length; t++) {
            for (int b = 0; b < batch; b++) {
                in.position(base + (long) (t * batch + b) * rows).get(pre[b], 0, rows);
            }
            for (int b = 0; b < padded; b += BLOCK) {
                accumulate(v[t], pre, b, ut, width);
            }
            for (int b = 0; b < batch; b++) {
                double[] a = act[t][b];
                double[] p = pre[b];
                double[] vp = v[t][b];
                double[] hp = h[t][b];
                double[] vn = v[t + 1][b];
                for (int q = 0; q < width; q++) {
                    double phi = a[q];
                    double s = a[width + q];
                    double deriv = (1 - phi * phi) * p[q] - vp[q];
                    double d = (phi - hp[q]) * ((1 - s) * s * p[width + q]);
                    vn[q] = vp[q] + d + deriv * s;
                }
                System.arraycopy(vn, 0, out, (t * batch + b) * width, width);
            }
        }
        Reference.reachabilityFence(direct);
        return out;
    }

    /**
     * The leak factors of the last forward pass (docs/models.md, "Leak and correction"): a = 1 − s and
     * r = s(1 − φ²)·u_h + (φ − h_{t−1})·s(1 − s)·u_s per unit, time-major [(t·B + b)·H + q]; the
     * same operations in the same order as {@code GateFamilyRnn.leakFactors}.
     */
    LeakFactors leakFactors(double[] uh, double[] us) {
        double[] a = new double[length * batch * width];
        double[] r = new double[a.length];
        for (int t = 0; t < length; t++) {
            for (int b = 0; b < batch; b++) {
                double[] x = act[t][b];
                double[] prev = h[t][b];
                int o = (t * batch + b) * width;
                for (int q = 0; q < width; q++) {
                    double sv = x[width + q];
                    double ph = x[q];
                    a[o + q] = 1 - sv;
                    r[o + q] = sv * (1 - ph * ph) * uh[q] + (ph - prev[q]) * sv * (1 - sv) * us[q];
                }
            }
        }
        return new LeakFactors(a, r, null);
    }

    /** The mean update fraction s of each unit over the steps and sequences of the last forward pass. */
    double[] meanGates() {
        double[] sum = new double[width];
        for (int t = 0; t < length; t++) {
            for (int b = 0; b < batch; b++) {
                double[] x = act[t][b];
                for (int q = 0; q < width; q++) {
                    sum[q] += x[width + q];
                }
            }
        }
        for (int q = 0; q < width; q++) {
            sum[q] /= (double) length * batch;
        }
        return sum;
    }
}
