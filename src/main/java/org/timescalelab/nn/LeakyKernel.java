package org.timescalelab.nn;

/**
 * The cell of the leaky-integrator family (CONST_GATE, SHARED_GATE, DIAG_GATE; docs/models.md,
 * "Architectures") in float32 (twin: {@link LeakyKernel64}): h' = h + s ⊙ (φ − h) with
 * φ = tanh(a_h + U_h h) and s = s₀, σ(a_s + u_s·h) (one scalar) or σ(a_s + U_s h) (per unit).
 * One block of pre-activations [a_h | a_s] and one recurrent matrix [U_h; U_s]. Backward, with
 * G = dL/dh': dA_h = G ⊙ s ⊙ (1 − φ²); dA_s = G ⊙ (φ − h) ⊙ s(1 − s) (summed over the units for
 * the shared gate); dL/dh ∋ G ⊙ (1 − s) + dA·[U_h; U_s].
 */
final class LeakyKernel extends JavaKernel {

    private static final boolean VECTOR = JavaKernel.VECTOR;

    private final int gateRows;
    private final float constantGate;
    private final float[][] expScratch;

    /**
     * @param gateRows 0 (constant gate s₀), 1 (shared) or H (diagonal)
     */
    LeakyKernel(Workspace ws, RecurrentNet net, KernelPart part, int gateRows, double constantGate) {
        super(ws, net, part);
        this.gateRows = gateRows;
        this.constantGate = (float) constantGate;
        this.expScratch = new float[2 * padded][width];
    }

    @Override
    void step(int t, int from, int to) {
        float[][] prev = h[t];
        float[][] a = act(0)[t];
        product(prev, a, from, to, ut(0));
        float[][] next = h[t + 1];
        for (int b = from; b < real(to); b++) {
            float[] x = a[b];
            float[] p = prev[b];
            float[] n = next[b];
            if (gateRows == width && VECTOR) {
                VectorRows.activate(x, p, n, width, expScratch[2 * b], expScratch[2 * b + 1]);
            } else if (gateRows == width) {
                for (int q = 0; q < width; q++) {
                    activateOne(x, p, n, width, q);
                }
            } else {
                float s = constantGate;
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
    void backStep(int t, int from, int to, float[][] grad, float[][] prevGrad) {
        float[][] a = act(0)[t];
        float[][] d = dAct(0)[t];
        float[][] prev = h[t];
        for (int b = from; b < real(to); b++) {
            float[] carry = prevGrad == null ? null : prevGrad[b];
            if (gateRows == width) {
                if (VECTOR) {
                    VectorRows.gates(grad[b], a[b], prev[b], d[b], carry, width);
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
    static void activateOne(float[] a, float[] prev, float[] next, int width, int q) {
        float phi = tanh(a[q]);
        float s = sigmoid(a[width + q]);
        a[q] = phi;
        a[width + q] = s;
        next[q] = prev[q] + s * (phi - prev[q]);
    }

    /** The backward step of one row for a constant or shared gate. */
    private void shared(float[] g, float[] x, float[] prev, float[] d, float[] carry) {
        float s = gateRows == 1 ? x[width] : constantGate;
        float oneMinusS = 1 - s;
        float sum = 0;
        for (int q = 0; q < width; q++) {
            float phi = x[q];
            float gq = g[q];
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
}
