package org.timescalelab.nn;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The LSTM cell (docs/models.md, "Architectures") in float64, the twin of {@link LstmKernel}:
 * [i | f | o] = σ(·), g = tanh(·) from one block of pre-activations a + U h, c' = f ⊙ c + i ⊙ g,
 * h' = o ⊙ tanh(c'). The cells c and tanh(c) are written back for the diagnostics. Backward, with
 * G = dL/dh' and C = dL/dc' from the future: dA_o = G ⊙ tanh(c') ⊙ o(1 − o);
 * dc = C + G ⊙ o ⊙ (1 − tanh²c'); dA_f = dc ⊙ c ⊙ f(1 − f); dA_i = dc ⊙ g ⊙ i(1 − i);
 * dA_g = dc ⊙ i ⊙ (1 − g²); C ← dc ⊙ f; dL/dh ∋ dA·U.
 */
final class LstmKernel64 extends JavaKernel64 {

    /** c_{−1} = 0, c_0 … c_{T−1}. */
    private final double[][][] cells;
    private final double[][][] tanhCells;
    private final Native cellArray;
    private final Native tanhArray;
    private double[][] cellCarry;

    LstmKernel64(Workspace ws, RecurrentNet net, KernelPart part, INDArray cells, INDArray tanhCells) {
        super(ws, net, part);
        this.cells = new double[length + 1][padded][width];
        this.tanhCells = new double[length][padded][width];
        this.cellArray = new Native(cells);
        this.tanhArray = new Native(tanhCells);
    }

    @Override
    void step(int t, int from, int to) {
        double[][] prev = h[t];
        double[][] a = act(0)[t];
        double[][] next = h[t + 1];
        product(prev, a, from, to, ut(0));
        for (int b = from; b < real(to); b++) {
            double[] x = a[b];
            double[] cp = cells[t][b];
            double[] cn = cells[t + 1][b];
            double[] tc = tanhCells[t][b];
            double[] n = next[b];
            sigmoid(x, 0, 3 * width, b);
            tanh(x, 3 * width, 4 * width, b);
            for (int q = 0; q < width; q++) {
                double c = x[width + q] * cp[q] + x[q] * x[3 * width + q];
                cn[q] = c;
                tc[q] = c;
            }
            tanh(tc, 0, width, b);
            for (int q = 0; q < width; q++) {
                n[q] = x[2 * width + q] * tc[q];
            }
        }
    }

    @Override
    void afterForwardRows(int from, int to) {
        write(cells, cellArray, width, from, to);
        write(tanhCells, tanhArray, width, from, to);
    }

    @Override
    void allocateBackward() {
        cellCarry = new double[padded][width];
    }

    @Override
    void beginBackward(int from, int to) {
        for (int b = from; b < to; b++) {
            Arrays.fill(cellCarry[b], 0);
        }
    }

    @Override
    void backStep(int t, int from, int to, double[][] grad, double[][] prevGrad) {
        double[][] a = act(0)[t];
        double[][] d = dAct(0)[t];
        for (int b = from; b < real(to); b++) {
            double[] gr = grad[b];
            double[] x = a[b];
            double[] db = d[b];
            double[] cp = cells[t][b];
            double[] tc = tanhCells[t][b];
            double[] cc = cellCarry[b];
            for (int q = 0; q < width; q++) {
                double i = x[q];
                double f = x[width + q];
                double o = x[2 * width + q];
                double g = x[3 * width + q];
                double th = tc[q];
                db[2 * width + q] = gr[q] * ((1 - o) * o * th);
                double dc = gr[q] * ((1 - th * th) * o) + cc[q];
                db[width + q] = dc * ((1 - f) * f * cp[q]);
                db[q] = dc * ((1 - i) * i * g);
                db[3 * width + q] = dc * ((1 - g * g) * i);
                cc[q] = dc * f;
            }
        }
        if (prevGrad != null) {
            product(d, prevGrad, from, to, u(0));
        }
    }
}
