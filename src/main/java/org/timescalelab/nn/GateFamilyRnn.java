package org.timescalelab.nn;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The leaky-integrator family of docs/models.md, "Architectures":
 * h_t = (1−s_t) ⊙ h_{t−1} + s_t ⊙ φ_t, φ_t = tanh(W_h x_t + U_h h_{t−1} + b_h), with
 * <ul>
 *   <li>{@code CONST_GATE}: s fixed at s₀;</li>
 *   <li>{@code SHARED_GATE}: one scalar s_t = σ(w_s·x_t + u_s·h_{t−1} + b_s);</li>
 *   <li>{@code DIAG_GATE}: s_t = σ(W_s x_t + U_s h_{t−1} + b_s) ∈ (0,1)^H.</li>
 * </ul>
 * The gate rows are stacked under the candidate's, so one matrix product per step serves both.
 *
 * <p>Backward step, with G = dL/dh_t and d_t = φ_t − h_{t−1}:
 * dA_h = G ⊙ s ⊙ (1−φ²); dA_s = G ⊙ d ⊙ s(1−s) (summed over units for the shared gate);
 * dL/dh_{t−1} ∋ G ⊙ (1−s) + [dA_h | dA_s]·[U_h; U_s].
 */
final class GateFamilyRnn extends RecurrentNet {

    private final int gateRows;
    private final double constantGate;

    GateFamilyRnn(ModelSpec spec) {
        super(spec, blocks(spec));
        this.gateRows = gateRows(spec.architecture(), spec.width());
        this.constantGate = spec.gateInit();
    }

    private static int gateRows(Architecture a, int width) {
        switch (a) {
            case DIAG_GATE:
                return width;
            case SHARED_GATE:
                return 1;
            default:
                return 0;
        }
    }

    static List<ParameterLayout.Block> blocks(ModelSpec spec) {
        int h = spec.width();
        List<ParameterLayout.Block> blocks = new ArrayList<>();
        blocks.add(new ParameterLayout.Block("W_h", "U_h", "b_h", h, true, "candidate φ", false, 0.0));
        double gateBias = Initializer.logit(spec.gateInit());
        if (spec.architecture() == Architecture.DIAG_GATE) {
            blocks.add(new ParameterLayout.Block("W_s", "U_s", "b_s", h, true, "gate s", true, gateBias));
        } else if (spec.architecture() == Architecture.SHARED_GATE) {
            blocks.add(new ParameterLayout.Block("w_s", "u_s", "b_s", 1, false, "shared gate s", true, gateBias));
        }
        return blocks;
    }

    /** Buffers of the gate family: pre-activations A = [A_h | A_s] become [φ | s] in place. */
    static final class Work extends Workspace {
        final INDArray act;
        final INDArray dAct;
        final INDArray[] actT;
        final INDArray[] dActT;
        final INDArray[] phi;
        final INDArray[] gate;
        final INDArray[] dPhi;
        final INDArray[] dGate;
        final INDArray gateSum;

        Work(GateFamilyRnn net, int batch, int length) {
            super(batch, length, net.width, net.inputSize, net.outputSize, net.dtype);
            int r = net.width + net.gateRows;
            act = Nd4j.create(dtype, (long) batch * length, r);
            dAct = Nd4j.create(dtype, (long) batch * length, r);
            actT = stepViews(act, 0);
            dActT = stepViews(dAct, 0);
            phi = columnViews(actT, 0, net.width);
            dPhi = columnViews(dActT, 0, net.width);
            gate = net.gateRows > 0 ? columnViews(actT, net.width, r) : null;
            dGate = net.gateRows > 0 ? columnViews(dActT, net.width, r) : null;
            gateSum = Nd4j.create(dtype, batch, 1);
            if (net.javaKernel) {
                KernelPart part = new KernelPart(act, dAct, net.wIn, net.bias, net.wRec, net.gWin, net.gBias, net.gWrec);
                kernel = dtype == DataType.FLOAT ? new LeakyKernel(this, net, part, net.gateRows, net.constantGate)
                        : new LeakyKernel64(this, net, part, net.gateRows, net.constantGate);
            }
        }

        /** The float64 kernel of a diagonal-gate network, whose own tangent, leak factors and mean gates the diagnostics read; else null. */
        LeakyKernel64 diagonal64() {
            return kernel instanceof LeakyKernel64 k && k.diagonal() ? k : null;
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
        INDArray hPrev = w.hPrev[t];
        Nd4j.gemm(hPrev, wRec, w.actT[t], false, true, 1.0, 1.0);
        Transforms.tanh(w.phi[t], false);
        INDArray d = w.scratch[0];
        w.phi[t].sub(hPrev, d);
        if (gateRows == 0) {
            d.muli(constantGate);
        } else {
            Transforms.sigmoid(w.gate[t], false);
            if (gateRows == 1) {
                d.muliColumnVector(w.gate[t]);
            } else {
                d.muli(w.gate[t]);
            }
        }
        hPrev.add(d, w.h[t]);
    }

    @Override
    void backStep(Workspace ws, int t) {
        Work w = (Work) ws;
        INDArray g = w.dH[t];
        INDArray phi = w.phi[t];
        INDArray tanhPrime = w.scratch[1];
        phi.mul(phi, tanhPrime).rsubi(1.0);
        if (gateRows == 0) {
            g.mul(tanhPrime, w.dPhi[t]).muli(constantGate);
            g.mul(1.0 - constantGate, w.carry);
        } else {
            INDArray s = w.gate[t];
            INDArray d = w.scratch[0];
            phi.sub(w.hPrev[t], d);
            INDArray sigmaPrime = w.scratch[2];
            INDArray oneMinusS = w.scratch[3];
            if (gateRows == 1) {
                INDArray sPrime = w.gateSum.assign(s).rsubi(1.0).muli(s);
                g.mul(d, w.scratch[4]).sum(w.dGate[t], 1);
                w.dGate[t].muli(sPrime);
                g.mul(tanhPrime, w.dPhi[t]).muliColumnVector(s);
                oneMinusS.assign(1.0).subiColumnVector(s);
                g.mul(oneMinusS, w.carry);
            } else {
                s.rsub(1.0, oneMinusS);
                oneMinusS.mul(s, sigmaPrime);
                g.mul(d, w.dGate[t]).muli(sigmaPrime);
                g.mul(tanhPrime, w.dPhi[t]).muli(s);
                g.mul(oneMinusS, w.carry);
            }
        }
        Nd4j.gemm(w.dActT[t], wRec, w.carry, false, false, 1.0, 1.0);
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
        INDArray s = Nd4j.create(w.dtype, (long) w.batch * w.length, width);
        if (gateRows == 0) {
            return s.assign(constantGate);
        }
        INDArray gates = w.act.get(NDArrayIndex.all(), NDArrayIndex.interval(width, width + gateRows));
        return gateRows == 1 ? s.assign(1.0).muliColumnVector(gates) : s.assign(gates);
    }

    @Override
    List<NamedArray> cellArrays(Workspace ws) {
        Work w = (Work) ws;
        List<NamedArray> out = new ArrayList<>();
        out.add(export("phi", w.act.get(NDArrayIndex.all(), NDArrayIndex.interval(0, width)), w,
                "candidate φ_t = tanh(W_h x_t + U_h h_{t−1} + b_h), batch×time×H"));
        if (gateRows > 0) {
            out.add(export("s", w.act.get(NDArrayIndex.all(), NDArrayIndex.interval(width, width + gateRows)), w,
                    "gate s_t, batch×time×" + (gateRows == 1 ? "1 (shared)" : "H")));
        }
        return out;
    }

    @Override
    double[][] tangentValues(Workspace ws, INDArray[] directions) {
        LeakyKernel64 k = ((Work) ws).diagonal64();
        if (k == null) {
            return super.tangentValues(ws, directions);
        }
        double[][] dirs = new double[directions.length][];
        for (int d = 0; d < dirs.length; d++) {
            dirs[d] = directions[d].toDoubleVector();
        }
        return k.tangents(dirs, (int) layout.inputOffset(), (int) layout.recurrentOffset(), (int) layout.biasOffset());
    }

    @Override
    double[] meanUpdateFractions(Workspace ws) {
        LeakyKernel64 k = ((Work) ws).diagonal64();
        if (k != null) {
            return k.meanGates();
        }
        return super.meanUpdateFractions(ws);
    }

    @Override
    LeakFactors leakFactors(Workspace ws) {
        Work w = (Work) ws;
        LeakyKernel64 fast = w.diagonal64();
        if (fast != null) {
            return fast.leakFactors(diagonal("U_h"), diagonal("U_s"));
        }
        int h = width;
        double[] phi = columns(w.act, 0, h);
        double[] s = gateRows > 0 ? columns(w.act, h, h + gateRows) : null;
        double[] prev = values(w.prevStates);
        double[] uh = diagonal("U_h");
        double[] us = gateRows == h ? diagonal("U_s") : gateRows == 1 ? diagonal("u_s") : null;
        int rows = w.batch * w.length;
        double[] a = new double[rows * h];
        double[] r = new double[rows * h];
        for (int i = 0; i < rows; i++) {
            for (int q = 0; q < h; q++) {
                int k = i * h + q;
                double sv = gateRows == 0 ? constantGate : gateRows == 1 ? s[i] : s[k];
                double ph = phi[k];
                a[k] = 1 - sv;
                r[k] = sv * (1 - ph * ph) * uh[q];
                if (gateRows > 0) {
                    r[k] += (ph - prev[k]) * sv * (1 - sv) * us[q];
                }
            }
        }
        return new LeakFactors(a, r, null);
    }

    @Override
    double[][] jacobian(Workspace ws, int b, int t) {
        Work w = (Work) ws;
        int h = width;
        double[] phi = values(w.phi[t].getRow(b));
        double[] prev = values(w.hPrev[t].getRow(b));
        double[] s = gateRows > 0 ? values(w.gate[t].getRow(b)) : null;
        double[][] uh = matrixOf("U_h");
        double[][] us = gateRows == h ? matrixOf("U_s") : gateRows == 1 ? matrixOf("u_s") : null;
        double[][] j = new double[h][h];
        for (int q = 0; q < h; q++) {
            double sq = gateRows == 0 ? constantGate : gateRows == 1 ? s[0] : s[q];
            double mix = sq * (1 - phi[q] * phi[q]);
            double gate = (phi[q] - prev[q]) * sq * (1 - sq);
            for (int k = 0; k < h; k++) {
                j[q][k] = mix * uh[q][k];
                if (gateRows == h) {
                    j[q][k] += gate * us[q][k];
                } else if (gateRows == 1) {
                    j[q][k] += gate * us[0][k];
                }
            }
            j[q][q] += 1 - sq;
        }
        return j;
    }

    @Override
    INDArray tangent(Workspace ws, INDArray direction) {
        Work w = (Work) ws;
        int h = width;
        int r = h + gateRows;
        long rows = (long) w.batch * w.length;
        INDArray dAct = directPreActivations(w, direction);
        INDArray tangents = Nd4j.create(w.dtype, rows + w.batch, h);
        INDArray[] v = w.stepViews(tangents, w.batch);
        INDArray[] vPrev = w.stepViews(tangents, 0);
        INDArray[] dActT = w.stepViews(dAct, 0);
        INDArray[] dPhi = w.columnViews(dActT, 0, h);
        INDArray[] dGate = gateRows > 0 ? w.columnViews(dActT, h, r) : null;
        INDArray deriv = w.scratch[1];
        INDArray d = w.scratch[0];
        for (int t = 0; t < w.length; t++) {
            Nd4j.gemm(vPrev[t], wRec, dActT[t], false, true, 1.0, 1.0);
            w.phi[t].mul(w.phi[t], deriv).rsubi(1.0).muli(dPhi[t]);
            deriv.subi(vPrev[t]);
            w.phi[t].sub(w.hPrev[t], d);
            if (gateRows == 0) {
                deriv.muli(constantGate);
                vPrev[t].add(deriv, v[t]);
                continue;
            }
            INDArray s = w.gate[t];
            INDArray ds = gateRows == 1 ? w.gateSum : w.scratch[2];
            s.rsub(1.0, ds).muli(s).muli(dGate[t]);
            if (gateRows == 1) {
                d.muliColumnVector(ds);
                deriv.muliColumnVector(s);
            } else {
                d.muli(ds);
                deriv.muli(s);
            }
            vPrev[t].add(d, v[t]).addi(deriv);
        }
        return tangents.get(NDArrayIndex.interval(w.batch, rows + w.batch), NDArrayIndex.all());
    }

    /** The fixed gate of a {@code CONST_GATE} model. */
    double constantGate() {
        return constantGate;
    }

    int gateRows() {
        return gateRows;
    }
}
