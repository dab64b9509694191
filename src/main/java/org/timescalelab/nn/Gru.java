package org.timescalelab.nn;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Gated recurrent unit (THEORY.md §1): z = σ(W_z x + U_z h + b_z), r = σ(W_r x + U_r h + b_r),
 * g = tanh(W_g x + U_g (r ⊙ h) + b_g), h' = (1−z) ⊙ h + z ⊙ g.
 *
 * <p>The update and reset gates share one stacked product per step; the candidate needs a second
 * because its recurrent input r ⊙ h depends on the first. Backward step with G = dL/dh':
 * dA_z = G ⊙ (g−h) ⊙ z(1−z); dA_g = G ⊙ z ⊙ (1−g²); e = dA_g·U_g; dA_r = e ⊙ h ⊙ r(1−r);
 * dL/dh ∋ G ⊙ (1−z) + e ⊙ r + [dA_z | dA_r]·[U_z; U_r].
 */
final class Gru extends RecurrentNet {

    private final INDArray wInZr;
    private final INDArray wInG;
    private final INDArray wRecZr;
    private final INDArray wRecG;
    private final INDArray biasZr;
    private final INDArray biasG;
    private final INDArray gWinZr;
    private final INDArray gWinG;
    private final INDArray gWrecZr;
    private final INDArray gWrecG;
    private final INDArray gBiasZr;
    private final INDArray gBiasG;

    Gru(ModelSpec spec) {
        super(spec, blocks(spec));
        int h = width;
        long in = layout.inputOffset();
        long rec = layout.recurrentOffset();
        long b = layout.biasOffset();
        wInZr = matrix(theta, in, 2 * h, inputSize);
        wInG = matrix(theta, in + 2L * h * inputSize, h, inputSize);
        wRecZr = matrix(theta, rec, 2 * h, h);
        wRecG = matrix(theta, rec + 2L * h * h, h, h);
        biasZr = matrix(theta, b, 1, 2 * h);
        biasG = matrix(theta, b + 2L * h, 1, h);
        gWinZr = matrix(gradient, in, 2 * h, inputSize);
        gWinG = matrix(gradient, in + 2L * h * inputSize, h, inputSize);
        gWrecZr = matrix(gradient, rec, 2 * h, h);
        gWrecG = matrix(gradient, rec + 2L * h * h, h, h);
        gBiasZr = matrix(gradient, b, 1, 2 * h);
        gBiasG = matrix(gradient, b + 2L * h, 1, h);
    }

    static List<ParameterLayout.Block> blocks(ModelSpec spec) {
        int h = spec.width();
        return List.of(
                new ParameterLayout.Block("W_z", "U_z", "b_z", h, true, "update gate z", false,
                        Initializer.logit(spec.gateInit())),
                new ParameterLayout.Block("W_r", "U_r", "b_r", h, true, "reset gate r", false, 0.0),
                new ParameterLayout.Block("W_g", "U_g", "b_g", h, true, "candidate g", false, 0.0));
    }

    /** Buffers of the GRU: gate activations [z | r], candidate g and the reset state r ⊙ h. */
    static final class Work extends Workspace {
        final INDArray zr;
        final INDArray cand;
        final INDArray dZr;
        final INDArray dCand;
        final INDArray resetStates;
        final INDArray[] zrT;
        final INDArray[] z;
        final INDArray[] r;
        final INDArray[] g;
        final INDArray[] dZrT;
        final INDArray[] dZ;
        final INDArray[] dR;
        final INDArray[] dG;
        final INDArray[] rh;

        Work(Gru net, int batch, int length) {
            super(batch, length, net.width, net.inputSize, net.outputSize, net.dtype);
            int h = net.width;
            long rows = (long) batch * length;
            zr = Nd4j.create(dtype, rows, 2L * h);
            cand = Nd4j.create(dtype, rows, h);
            dZr = Nd4j.create(dtype, rows, 2L * h);
            dCand = Nd4j.create(dtype, rows, h);
            resetStates = Nd4j.create(dtype, rows, h);
            zrT = stepViews(zr, 0);
            z = columnViews(zrT, 0, h);
            r = columnViews(zrT, h, 2 * h);
            g = stepViews(cand, 0);
            dZrT = stepViews(dZr, 0);
            dZ = columnViews(dZrT, 0, h);
            dR = columnViews(dZrT, h, 2 * h);
            dG = stepViews(dCand, 0);
            rh = stepViews(resetStates, 0);
        }
    }

    @Override
    Workspace newWorkspace(int batchSize, int length) {
        return new Work(this, batchSize, length);
    }

    @Override
    void projectInputs(Workspace ws) {
        Work w = (Work) ws;
        Nd4j.gemm(w.inputs, wInZr, w.zr, false, true, 1.0, 0.0);
        w.zr.addiRowVector(biasZr);
        Nd4j.gemm(w.inputs, wInG, w.cand, false, true, 1.0, 0.0);
        w.cand.addiRowVector(biasG);
    }

    @Override
    void step(Workspace ws, int t) {
        Work w = (Work) ws;
        INDArray hPrev = w.hPrev[t];
        Nd4j.gemm(hPrev, wRecZr, w.zrT[t], false, true, 1.0, 1.0);
        Transforms.sigmoid(w.zrT[t], false);
        w.r[t].mul(hPrev, w.rh[t]);
        Nd4j.gemm(w.rh[t], wRecG, w.g[t], false, true, 1.0, 1.0);
        Transforms.tanh(w.g[t], false);
        INDArray d = w.scratch[0];
        w.g[t].sub(hPrev, d).muli(w.z[t]);
        hPrev.add(d, w.h[t]);
    }

    @Override
    void backStep(Workspace ws, int t) {
        Work w = (Work) ws;
        INDArray grad = w.dH[t];
        INDArray hPrev = w.hPrev[t];
        INDArray z = w.z[t];
        INDArray r = w.r[t];
        INDArray g = w.g[t];
        INDArray d = w.scratch[0];
        INDArray deriv = w.scratch[1];
        INDArray e = w.scratch[2];
        g.sub(hPrev, d);
        z.rsub(1.0, deriv).muli(z);
        grad.mul(d, w.dZ[t]).muli(deriv);
        g.mul(g, deriv).rsubi(1.0);
        grad.mul(z, w.dG[t]).muli(deriv);
        Nd4j.gemm(w.dG[t], wRecG, e, false, false, 1.0, 0.0);
        r.rsub(1.0, deriv).muli(r);
        e.mul(hPrev, w.dR[t]).muli(deriv);
        z.rsub(1.0, deriv);
        grad.mul(deriv, w.carry);
        w.carry.addi(e.muli(r));
        Nd4j.gemm(w.dZrT[t], wRecZr, w.carry, false, false, 1.0, 1.0);
    }

    @Override
    void weightGradients(Workspace ws) {
        Work w = (Work) ws;
        Nd4j.gemm(w.dZr, w.inputs, gWinZr, true, false, 1.0, 0.0);
        Nd4j.gemm(w.dCand, w.inputs, gWinG, true, false, 1.0, 0.0);
        Nd4j.gemm(w.dZr, w.prevStates, gWrecZr, true, false, 1.0, 0.0);
        Nd4j.gemm(w.dCand, w.resetStates, gWrecG, true, false, 1.0, 0.0);
        Nd4j.gemm(w.ones, w.dZr, gBiasZr, false, false, 1.0, 0.0);
        Nd4j.gemm(w.ones, w.dCand, gBiasG, false, false, 1.0, 0.0);
    }

    @Override
    INDArray updateFractions(Workspace ws) {
        Work w = (Work) ws;
        return w.zr.get(NDArrayIndex.all(), NDArrayIndex.interval(0, width)).dup('c');
    }

    @Override
    List<NamedArray> cellArrays(Workspace ws) {
        Work w = (Work) ws;
        return List.of(
                export("z", w.zr.get(NDArrayIndex.all(), NDArrayIndex.interval(0, width)), w, "update gate z_t, batch×time×H"),
                export("r", w.zr.get(NDArrayIndex.all(), NDArrayIndex.interval(width, 2 * width)), w, "reset gate r_t, batch×time×H"),
                export("g", w.cand, w, "candidate g_t = tanh(W_g x_t + U_g (r_t ⊙ h_{t−1}) + b_g), batch×time×H"));
    }
}
