package org.timescalelab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.timescalelab.theory.EffectiveRates;

/** The transport factors of docs/models.md, "Leak and correction", and docs/envelope-and-window.md against exact answers. */
class TransportTest {

    static final int B = 3;
    static final int T = 7;

    record Pass(RecurrentNet net, Workspace ws, Batch batch) {
    }

    static Pass pass(Architecture a, long seed) {
        RecurrentNet net = GradientCheckTest.randomNet(a, Readout.EVERY_STEP, seed);
        Batch batch = GradientCheckTest.randomBatch(B, T, 3, 2, seed + 1);
        net.loss(batch);
        return new Pass(net, net.workspace(batch), batch);
    }

    static double sigma(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static double[] mv(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < v.length; j++) {
                out[i] += m[i][j] * v[j];
            }
        }
        return out;
    }

    /**
     * An independent one-step map of docs/models.md from the named parameters, state → next state
     * (for the LSTM: c_{t−1} → c_t with h_{t−1} = o_{t−1} tanh c_{t−1}, o_{t−1} fixed).
     */
    static double[] oneStep(RecurrentNet net, Architecture a, double[] x, double[] state, double[] oPrev) {
        int h = state.length;
        double[] out = new double[h];
        if (a.isGateFamily()) {
            double[] pre = add(mv(net.matrixOf("W_h"), x), mv(net.matrixOf("U_h"), state), net.matrixOf("b_h")[0]);
            double[] gate = new double[h];
            if (a == Architecture.DIAG_GATE) {
                double[] ps = add(mv(net.matrixOf("W_s"), x), mv(net.matrixOf("U_s"), state), net.matrixOf("b_s")[0]);
                for (int q = 0; q < h; q++) {
                    gate[q] = sigma(ps[q]);
                }
            } else if (a == Architecture.SHARED_GATE) {
                double s = sigma(mv(net.matrixOf("w_s"), x)[0] + mv(net.matrixOf("u_s"), state)[0] + net.matrixOf("b_s")[0][0]);
                java.util.Arrays.fill(gate, s);
            } else {
                java.util.Arrays.fill(gate, 0.2);
            }
            for (int q = 0; q < h; q++) {
                out[q] = (1 - gate[q]) * state[q] + gate[q] * Math.tanh(pre[q]);
            }
        } else if (a == Architecture.GRU) {
            double[] z = sig(add(mv(net.matrixOf("W_z"), x), mv(net.matrixOf("U_z"), state), net.matrixOf("b_z")[0]));
            double[] r = sig(add(mv(net.matrixOf("W_r"), x), mv(net.matrixOf("U_r"), state), net.matrixOf("b_r")[0]));
            double[] rh = new double[h];
            for (int q = 0; q < h; q++) {
                rh[q] = r[q] * state[q];
            }
            double[] g = add(mv(net.matrixOf("W_g"), x), mv(net.matrixOf("U_g"), rh), net.matrixOf("b_g")[0]);
            for (int q = 0; q < h; q++) {
                out[q] = (1 - z[q]) * state[q] + z[q] * Math.tanh(g[q]);
            }
        } else {
            double[] hPrev = new double[h];
            for (int q = 0; q < h; q++) {
                hPrev[q] = oPrev[q] * Math.tanh(state[q]);
            }
            double[] i = sig(add(mv(net.matrixOf("W_i"), x), mv(net.matrixOf("U_i"), hPrev), net.matrixOf("b_i")[0]));
            double[] f = sig(add(mv(net.matrixOf("W_f"), x), mv(net.matrixOf("U_f"), hPrev), net.matrixOf("b_f")[0]));
            double[] g = add(mv(net.matrixOf("W_g"), x), mv(net.matrixOf("U_g"), hPrev), net.matrixOf("b_g")[0]);
            for (int q = 0; q < h; q++) {
                out[q] = f[q] * state[q] + i[q] * Math.tanh(g[q]);
            }
        }
        return out;
    }

    static double[] add(double[] a, double[] b, double[] c) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i] + c[i];
        }
        return out;
    }

    static double[] sig(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = sigma(a[i]);
        }
        return out;
    }

    /** The state entering step t of sequence b (h_{t−1}, or c_{t−1} for the LSTM) and its helpers. */
    static double[][] stateAt(Pass p, Architecture a, int b, int t) {
        int h = p.net.width;
        double[] x = RecurrentNet.values(p.ws.inputs.getRow((long) t * B + b));
        if (a != Architecture.LSTM) {
            return new double[][] {x, RecurrentNet.values(p.ws.hPrev[t].getRow(b)), null};
        }
        Lstm.Work w = (Lstm.Work) p.ws;
        double[] oPrev = t > 0 ? RecurrentNet.values(w.o[t - 1].getRow(b)) : new double[h];
        return new double[][] {x, RecurrentNet.values(w.cPrev[t].getRow(b)), oPrev};
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void jacobianMatchesFiniteDifferencesOfTheOneStepMap(Architecture a) {
        Pass p = pass(a, 31);
        int h = p.net.width;
        for (int t : new int[] {1, 4}) {
            double[][] s = stateAt(p, a, 1, t);
            double[][] j = p.net.jacobian(p.ws, 1, t);
            double[] base = oneStep(p.net, a, s[0], s[1], s[2]);
            if (a != Architecture.LSTM) {
                assertThat(base).containsExactly(RecurrentNet.values(p.ws.h[t].getRow(1)), offset(1e-12));
            }
            for (int k = 0; k < h; k++) {
                double eps = 1e-6;
                double[] plus = s[1].clone();
                double[] minus = s[1].clone();
                plus[k] += eps;
                minus[k] -= eps;
                double[] fp = oneStep(p.net, a, s[0], plus, s[2]);
                double[] fm = oneStep(p.net, a, s[0], minus, s[2]);
                for (int q = 0; q < h; q++) {
                    assertThat(j[q][k]).as("%s t=%d J[%d][%d]", a, t, q, k).isCloseTo((fp[q] - fm[q]) / (2 * eps), offset(1e-8));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Architecture.class, names = {"CONST_GATE", "SHARED_GATE", "DIAG_GATE", "LSTM"})
    void leakPlusCorrectionIsTheJacobianDiagonal(Architecture a) {
        Pass p = pass(a, 41);
        LeakFactors f = p.net.leakFactors(p.ws);
        int h = p.net.width;
        for (int t = 1; t < T; t++) {
            double[][] j = p.net.jacobian(p.ws, 2, t);
            for (int q = 0; q < h; q++) {
                int k = (t * B + 2) * h + q;
                assertThat(f.a()[k] + f.r()[k]).as("%s t=%d q=%d", a, t, q).isCloseTo(j[q][q], offset(1e-12));
            }
        }
    }

    /**
     * For the GRU, r keeps only the reset gate's diagonal path, so a + r differs from diag(J) by
     * exactly the omitted off-diagonal terms z_q g'_q Σ_{k≠q} U_g[q,k] h_k r'_k U_r[k,q].
     */
    @Test
    void gruCorrectionOmitsExactlyTheOffDiagonalResetPaths() {
        Pass p = pass(Architecture.GRU, 43);
        Gru.Work w = (Gru.Work) p.ws;
        LeakFactors f = p.net.leakFactors(p.ws);
        int h = p.net.width;
        double[][] ug = p.net.matrixOf("U_g");
        double[][] ur = p.net.matrixOf("U_r");
        for (int t = 1; t < T; t++) {
            double[][] j = p.net.jacobian(p.ws, 0, t);
            double[] z = RecurrentNet.values(w.z[t].getRow(0));
            double[] g = RecurrentNet.values(w.g[t].getRow(0));
            double[] r = RecurrentNet.values(w.r[t].getRow(0));
            double[] prev = RecurrentNet.values(w.hPrev[t].getRow(0));
            for (int q = 0; q < h; q++) {
                double omitted = 0;
                for (int k = 0; k < h; k++) {
                    if (k != q) {
                        omitted += ug[q][k] * prev[k] * r[k] * (1 - r[k]) * ur[k][q];
                    }
                }
                omitted *= z[q] * (1 - g[q] * g[q]);
                int idx = (t * B) * h + q;
                assertThat(j[q][q] - (f.a()[idx] + f.r()[idx])).isCloseTo(omitted, offset(1e-12));
            }
        }
    }

    @Test
    void constantGateGivesGamma0ExactlyAPower() {
        Pass p = pass(Architecture.CONST_GATE, 51);
        LeakFactors f = p.net.leakFactors(p.ws);
        int h = p.net.width;
        double[] a = DiagnosticPass.sequence(f.a(), 1, B, T, h);
        double[] r = DiagnosticPass.sequence(f.r(), 1, B, T, h);
        double[][] prefix = EffectiveRates.prefix(a, r, h, T);
        for (int lag = 1; lag < T; lag++) {
            for (int q = 0; q < h; q++) {
                assertThat(EffectiveRates.gammas(prefix, h, q, 0, lag)[0]).isCloseTo(Math.pow(0.8, lag), offset(1e-14));
            }
        }
    }

    /**
     * γ1 is the diagonal of the first-order Fréchet term of Π_j (A_j + B_j): Σ_k A⋯A B_k A⋯A with
     * A_j = diag(a_j) and B_j = J_j − A_j, computed with full matrices.
     */
    @ParameterizedTest
    @EnumSource(value = Architecture.class, names = {"SHARED_GATE", "DIAG_GATE", "LSTM"})
    void gamma1IsTheDiagonalOfTheFirstOrderTerm(Architecture a) {
        Pass p = pass(a, 61);
        LeakFactors f = p.net.leakFactors(p.ws);
        int h = p.net.width;
        int b = 1;
        int start = 1;
        int lag = 4;
        double[] as = DiagnosticPass.sequence(f.a(), b, B, T, h);
        double[] rs = DiagnosticPass.sequence(f.r(), b, B, T, h);
        double[][] prefix = EffectiveRates.prefix(as, rs, h, T);
        INDArray first = Nd4j.zeros(DataType.DOUBLE, h, h);
        for (int k = start + 1; k <= start + lag; k++) {
            INDArray term = Nd4j.eye(h).castTo(DataType.DOUBLE);
            for (int j = start + lag; j >= start + 1; j--) {
                INDArray jac = Nd4j.create(p.net.jacobian(p.ws, b, j));
                INDArray leak = Nd4j.zeros(DataType.DOUBLE, h, h);
                for (int q = 0; q < h; q++) {
                    leak.putScalar(q, q, as[j * h + q]);
                }
                term = term.mmul(j == k ? jac.sub(leak) : leak);
            }
            first.addi(term);
        }
        for (int q = 0; q < h; q++) {
            assertThat(EffectiveRates.gammas(prefix, h, q, start, lag)[1]).isCloseTo(first.getDouble(q, q), offset(1e-12));
        }
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void tangentMatchesFiniteDifferencesOfTheStates(Architecture a) {
        RecurrentNet net = GradientCheckTest.randomNet(a, Readout.EVERY_STEP, 71);
        Batch batch = GradientCheckTest.randomBatch(B, T, 3, 2, 72);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(73L);
        double[] w = new double[(int) net.parameterCount()];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextDouble() - 0.5;
        }
        net.loss(batch);
        double[] v = RecurrentNet.values(net.tangent(net.workspace(batch), Nd4j.create(w, new long[] {w.length}, DataType.DOUBLE)));
        double[] theta = net.parameters();
        double eps = 1e-6;
        double[] plus = states(net, batch, theta, w, eps);
        double[] minus = states(net, batch, theta, w, -eps);
        for (int i = 0; i < v.length; i++) {
            assertThat(v[i]).as("%s element %d", a, i).isCloseTo((plus[i] - minus[i]) / (2 * eps), offset(1e-8));
        }
    }

    private static double[] states(RecurrentNet net, Batch batch, double[] theta, double[] w, double eps) {
        double[] shifted = theta.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += eps * w[i];
        }
        net.setParameters(shifted);
        net.loss(batch);
        double[] h = RecurrentNet.values(net.workspace(batch).outStates);
        net.setParameters(theta);
        return h;
    }
}
