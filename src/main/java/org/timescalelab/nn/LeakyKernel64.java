package org.timescalelab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The cell of the leaky-integrator family (CONST_GATE, SHARED_GATE, DIAG_GATE; docs/models.md,
 * "Architectures") in float64, the twin of {@link LeakyKernel}: h' = h + s ⊙ (φ − h) with
 * φ = tanh(a_h + U_h h) and s = s₀, σ(a_s + u_s·h) (one scalar) or σ(a_s + U_s h) (per unit).
 * One block of pre-activations [a_h | a_s] and one recurrent matrix [U_h; U_s]. Backward, with
 * G = dL/dh': dA_h = G ⊙ s ⊙ (1 − φ²); dA_s = G ⊙ (φ − h) ⊙ s(1 − s) (summed over the units for
 * the shared gate); dL/dh ∋ G ⊙ (1 − s) + dA·[U_h; U_s].
 */
final class LeakyKernel64 extends JavaKernel64 {

    private static final boolean VECTOR = JavaKernel.VECTOR;

    private final int gateRows;
    private final double constantGate;
    private double[][][] v;
    private double[][] pre;

    /**
     * @param gateRows 0 (constant gate s₀), 1 (shared) or H (diagonal)
     */
    LeakyKernel64(Workspace ws, RecurrentNet net, KernelPart part, int gateRows, double constantGate) {
        super(ws, net, part);
        this.gateRows = gateRows;
        this.constantGate = constantGate;
    }

    @Override
    void step(int t, int from, int to) {
        double[][] prev = h[t];
        double[][] a = act(0)[t];
        product(prev, a, from, to, ut(0), width);
        double[][] next = h[t + 1];
        for (int b = from; b < real(to); b++) {
            double[] x = a[b];
            double[] p = prev[b];
            double[] n = next[b];
            if (gateRows == width) {
                for (int q = 0; q < width; q++) {
                    activateOne(x, p, n, width, q);
                }
            } else {
                double s = constantGate;
                if (gateRows == 1) {
                    s = sigmoid(x[width]);
                    x[width] = s;
                }
                tanh(x, 0, width, b);
                for (int q = 0; q < width; q++) {
                    n[q] = p[q] + s * (x[q] - p[q]);
                }
            }
        }
    }

    @Override
    void backStep(int t, int from, int to, double[][] grad, double[][] prevGrad) {
        double[][] a = act(0)[t];
        double[][] d = dAct(0)[t];
        double[][] prev = h[t];
        for (int b = from; b < real(to); b++) {
            double[] carry = prevGrad == null ? null : prevGrad[b];
            if (gateRows == width) {
                if (VECTOR) {
                    VectorRows64.gates(grad[b], a[b], prev[b], d[b], carry, width);
                } else {
                    gatesScalar(grad[b], a[b], prev[b], d[b], carry, width, 0);
                }
            } else {
                shared(grad[b], a[b], prev[b], d[b], carry);
            }
        }
        if (prevGrad != null) {
            product(d, prevGrad, from, to, u(0), width + gateRows);
        }
    }

    /** One unit of the diagonal gate's forward step: φ = tanh, s = σ (in place), next = prev + s·(φ − prev). */
    static void activateOne(double[] a, double[] prev, double[] next, int width, int q) {
        double phi = tanh(a[q]);
        double s = sigmoid(a[width + q]);
        a[q] = phi;
        a[width + q] = s;
        next[q] = prev[q] + s * (phi - prev[q]);
    }

    /** The backward step of one row for a constant or shared gate. */
    private void shared(double[] g, double[] x, double[] prev, double[] d, double[] carry) {
        double s = gateRows == 1 ? x[width] : constantGate;
        double oneMinusS = 1 - s;
        double sum = 0;
        for (int q = 0; q < width; q++) {
            double phi = x[q];
            double gq = g[q];
            d[q] = gq * (1 - phi * phi) * s;
            sum += gq * (phi - prev[q]);
            if (carry != null) {
                carry[q] += gq * oneMinusS;
            }
        }
        if (gateRows == 1) {
            d[width] = sum * (s * oneMinusS);
        }
    }

    /** The diagonal gate's backward step of one row from unit {@code q0} on (the Vector API path's tail). */
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

    /**
     * The forward-mode tangent v_t = ∂h_t/∂θ · δθ of the last forward pass of a diagonal-gate
     * network (docs/envelope-and-window.md, "From gates to the envelope"), given the direct
     * pre-activation tangents D_t = ∂(W x_t + U h_{t−1} + b)/∂θ · δθ at fixed states:
     * v_t = v_{t−1} + (φ_t − h_{t−1})·s_t(1 − s_t)·p^s_t + s_t·((1 − φ_t²)·p^φ_t − v_{t−1}) with
     * p_t = D_t + U v_{t−1}; the same operations in the same order as the ND4J path
     * ({@code GateFamilyRnn.tangent}).
     *
     * @param direct D_t, (T·B)×2H time-major
     * @return v_t, time-major [(t·B + b)·H + q]
     */
    double[] tangent(INDArray direct) {
        int rows = width + gateRows;
        if (v == null) {
            v = new double[length + 1][padded][width];
            pre = new double[padded][rows];
        }
        Native in = new Native(direct);
        double[] out = new double[length * batch * width];
        double[][][] act = act(0);
        for (int t = 0; t < length; t++) {
            for (int b = 0; b < batch; b++) {
                in.get(t * batch + b, rows, pre[b]);
            }
            product(v[t], pre, 0, padded, ut(0), width);
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
        return out;
    }

    /**
     * The leak factors of the last forward pass of a diagonal-gate network (docs/models.md, "Leak
     * and correction"): a = 1 − s and r = s(1 − φ²)·u_h + (φ − h_{t−1})·s(1 − s)·u_s per unit,
     * time-major [(t·B + b)·H + q]; the same operations in the same order as
     * {@code GateFamilyRnn.leakFactors}.
     */
    LeakFactors leakFactors(double[] uh, double[] us) {
        double[] a = new double[length * batch * width];
        double[] r = new double[a.length];
        double[][][] act = act(0);
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

    /** The mean update fraction s of each unit of a diagonal-gate network over the last forward pass. */
    double[] meanGates() {
        double[] sum = new double[width];
        double[][][] act = act(0);
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

    /** Whether the diagnostics may read this kernel's own tangent, leak factors and mean gates (diagonal gates only). */
    boolean diagonal() {
        return gateRows == width;
    }
}
