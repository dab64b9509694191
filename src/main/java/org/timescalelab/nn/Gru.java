package org.timescalelab.nn;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Gated recurrent unit (docs/models.md, "Architectures"): z = σ(W_z x + U_z h + b_z), r = σ(W_r x + U_r h + b_r),
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
            if (net.javaKernel) {
                KernelPart gates = new KernelPart(zr, dZr, net.wInZr, net.biasZr, net.wRecZr, net.gWinZr, net.gBiasZr,
                        net.gWrecZr);
                KernelPart candidate = new KernelPart(cand, dCand, net.wInG, net.biasG, net.wRecG, net.gWinG, net.gBiasG,
                        net.gWrecG);
                kernel = dtype == DataType.FLOAT ? new GruKernel(this, net, gates, candidate, resetStates)
                        : new GruKernel64(this, net, gates, candidate, resetStates);
            }
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
    List<INDArray> rowGradients(Workspace ws) {
        return List.of(((Work) ws).dZr, ((Work) ws).dCand);
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

    @Override
    LeakFactors leakFactors(Workspace ws) {
        Work w = (Work) ws;
        int h = width;
        double[] z = columns(w.zr, 0, h);
        double[] rs = columns(w.zr, h, 2 * h);
        double[] g = values(w.cand);
        double[] prev = values(w.prevStates);
        double[] uz = diagonal("U_z");
        double[] ur = diagonal("U_r");
        double[] ug = diagonal("U_g");
        int n = w.batch * w.length * h;
        double[] a = new double[n];
        double[] r = new double[n];
        for (int k = 0; k < n; k++) {
            int q = k % h;
            double zk = z[k];
            double rk = rs[k];
            a[k] = 1 - zk;
            r[k] = (g[k] - prev[k]) * zk * (1 - zk) * uz[q]
                    + zk * (1 - g[k] * g[k]) * ug[q] * (rk + prev[k] * rk * (1 - rk) * ur[q]);
        }
        return new LeakFactors(a, r, null);
    }

    @Override
    double[][] jacobian(Workspace ws, int b, int t) {
        Work w = (Work) ws;
        int h = width;
        double[] z = values(w.z[t].getRow(b));
        double[] rs = values(w.r[t].getRow(b));
        double[] g = values(w.g[t].getRow(b));
        double[] prev = values(w.hPrev[t].getRow(b));
        double[][] uz = matrixOf("U_z");
        double[][] ur = matrixOf("U_r");
        double[][] ug = matrixOf("U_g");
        // ∂(r ⊙ h)/∂h = diag(r) + diag(h ⊙ r') U_r
        double[][] reset = new double[h][h];
        for (int k = 0; k < h; k++) {
            double rPrime = prev[k] * rs[k] * (1 - rs[k]);
            for (int c = 0; c < h; c++) {
                reset[k][c] = rPrime * ur[k][c];
            }
            reset[k][k] += rs[k];
        }
        double[][] j = new double[h][h];
        for (int q = 0; q < h; q++) {
            double update = (g[q] - prev[q]) * z[q] * (1 - z[q]);
            double cand = z[q] * (1 - g[q] * g[q]);
            for (int c = 0; c < h; c++) {
                double viaReset = 0;
                for (int k = 0; k < h; k++) {
                    viaReset += ug[q][k] * reset[k][c];
                }
                j[q][c] = update * uz[q][c] + cand * viaReset;
            }
            j[q][q] += 1 - z[q];
        }
        return j;
    }

    @Override
    INDArray tangent(Workspace ws, INDArray direction) {
        Work w = (Work) ws;
        int h = width;
        long rows = (long) w.batch * w.length;
        long in = layout.inputOffset();
        long rec = layout.recurrentOffset();
        long b = layout.biasOffset();
        INDArray dZr = Nd4j.create(w.dtype, rows, 2L * h);
        Nd4j.gemm(w.inputs, matrix(direction, in, 2 * h, inputSize), dZr, false, true, 1.0, 0.0);
        dZr.addiRowVector(matrix(direction, b, 1, 2 * h));
        Nd4j.gemm(w.prevStates, matrix(direction, rec, 2 * h, h), dZr, false, true, 1.0, 1.0);
        INDArray dCand = Nd4j.create(w.dtype, rows, h);
        Nd4j.gemm(w.inputs, matrix(direction, in + 2L * h * inputSize, h, inputSize), dCand, false, true, 1.0, 0.0);
        dCand.addiRowVector(matrix(direction, b + 2L * h, 1, h));
        Nd4j.gemm(w.resetStates, matrix(direction, rec + 2L * h * h, h, h), dCand, false, true, 1.0, 1.0);
        INDArray tangents = Nd4j.create(w.dtype, rows + w.batch, h);
        INDArray[] v = w.stepViews(tangents, w.batch);
        INDArray[] vPrev = w.stepViews(tangents, 0);
        INDArray[] dZrT = w.stepViews(dZr, 0);
        INDArray[] dZ = w.columnViews(dZrT, 0, h);
        INDArray[] dR = w.columnViews(dZrT, h, 2 * h);
        INDArray[] dG = w.stepViews(dCand, 0);
        INDArray dz = w.scratch[0];
        INDArray dResetState = w.scratch[1];
        INDArray tmp = w.scratch[2];
        INDArray dg = w.scratch[3];
        for (int t = 0; t < w.length; t++) {
            Nd4j.gemm(vPrev[t], wRecZr, dZrT[t], false, true, 1.0, 1.0);
            w.z[t].rsub(1.0, dz).muli(w.z[t]).muli(dZ[t]);
            w.r[t].rsub(1.0, dResetState).muli(w.r[t]).muli(dR[t]).muli(w.hPrev[t]);
            dResetState.addi(w.r[t].mul(vPrev[t], tmp));
            Nd4j.gemm(dResetState, wRecG, dG[t], false, true, 1.0, 1.0);
            w.g[t].mul(w.g[t], dg).rsubi(1.0).muli(dG[t]).subi(vPrev[t]).muli(w.z[t]);
            w.g[t].sub(w.hPrev[t], tmp).muli(dz);
            vPrev[t].add(tmp, v[t]).addi(dg);
        }
        return tangents.get(NDArrayIndex.interval(w.batch, rows + w.batch), NDArrayIndex.all());
    }
}
