package org.timescalelab.nn;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The GRU cell (docs/models.md, "Architectures") in float64, the twin of {@link GruKernel}:
 * [z | r] = σ(a_zr + U_zr h), g = tanh(a_g + U_g (r ⊙ h)), h' = h + z ⊙ (g − h). Two blocks of
 * pre-activations ([a_z | a_r] and a_g) and two recurrent products per step, the second on the
 * reset state r ⊙ h, which is written back for the weight gradient of U_g. Backward, with
 * G = dL/dh': dA_z = G ⊙ (g − h) ⊙ z(1 − z); dA_g = G ⊙ z ⊙ (1 − g²); e = dA_g·U_g;
 * dA_r = e ⊙ h ⊙ r(1 − r); dL/dh ∋ G ⊙ (1 − z) + e ⊙ r + [dA_z | dA_r]·U_zr.
 */
final class GruKernel64 extends JavaKernel64 {

    private final double[][][] reset;
    private final Native resetStates;
    private double[][] e;

    /**
     * @param gates the [z | r] block
     * @param candidate the candidate's block, whose recurrent matrix multiplies r ⊙ h
     */
    GruKernel64(Workspace ws, RecurrentNet net, KernelPart gates, KernelPart candidate, INDArray resetStates) {
        super(ws, net, gates, candidate);
        this.reset = new double[length][padded][width];
        this.resetStates = new Native(resetStates);
        recurrentInput(1, reset);
    }

    @Override
    void step(int t, int from, int to) {
        double[][] prev = h[t];
        double[][] zr = act(0)[t];
        double[][] cand = act(1)[t];
        double[][] rh = reset[t];
        double[][] next = h[t + 1];
        product(prev, zr, from, to, ut(0));
        for (int b = from; b < real(to); b++) {
            double[] x = zr[b];
            double[] p = prev[b];
            double[] o = rh[b];
            sigmoid(x, 0, 2 * width, b);
            for (int q = 0; q < width; q++) {
                o[q] = x[width + q] * p[q];
            }
        }
        product(rh, cand, from, to, ut(1));
        for (int b = from; b < real(to); b++) {
            double[] x = zr[b];
            double[] c = cand[b];
            double[] p = prev[b];
            double[] n = next[b];
            tanh(c, 0, width, b);
            for (int q = 0; q < width; q++) {
                n[q] = p[q] + (c[q] - p[q]) * x[q];
            }
        }
    }

    @Override
    void afterForwardRows(int from, int to) {
        write(reset, resetStates, width, from, to);
    }

    @Override
    void allocateBackward() {
        e = new double[padded][width];
    }

    @Override
    void backStep(int t, int from, int to, double[][] grad, double[][] prevGrad) {
        double[][] zr = act(0)[t];
        double[][] cand = act(1)[t];
        double[][] dZr = dAct(0)[t];
        double[][] dCand = dAct(1)[t];
        double[][] prev = h[t];
        for (int b = from; b < real(to); b++) {
            double[] gr = grad[b];
            double[] x = zr[b];
            double[] c = cand[b];
            double[] p = prev[b];
            double[] dz = dZr[b];
            double[] dg = dCand[b];
            for (int q = 0; q < width; q++) {
                double z = x[q];
                double g = c[q];
                dz[q] = gr[q] * (g - p[q]) * ((1 - z) * z);
                dg[q] = gr[q] * z * (1 - g * g);
            }
        }
        for (int b = from; b < to; b++) {
            Arrays.fill(e[b], 0);
        }
        product(dCand, e, from, to, u(1));
        for (int b = from; b < real(to); b++) {
            double[] gr = grad[b];
            double[] x = zr[b];
            double[] p = prev[b];
            double[] dz = dZr[b];
            double[] eb = e[b];
            double[] carry = prevGrad == null ? null : prevGrad[b];
            for (int q = 0; q < width; q++) {
                double r = x[width + q];
                dz[width + q] = eb[q] * p[q] * ((1 - r) * r);
                if (carry != null) {
                    carry[q] += gr[q] * (1 - x[q]) + eb[q] * r;
                }
            }
        }
        if (prevGrad != null) {
            product(dZr, prevGrad, from, to, u(0));
        }
    }
}
