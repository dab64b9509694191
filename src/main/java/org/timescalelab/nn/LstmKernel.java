package org.timescalelab.nn;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The LSTM cell (docs/models.md, "Architectures") in float32 (twin: {@link LstmKernel64}):
 * [i | f | o] = σ(·), g = tanh(·) from one block of pre-activations a + U h, c' = f ⊙ c + i ⊙ g,
 * h' = o ⊙ tanh(c'). The cells c and tanh(c) are written back for the diagnostics. Backward, with
 * G = dL/dh' and C = dL/dc' from the future: dA_o = G ⊙ tanh(c') ⊙ o(1 − o);
 * dc = C + G ⊙ o ⊙ (1 − tanh²c'); dA_f = dc ⊙ c ⊙ f(1 − f); dA_i = dc ⊙ g ⊙ i(1 − i);
 * dA_g = dc ⊙ i ⊙ (1 − g²); C ← dc ⊙ f; dL/dh ∋ dA·U.
 */
final class LstmKernel extends JavaKernel {

    /** c_{−1} = 0, c_0 … c_{T−1}. */
    private final float[][][] cells;
    private final float[][][] tanhCells;
    private final Native cellArray;
    private final Native tanhArray;
    private float[][] cellCarry;

    LstmKernel(Workspace ws, RecurrentNet net, KernelPart part, INDArray cells, INDArray tanhCells) {
        super(ws, net, part);
        this.cells = new float[length + 1][padded][width];
        this.tanhCells = new float[length][padded][width];
        this.cellArray = new Native(cells);
        this.tanhArray = new Native(tanhCells);
    }

    @Override
    void step(int t, int from, int to) {
        float[][] prev = h[t];
        float[][] a = act(0)[t];
        float[][] next = h[t + 1];
        product(prev, a, from, to, ut(0));
        for (int b = from; b < real(to); b++) {
            float[] x = a[b];
            float[] cp = cells[t][b];
            float[] cn = cells[t + 1][b];
            float[] tc = tanhCells[t][b];
            float[] n = next[b];
            sigmoid(x, 0, 3 * width, b);
            tanh(x, 3 * width, 4 * width, b);
            for (int q = 0; q < width; q++) {
                float c = x[width + q] * cp[q] + x[q] * x[3 * width + q];
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
        cellCarry = new float[padded][width];
    }

    @Override
    void beginBackward(int from, int to) {
        for (int b = from; b < to; b++) {
            Arrays.fill(cellCarry[b], 0);
        }
    }

    @Override
    void backStep(int t, int from, int to, float[][] grad, float[][] prevGrad) {
        float[][] a = act(0)[t];
        float[][] d = dAct(0)[t];
        for (int b = from; b < real(to); b++) {
            float[] gr = grad[b];
            float[] x = a[b];
            float[] db = d[b];
            float[] cp = cells[t][b];
            float[] tc = tanhCells[t][b];
            float[] cc = cellCarry[b];
            for (int q = 0; q < width; q++) {
                float i = x[q];
                float f = x[width + q];
                float o = x[2 * width + q];
                float g = x[3 * width + q];
                float th = tc[q];
                db[2 * width + q] = gr[q] * ((1 - o) * o * th);
                float dc = gr[q] * ((1 - th * th) * o) + cc[q];
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
