package org.timescalelab.nn;


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
        product(prev, a, from, to, ut(0));
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
            product(d, prevGrad, from, to, u(0));
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
     * The forward-mode tangents v_t = ∂h_t/∂θ · δθ of the last forward pass of a diagonal-gate
     * network (docs/envelope-and-window.md, "From gates to the envelope") along K directions δθ:
     * v_t = v_{t−1} + (φ_t − h_{t−1})·s_t(1 − s_t)·p^s_t + s_t·((1 − φ_t²)·p^φ_t − v_{t−1}) with
     * p_t = δb + δW_in x_t + δU h_{t−1} + U v_{t−1}, the direct part and the recurrent one by the
     * training kernel's products, every direction in one time loop, the batch rows split over the
     * kernel threads. The same arithmetic as the ND4J path ({@code GateFamilyRnn.tangent}) up to
     * the order of the sums.
     *
     * @param directions δθ of each direction, laid out as θ
     * @param inOffset   offset of W_in (R×D) in θ
     * @param recOffset  offset of U (R×H)
     * @param biasOffset offset of b (R)
     * @return v_t of each direction, time-major [(t·B + b)·H + q]
     */
    double[][] tangents(double[][] directions, int inOffset, int recOffset, int biasOffset) {
        int rows = width + gateRows;
        int k = directions.length;
        // Per direction, [δU; U] transposed (2H × R): δU h_{t−1} + U v_{t−1} is one product of the
        // row [h_{t−1} | v_{t−1}] with it, a matrix each direction keeps in cache over its time loop.
        double[][][] stacked = new double[k][2 * width][];
        double[][][] dWinT = new double[k][inputs()][rows];
        double[][] dB = new double[k][rows];
        for (int d = 0; d < k; d++) {
            double[] dir = directions[d];
            for (int q = 0; q < width; q++) {
                stacked[d][q] = new double[rows];
                stacked[d][width + q] = ut(0)[q];
            }
            for (int r = 0; r < rows; r++) {
                for (int q = 0; q < width; q++) {
                    stacked[d][q][r] = dir[recOffset + r * width + q];
                }
                for (int i = 0; i < inputs(); i++) {
                    dWinT[d][i][r] = dir[inOffset + r * inputs() + i];
                }
                dB[d][r] = dir[biasOffset + r];
            }
        }
        double[][] out = new double[k][length * batch * width];
        double[][][] hv = new double[2][padded][2 * width];
        double[][] pre = new double[padded][rows];
        KernelThreads.run((from, to) -> {
            for (int d = 0; d < k; d++) {
                tangentRows(from, to, stacked[d], dWinT[d], dB[d], hv, pre, out[d]);
            }
        }, padded);
        return out;
    }

    /**
     * One direction's tangent over the batch rows [from, to): hv[t % 2] holds [h_{t−1} | v_{t−1}]
     * per row, the next step's is written into hv[(t + 1) % 2].
     */
    private void tangentRows(int from, int to, double[][] stacked, double[][] dWinT, double[] dB, double[][][] hv,
                             double[][] pre, double[] out) {
        int rows = width + gateRows;
        double[][][] act = act(0);
        double[][] x = inputRows();
        for (int b = from; b < to; b++) {
            java.util.Arrays.fill(hv[0][b], 0);
        }
        for (int t = 0; t < length; t++) {
            double[][] cur = hv[t % 2];
            double[][] next = hv[(t + 1) % 2];
            for (int b = from; b < real(to); b++) {
                double[] pb = pre[b];
                double[] xb = x[t * batch + b];
                System.arraycopy(dB, 0, pb, 0, rows);
                for (int i = 0; i < xb.length; i++) {
                    double xi = xb[i];
                    double[] w = dWinT[i];
                    for (int r = 0; r < rows; r++) {
                        pb[r] = Math.fma(xi, w[r], pb[r]);
                    }
                }
            }
            product(cur, pre, from, to, stacked);
            for (int b = from; b < real(to); b++) {
                double[] a = act[t][b];
                double[] pb = pre[b];
                double[] hp = h[t][b];
                double[] vp = cur[b];
                double[] nb = next[b];
                for (int q = 0; q < width; q++) {
                    double phi = a[q];
                    double s = a[width + q];
                    double vq = vp[width + q];
                    double deriv = (1 - phi * phi) * pb[q] - vq;
                    double dd = (phi - hp[q]) * ((1 - s) * s * pb[width + q]);
                    nb[width + q] = vq + dd + deriv * s;
                }
                System.arraycopy(h[t + 1][b], 0, nb, 0, width);
                System.arraycopy(nb, width, out, (t * batch + b) * width, width);
            }
        }
    }

    /**
     * The leak factors of the last forward pass of a diagonal-gate network
     * (docs/models.md, "Leak and correction"): a = 1 − s and r = s(1 − φ²)·u_h + (φ − h_{t−1})·s(1 − s)·u_s per unit,
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
