package org.timescalelab.nn;

import java.nio.DoubleBuffer;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A whole forward and backward pass of a recurrent network in plain Java, float64: the twin of
 * {@link JavaKernel} (see there for the design), line for line with {@code double} for
 * {@code float}. The float32 files are written from the float64 ones by
 * {@code src/tools/float32_twins.py}: edit these, then run it. Float64 networks run the gradient
 * checks and the diagnostics; the finite-difference gradient check (GradientCheckTest) runs on
 * this path. Not thread-safe: one kernel per workspace.
 *
 * <p>Length: about 550 lines: the forward and backward passes, every weight gradient and the
 * register-blocked product, kept together because the float32 twin is generated from this file
 * line for line.
 */
abstract class JavaKernel64 implements RecurrentKernel {

    static final int BLOCK = JavaKernel.BLOCK;

    private static final boolean VECTOR = JavaKernel.VECTOR;

    /** Columns of the right-hand matrix per sweep of a product: two vectors, one L1-sized strip of it. */
    private static final int STRIP = VECTOR ? 2 * VectorRows64.LANES : 16;

    /** Rows of m per chunk of a product's k range. */
    private static final int K_CHUNK = 128;

    final int batch;
    final int padded;
    final int length;
    final int width;
    /** The states h_{−1} = 0, h_0 … h_{T−1}: h[t] feeds step t. */
    final double[][][] h;
    /** dL/dh_t: the readout's part first, then the full gradient. */
    private double[][][] g;
    private final Block[] parts;
    private final Workspace ws;
    private final int inputs;
    private final int outputs;
    private final int rows;
    private final Native inArray;
    private final Native targetArray;
    private final Native maskArray;
    private final Native outArray;
    private final Native residualArray;
    private final Native stateArray;
    private final Native readoutWeights;
    private final Native readoutBias;
    private final Native readoutWeightGradient;
    private final Native readoutBiasGradient;
    /** x, y, the step mask, ŷ and the residual (ŷ − y)·mask, one row per (t, b), time-major. */
    private final double[][] x;
    /** x transposed with a row of ones under it (for ∇W_in and ∇b in one product), padded to 8 rows. */
    private final double[][] xT;
    private final double[][] y;
    private final double[] mask;
    private final double[][] yHat;
    private final double[][] residual;
    /** The scaled residual transposed, O (padded to 8) × (T·B), for ∇W_out as one product; each row's Σ residual². */
    private final double[][] residualT;
    private final double[] squares;
    private final double[][] wOut;
    private final double[] bOut;
    private final double[][] gOut;
    private final double[] gOutBias;
    /** h_t (the readout's input) and h_{t−1} (the recurrence's), one row per (t, b), time-major. */
    private final double[][] statesOut;
    private final double[][] statesIn;
    private final KernelThreads.Rows forwardRows = this::forwardRows;
    private final KernelThreads.Rows backwardRows = this::backwardRows;

    /**
     * A contiguous ND4J array and its {@link NioViews NIO view}, made once: the kernel keeps the
     * array reachable and copies rows with the view's bulk get and put.
     */
    static final class Native {
        final INDArray array;
        final DoubleBuffer buffer;

        Native(INDArray array) {
            this.array = array;
            this.buffer = NioViews.of64(array);
        }

        /** Row r of a row-major matrix with {@code cols} columns into {@code to}. */
        void get(int r, int cols, double[] to) {
            buffer.get(r * cols, to, 0, cols);
        }

        void put(int r, int cols, double[] from) {
            buffer.put(r * cols, from, 0, cols);
        }
    }

    /** One block's ND4J arrays and their Java copies. */
    private static final class Block {
        final int cols;
        final Native act;
        final Native dAct;
        final Native wIn;
        final Native bias;
        final Native wRec;
        final Native gWin;
        final Native gBias;
        final Native gWrec;
        /** Pre-activations, then activations, [t][row][col]. */
        final double[][][] a;
        /** W_in transposed (D×R), b, U (R×H) and U transposed (H×R). */
        final double[][] winT;
        final double[] b;
        final double[][] u;
        final double[][] ut;
        /** The rows the recurrent matrix multiplies, one per (t, b): h_{t−1}, or the GRU's r ⊙ h_{t−1}. */
        double[][] recurrentInput;
        double[][][] d;
        /** The rows of dA, one per (t, b), time-major. */
        double[][] dRows;
        /** The recurrent input transposed, H (padded to 8) × (T·B). */
        double[][] inT;
        /** ∇Uᵀ, H (padded) × R, and [∇W_inᵀ; ∇bᵀ], (D + 1, padded) × R. */
        double[][] gRecT;
        double[][] gInT;
        /** One row of a gradient on its way to ND4J. */
        double[] row;
        KernelThreads.Rows gradients;

        Block(KernelPart p, int length, int padded, int width, int inputs) {
            cols = (int) p.act().columns();
            act = new Native(p.act());
            dAct = new Native(p.dAct());
            wIn = new Native(p.wIn());
            bias = new Native(p.bias());
            wRec = new Native(p.wRec());
            gWin = new Native(p.gWin());
            gBias = new Native(p.gBias());
            gWrec = new Native(p.gWrec());
            a = new double[length][padded][cols];
            winT = new double[inputs][cols];
            b = new double[cols];
            u = new double[cols][width];
            ut = new double[width][cols];
        }
    }

    JavaKernel64(Workspace ws, RecurrentNet net, KernelPart... parts) {
        this.ws = ws;
        this.batch = ws.batch;
        this.padded = (batch + BLOCK - 1) / BLOCK * BLOCK;
        this.length = ws.length;
        this.width = ws.width;
        this.inputs = net.inputSize;
        this.outputs = net.outputSize;
        this.rows = batch * length;
        h = new double[length + 1][padded][width];
        inArray = new Native(ws.inputs);
        targetArray = new Native(ws.targets);
        maskArray = new Native(ws.mask);
        outArray = new Native(ws.outputs);
        residualArray = new Native(ws.dOutputs);
        stateArray = new Native(ws.states);
        readoutWeights = new Native(net.wOut);
        readoutBias = new Native(net.bOut);
        readoutWeightGradient = new Native(net.gWout);
        readoutBiasGradient = new Native(net.gBout);
        x = new double[rows][inputs];
        xT = new double[(inputs + 1 + BLOCK - 1) / BLOCK * BLOCK][rows];
        java.util.Arrays.fill(xT[inputs], 1);
        y = new double[rows][outputs];
        mask = new double[rows];
        yHat = new double[rows][outputs];
        residual = new double[rows][outputs];
        residualT = new double[(outputs + BLOCK - 1) / BLOCK * BLOCK][rows];
        squares = new double[rows];
        wOut = new double[outputs][width];
        bOut = new double[outputs];
        gOut = new double[residualT.length][width];
        gOutBias = new double[outputs];
        statesOut = new double[rows][];
        statesIn = new double[rows][];
        for (int t = 0; t < length; t++) {
            for (int b = 0; b < batch; b++) {
                statesIn[t * batch + b] = h[t][b];
                statesOut[t * batch + b] = h[t + 1][b];
            }
        }
        this.parts = new Block[parts.length];
        for (int i = 0; i < parts.length; i++) {
            this.parts[i] = new Block(parts[i], length, padded, width, inputs);
            this.parts[i].recurrentInput = statesIn;
        }
    }

    /** Makes the recurrent matrix of block i multiply other rows than h_{t−1} (the GRU's reset state). */
    final void recurrentInput(int i, double[][][] byStep) {
        double[][] r = new double[rows][];
        for (int t = 0; t < length; t++) {
            for (int b = 0; b < batch; b++) {
                r[t * batch + b] = byStep[t][b];
            }
        }
        parts[i].recurrentInput = r;
    }

    /** The pre-activations of block i, [t][row][col]: activations after {@link #forward}. */
    final double[][][] act(int i) {
        return parts[i].a;
    }

    /** The pre-activation gradients of block i, [t][row][col], filled by {@link #backward}. */
    final double[][][] dAct(int i) {
        return parts[i].d;
    }

    /** The inputs x of the last forward pass, one row per (t, b), time-major. */
    final double[][] inputRows() {
        return x;
    }

    /** D, the inputs per step. */
    final int inputs() {
        return inputs;
    }

    /** Recurrent matrix i as rows×H. */
    final double[][] u(int i) {
        return parts[i].u;
    }

    /** Recurrent matrix i transposed, H×rows. */
    final double[][] ut(int i) {
        return parts[i].ut;
    }

    @Override
    public final double forward() {
        load();
        KernelThreads.run(forwardRows, padded);
        double sumSquares = 0;
        for (int k = 0; k < rows; k++) {
            sumSquares += squares[k];
            outArray.put(k, outputs, yHat[k]);
            residualArray.put(k, outputs, residual[k]);
        }
        return 0.5 * sumSquares / ((double) batch * ws.targetSteps);
    }

    @Override
    public final void backward() {
        if (g == null) {
            // Backward buffers on first use: a diagnostics pass only runs forward.
            g = new double[length][padded][width];
            int widthPadded = (width + BLOCK - 1) / BLOCK * BLOCK;
            for (Block p : parts) {
                p.d = new double[length][padded][p.cols];
                p.dRows = new double[rows][];
                for (int k = 0; k < rows; k++) {
                    p.dRows[k] = p.d[k / batch][k % batch];
                }
                p.inT = new double[widthPadded][rows];
                p.gRecT = new double[widthPadded][p.cols];
                p.gInT = new double[xT.length][p.cols];
                p.row = new double[Math.max(width, inputs)];
                p.gradients = (from, to) -> recurrentGradient(p, from, to);
            }
            allocateBackward();
        }
        KernelThreads.run(backwardRows, padded);
        for (int k = 0; k < rows; k++) {
            residualArray.put(k, outputs, residual[k]);
        }
        for (double[] r : gOut) {
            java.util.Arrays.fill(r, 0);
        }
        product(residualT, gOut, 0, residualT.length, statesOut);
        for (int o = 0; o < outputs; o++) {
            readoutWeightGradient.put(o, width, gOut[o]);
            double sum = 0;
            for (int k = 0; k < rows; k++) {
                sum += residualT[o][k];
            }
            gOutBias[o] = sum;
        }
        readoutBiasGradient.put(0, outputs, gOutBias);
        for (Block p : parts) {
            KernelThreads.run(p.gradients, p.inT.length);
            for (double[] r : p.gInT) {
                java.util.Arrays.fill(r, 0);
            }
            product(xT, p.gInT, 0, xT.length, p.dRows);
            for (int c = 0; c < p.cols; c++) {
                for (int q = 0; q < width; q++) {
                    p.row[q] = p.gRecT[q][c];
                }
                p.gWrec.put(c, width, p.row);
                for (int d = 0; d < inputs; d++) {
                    p.row[d] = p.gInT[d][c];
                }
                p.gWin.put(c, inputs, p.row);
            }
            p.gBias.put(0, p.cols, p.gInT[inputs]);
        }
    }

    /** Reads the batch, the weights and the readout from ND4J. */
    private void load() {
        for (int k = 0; k < rows; k++) {
            inArray.get(k, inputs, x[k]);
            targetArray.get(k, outputs, y[k]);
            for (int d = 0; d < inputs; d++) {
                xT[d][k] = x[k][d];
            }
        }
        maskArray.buffer.get(0, mask, 0, rows);
        for (Block p : parts) {
            for (int r = 0; r < p.cols; r++) {
                p.wRec.get(r, width, p.u[r]);
                for (int k = 0; k < width; k++) {
                    p.ut[k][r] = p.u[r][k];
                }
                for (int d = 0; d < inputs; d++) {
                    p.winT[d][r] = p.wIn.buffer.get(r * inputs + d);
                }
            }
            p.bias.get(0, p.cols, p.b);
        }
        for (int o = 0; o < outputs; o++) {
            readoutWeights.get(o, width, wOut[o]);
        }
        readoutBias.get(0, outputs, bOut);
    }

    /** The input projection of one block for the batch rows [from, to): a = b + W_in x at every step. */
    private void project(Block p, int from, int to) {
        for (int t = 0; t < length; t++) {
            for (int b = from; b < to; b++) {
                double[] a = p.a[t][b];
                double[] xk = x[t * batch + b];
                System.arraycopy(p.b, 0, a, 0, p.cols);
                for (int d = 0; d < inputs; d++) {
                    double xd = xk[d];
                    double[] w = p.winT[d];
                    for (int c = 0; c < p.cols; c++) {
                        a[c] = Math.fma(xd, w[c], a[c]);
                    }
                }
            }
        }
    }

    /** ŷ = W_out h + b_out at every step for the batch rows [from, to), the masked residual and its square. */
    private void readout(int from, int to) {
        for (int t = 0; t < length; t++) {
            for (int b = from; b < to; b++) {
                int k = t * batch + b;
                double[] hk = statesOut[k];
                double sum = 0;
                for (int o = 0; o < outputs; o++) {
                    double[] w = wOut[o];
                    double s = 0;
                    for (int q = 0; q < width; q++) {
                        s = Math.fma(w[q], hk[q], s);
                    }
                    double out = s + bOut[o];
                    double r = (out - y[k][o]) * mask[k];
                    yHat[k][o] = out;
                    residual[k][o] = r;
                    sum += r * r;
                }
                squares[k] = sum;
            }
        }
    }

    /** The readout's part of dL/dh_t for the batch rows [from, to), from the residual scaled by 1/(B · scored steps). */
    private void readoutBack(int from, int to, double scale) {
        for (int t = 0; t < length; t++) {
            for (int b = from; b < to; b++) {
                int k = t * batch + b;
                double[] r = residual[k];
                double[] gk = g[t][b];
                java.util.Arrays.fill(gk, 0);
                for (int o = 0; o < outputs; o++) {
                    double ro = r[o] * scale;
                    r[o] = ro;
                    residualT[o][k] = ro;
                    double[] w = wOut[o];
                    for (int q = 0; q < width; q++) {
                        gk[q] = Math.fma(ro, w[q], gk[q]);
                    }
                }
            }
        }
    }

    /**
     * ∇U of one block for the units [from, to): ∇Uᵀ[q][c] = Σ_(t,b) h_{t−1}[q]·dA[c] over every
     * (t, b), as the product of the recurrent input transposed (transposed here, sixteen units at
     * a time, so that the reads stay in cache lines) with the rows of dA.
     */
    private void recurrentGradient(Block p, int from, int to) {
        int last = Math.min(to, width);
        for (int q0 = from; q0 < last; q0 += 2 * BLOCK) {
            int q1 = Math.min(last, q0 + 2 * BLOCK);
            for (int k = 0; k < rows; k++) {
                double[] in = p.recurrentInput[k];
                for (int q = q0; q < q1; q++) {
                    p.inT[q][k] = in[q];
                }
            }
        }
        for (int q = from; q < to; q++) {
            java.util.Arrays.fill(p.gRecT[q], 0);
        }
        product(p.inT, p.gRecT, from, to, p.dRows);
    }

    private void forwardRows(int from, int to) {
        for (Block p : parts) {
            project(p, from, real(to));
        }
        for (int t = 0; t < length; t++) {
            step(t, from, to);
        }
        readout(from, real(to));
        for (Block p : parts) {
            write(p.a, p.act, p.cols, from, real(to));
        }
        write(h, stateArray, width, from, real(to));
        afterForwardRows(from, real(to));
    }

    private void backwardRows(int from, int to) {
        readoutBack(from, real(to), 1.0 / ((double) batch * ws.targetSteps));
        beginBackward(from, to);
        for (int t = length - 1; t >= 0; t--) {
            backStep(t, from, to, g[t], t > 0 ? g[t - 1] : null);
        }
        for (Block p : parts) {
            write(p.d, p.dAct, p.cols, from, real(to));
        }
    }

    /** One forward step for rows [from, to) (multiples of {@link #BLOCK}): h[t] → h[t + 1], activations in place. */
    abstract void step(int t, int from, int to);

    /**
     * One backward step for rows [from, to): from dL/dh_t ({@code grad}) and the cell's own carries,
     * the pre-activation gradients of step t, and dL/dh_{t−1} added into {@code prevGrad} (null at t = 0).
     */
    abstract void backStep(int t, int from, int to, double[][] grad, double[][] prevGrad);

    /** Hook after the forward loop over the batch rows [from, to) (the LSTM writes its cells back, the GRU its reset states). */
    void afterForwardRows(int from, int to) {
    }

    /** Hook before the first backward pass (the cells' own backward buffers). */
    void allocateBackward() {
    }

    /** Hook at the start of the backward loop over rows [from, to) (the LSTM clears its cell carry). */
    void beginBackward(int from, int to) {
    }

    /** σ in place over a[from, to), a row of batch row b. */
    final void sigmoid(double[] a, int from, int to, int b) {
        for (int i = from; i < to; i++) {
            a[i] = sigmoid(a[i]);
        }
    }

    /** tanh in place over a[from, to), a row of batch row b. */
    final void tanh(double[] a, int from, int to, int b) {
        for (int i = from; i < to; i++) {
            a[i] = tanh(a[i]);
        }
    }

    /** The last real (unpadded) row of a chunk, exclusive. */
    final int real(int to) {
        return Math.min(to, batch);
    }

    /**
     * out[i][:] += in[i][k]·m[k][:] for rows i in [from, to) (whole 8-row blocks), summed over
     * every row k of m in order. The columns go in strips of two vectors and the k range in chunks of
     * {@value #K_CHUNK}: each strip-chunk of m (at most 16 kB in float32) is swept over every row
     * block while it is in the L1 cache. Padding rows hold zeros in, and what they get out is
     * never read. The Vector API path and the scalar loop give the same bits: every output
     * element is the same chain of fused multiply-adds over k in order.
     */
    static void product(double[][] in, double[][] out, int from, int to, double[][] m) {
        int n = m.length;
        int cols = m[0].length;
        for (int j = 0; j < cols; j += STRIP) {
            int end = Math.min(cols, j + STRIP);
            for (int k = 0; k < n; k += K_CHUNK) {
                int kEnd = Math.min(n, k + K_CHUNK);
                for (int b = from; b < to; b += BLOCK) {
                    if (VECTOR) {
                        VectorRows64.accumulate(in, out, b, m, k, kEnd, j, end);
                    } else {
                        accumulateScalar(in, out, b, m, k, kEnd, j, end);
                    }
                }
            }
        }
    }

    /** The product of eight rows without the Vector API, for k in [k0, k1) and the columns from {@code j0} to {@code cols}. */
    static void accumulateScalar(double[][] in, double[][] out, int b, double[][] m, int k0, int k1, int j0, int cols) {
        for (int i = b; i < b + BLOCK; i++) {
            double[] a = in[i];
            double[] o = out[i];
            for (int k = k0; k < k1; k++) {
                double xk = a[k];
                double[] row = m[k];
                for (int j = j0; j < cols; j++) {
                    o[j] = Math.fma(xk, row[j], o[j]);
                }
            }
        }
    }

    /**
     * The batch rows [first, last) of every step into a contiguous time-major array of
     * {@code from.length}·B rows: each thread writes back its own rows (absolute bulk puts, which
     * touch no shared buffer state).
     */
    final void write(double[][][] from, Native to, int cols, int first, int last) {
        for (int t = 0; t < from.length; t++) {
            for (int b = first; b < last; b++) {
                to.put(t * batch + b, cols, from[t][b]);
            }
        }
    }

    static double tanh(double v) {
        double e = Math.exp(-2 * Math.abs(v));
        double t = (1 - e) / (1 + e);
        return v < 0 ? -t : t;
    }

    static double sigmoid(double v) {
        double e = Math.exp(-Math.abs(v));
        return v >= 0 ? 1 / (1 + e) : e / (1 + e);
    }
}
