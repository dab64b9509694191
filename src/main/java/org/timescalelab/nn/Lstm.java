package org.timescalelab.nn;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Long short-term memory (docs/models.md, "Architectures"): i, f, o = σ(W x + U h + b), g = tanh(W_g x + U_g h + b_g),
 * c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c'), with c_{−1} = h_{−1} = 0.
 *
 * <p>All four blocks are stacked [i; f; o; g] and share one product per step. Backward step with
 * G = dL/dh' and C = dL/dc' from the future: dA_o = G ⊙ tanh(c') ⊙ o(1−o);
 * dc = C + G ⊙ o ⊙ (1−tanh²c'); dA_f = dc ⊙ c ⊙ f(1−f); dA_i = dc ⊙ g ⊙ i(1−i);
 * dA_g = dc ⊙ i ⊙ (1−g²); dL/dc ∋ dc ⊙ f; dL/dh ∋ dA·U.
 */
final class Lstm extends RecurrentNet {

    Lstm(ModelSpec spec) {
        super(spec, blocks(spec));
    }

    static List<ParameterLayout.Block> blocks(ModelSpec spec) {
        int h = spec.width();
        return List.of(
                new ParameterLayout.Block("W_i", "U_i", "b_i", h, true, "input gate i", false, 0.0),
                new ParameterLayout.Block("W_f", "U_f", "b_f", h, true, "forget gate f", false,
                        Initializer.logit(1 - spec.gateInit())),
                new ParameterLayout.Block("W_o", "U_o", "b_o", h, true, "output gate o", false, 0.0),
                new ParameterLayout.Block("W_g", "U_g", "b_g", h, true, "candidate g", false, 0.0));
    }

    /** Buffers of the LSTM: activations [i | f | o | g], cells c and tanh(c). */
    static final class Work extends Workspace {
        final INDArray act;
        final INDArray dAct;
        final INDArray cells;
        final INDArray tanhCells;
        final INDArray cellCarry;
        final INDArray[] actT;
        final INDArray[] gatesT;
        final INDArray[] i;
        final INDArray[] f;
        final INDArray[] o;
        final INDArray[] g;
        final INDArray[] dActT;
        final INDArray[] dI;
        final INDArray[] dF;
        final INDArray[] dO;
        final INDArray[] dG;
        final INDArray[] c;
        final INDArray[] cPrev;
        final INDArray[] tc;

        Work(Lstm net, int batch, int length) {
            super(batch, length, net.width, net.inputSize, net.outputSize, net.dtype);
            int h = net.width;
            long rows = (long) batch * length;
            act = Nd4j.create(dtype, rows, 4L * h);
            dAct = Nd4j.create(dtype, rows, 4L * h);
            cells = Nd4j.create(dtype, rows + batch, h);
            tanhCells = Nd4j.create(dtype, rows, h);
            cellCarry = Nd4j.create(dtype, batch, h);
            actT = stepViews(act, 0);
            gatesT = columnViews(actT, 0, 3 * h);
            i = columnViews(actT, 0, h);
            f = columnViews(actT, h, 2 * h);
            o = columnViews(actT, 2 * h, 3 * h);
            g = columnViews(actT, 3 * h, 4 * h);
            dActT = stepViews(dAct, 0);
            dI = columnViews(dActT, 0, h);
            dF = columnViews(dActT, h, 2 * h);
            dO = columnViews(dActT, 2 * h, 3 * h);
            dG = columnViews(dActT, 3 * h, 4 * h);
            c = stepViews(cells, batch);
            cPrev = stepViews(cells, 0);
            tc = stepViews(tanhCells, 0);
            if (net.javaKernel) {
                KernelPart part = new KernelPart(act, dAct, net.wIn, net.bias, net.wRec, net.gWin, net.gBias, net.gWrec);
                kernel = dtype == DataType.FLOAT ? new LstmKernel(this, net, part, cells, tanhCells)
                        : new LstmKernel64(this, net, part, cells, tanhCells);
            }
        }

        /** The cell states of every step, c_0..c_{T−1}, time-major. */
        INDArray cellStates() {
            return cells.get(NDArrayIndex.interval(batch, (long) batch * (length + 1)), NDArrayIndex.all());
        }
    }

    @Override
    Workspace newWorkspace(int batchSize, int length) {
        return new Work(this, batchSize, length);
    }

    @Override
    void projectInputs(Workspace ws) {
        Work w = (Work) ws;
        Nd4j.gemm(w.inputs, wIn, w.act, false, true, 1.0, 0.0);
        w.act.addiRowVector(bias);
    }

    @Override
    void step(Workspace ws, int t) {
        Work w = (Work) ws;
        Nd4j.gemm(w.hPrev[t], wRec, w.actT[t], false, true, 1.0, 1.0);
        Transforms.sigmoid(w.gatesT[t], false);
        Transforms.tanh(w.g[t], false);
        w.f[t].mul(w.cPrev[t], w.c[t]);
        w.c[t].addi(w.i[t].mul(w.g[t], w.scratch[0]));
        w.tc[t].assign(w.c[t]);
        Transforms.tanh(w.tc[t], false);
        w.o[t].mul(w.tc[t], w.h[t]);
    }

    @Override
    void backStep(Workspace ws, int t) {
        Work w = (Work) ws;
        INDArray grad = w.dH[t];
        INDArray deriv = w.scratch[1];
        INDArray dc = w.scratch[2];
        if (t == ws.length - 1) {
            w.cellCarry.assign(0.0);
        }
        w.o[t].rsub(1.0, deriv).muli(w.o[t]).muli(w.tc[t]);
        grad.mul(deriv, w.dO[t]);
        w.tc[t].mul(w.tc[t], deriv).rsubi(1.0).muli(w.o[t]);
        grad.mul(deriv, dc).addi(w.cellCarry);
        w.f[t].rsub(1.0, deriv).muli(w.f[t]).muli(w.cPrev[t]);
        dc.mul(deriv, w.dF[t]);
        w.i[t].rsub(1.0, deriv).muli(w.i[t]).muli(w.g[t]);
        dc.mul(deriv, w.dI[t]);
        w.g[t].mul(w.g[t], deriv).rsubi(1.0).muli(w.i[t]);
        dc.mul(deriv, w.dG[t]);
        dc.mul(w.f[t], w.cellCarry);
        Nd4j.gemm(w.dActT[t], wRec, w.carry, false, false, 1.0, 0.0);
    }

    @Override
    List<INDArray> rowGradients(Workspace ws) {
        return List.of(((Work) ws).dAct);
    }

    @Override
    void weightGradients(Workspace ws) {
        Work w = (Work) ws;
        Nd4j.gemm(w.dAct, w.inputs, gWin, true, false, 1.0, 0.0);
        Nd4j.gemm(w.dAct, w.prevStates, gWrec, true, false, 1.0, 0.0);
        Nd4j.gemm(w.ones, w.dAct, gBias, false, false, 1.0, 0.0);
    }

    @Override
    INDArray updateFractions(Workspace ws) {
        Work w = (Work) ws;
        return w.act.get(NDArrayIndex.all(), NDArrayIndex.interval(width, 2 * width)).rsub(1.0);
    }

    @Override
    List<NamedArray> cellArrays(Workspace ws) {
        Work w = (Work) ws;
        String[] names = {"i", "f", "o", "g"};
        String[] roles = {"input gate i_t", "forget gate f_t", "output gate o_t", "candidate g_t"};
        List<NamedArray> out = new java.util.ArrayList<>();
        for (int k = 0; k < 4; k++) {
            out.add(export(names[k], w.act.get(NDArrayIndex.all(), NDArrayIndex.interval(k * width, (k + 1) * width)), w,
                    roles[k] + ", batch×time×H"));
        }
        out.add(export("c", w.cellStates(), w, "cell states c_t, batch×time×H"));
        return out;
    }

    @Override
    LeakFactors leakFactors(Workspace ws) {
        Work w = (Work) ws;
        int h = width;
        double[] gi = columns(w.act, 0, h);
        double[] gf = columns(w.act, h, 2 * h);
        double[] go = columns(w.act, 2 * h, 3 * h);
        double[] gg = columns(w.act, 3 * h, 4 * h);
        double[] cPrev = values(w.cells.get(NDArrayIndex.interval(0, (long) w.batch * w.length), NDArrayIndex.all()));
        double[] tc = values(w.tanhCells);
        double[] ui = diagonal("U_i");
        double[] uf = diagonal("U_f");
        double[] ug = diagonal("U_g");
        int stride = w.batch * h;
        int n = w.length * stride;
        double[] a = new double[n];
        double[] r = new double[n];
        double[] e = new double[n];
        for (int k = 0; k < n; k++) {
            e[k] = go[k] * (1 - tc[k] * tc[k]);
        }
        for (int k = 0; k < n; k++) {
            int q = k % h;
            double ePrev = k >= stride ? e[k - stride] : 0;
            a[k] = gf[k];
            r[k] = (cPrev[k] * gf[k] * (1 - gf[k]) * uf[q] + gi[k] * (1 - gg[k] * gg[k]) * ug[q]
                    + gg[k] * gi[k] * (1 - gi[k]) * ui[q]) * ePrev;
        }
        return new LeakFactors(a, r, e);
    }

    @Override
    double[][] jacobian(Workspace ws, int b, int t) {
        Work w = (Work) ws;
        int h = width;
        double[] gi = values(w.i[t].getRow(b));
        double[] gf = values(w.f[t].getRow(b));
        double[] gg = values(w.g[t].getRow(b));
        double[] cPrev = values(w.cPrev[t].getRow(b));
        double[] ePrev = new double[h];
        if (t > 0) {
            double[] o = values(w.o[t - 1].getRow(b));
            double[] tc = values(w.tc[t - 1].getRow(b));
            for (int q = 0; q < h; q++) {
                ePrev[q] = o[q] * (1 - tc[q] * tc[q]);
            }
        }
        double[][] ui = matrixOf("U_i");
        double[][] uf = matrixOf("U_f");
        double[][] ug = matrixOf("U_g");
        double[][] j = new double[h][h];
        for (int q = 0; q < h; q++) {
            double forget = cPrev[q] * gf[q] * (1 - gf[q]);
            double cand = gi[q] * (1 - gg[q] * gg[q]);
            double input = gg[q] * gi[q] * (1 - gi[q]);
            for (int k = 0; k < h; k++) {
                j[q][k] = (forget * uf[q][k] + cand * ug[q][k] + input * ui[q][k]) * ePrev[k];
            }
            j[q][q] += gf[q];
        }
        return j;
    }

    @Override
    INDArray tangent(Workspace ws, INDArray direction) {
        Work w = (Work) ws;
        int h = width;
        long rows = (long) w.batch * w.length;
        INDArray dAct = directPreActivations(w, direction);
        INDArray tangents = Nd4j.create(w.dtype, rows + w.batch, h);
        INDArray cellTangent = Nd4j.create(w.dtype, w.batch, h);
        INDArray[] v = w.stepViews(tangents, w.batch);
        INDArray[] vPrev = w.stepViews(tangents, 0);
        INDArray[] dActT = w.stepViews(dAct, 0);
        INDArray[] dI = w.columnViews(dActT, 0, h);
        INDArray[] dF = w.columnViews(dActT, h, 2 * h);
        INDArray[] dO = w.columnViews(dActT, 2 * h, 3 * h);
        INDArray[] dG = w.columnViews(dActT, 3 * h, 4 * h);
        INDArray tmp = w.scratch[0];
        INDArray sum = w.scratch[1];
        for (int t = 0; t < w.length; t++) {
            Nd4j.gemm(vPrev[t], wRec, dActT[t], false, true, 1.0, 1.0);
            cellTangent.muli(w.f[t]);
            w.f[t].rsub(1.0, tmp).muli(w.f[t]).muli(dF[t]).muli(w.cPrev[t]);
            cellTangent.addi(tmp);
            w.i[t].rsub(1.0, tmp).muli(w.i[t]).muli(dI[t]).muli(w.g[t]);
            cellTangent.addi(tmp);
            w.g[t].mul(w.g[t], tmp).rsubi(1.0).muli(dG[t]).muli(w.i[t]);
            cellTangent.addi(tmp);
            w.tc[t].mul(w.tc[t], sum).rsubi(1.0).muli(w.o[t]).muli(cellTangent);
            w.o[t].rsub(1.0, tmp).muli(w.o[t]).muli(dO[t]).muli(w.tc[t]);
            sum.add(tmp, v[t]);
        }
        return tangents.get(NDArrayIndex.interval(w.batch, rows + w.batch), NDArrayIndex.all());
    }
}
