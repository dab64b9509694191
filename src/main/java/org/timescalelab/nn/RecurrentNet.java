package org.timescalelab.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.rng.simple.RandomSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A recurrent network with a linear readout, trained by hand-written backpropagation through time
 * (docs/models.md).
 *
 * <p>Parameters live in one flat vector θ laid out by {@link ParameterLayout}; the gradient has
 * the same layout. A forward pass computes the input projections of all steps with one matrix
 * product, then runs the recurrence step by step (one product with the stacked recurrent matrix
 * per step); the backward pass runs the recurrence backwards and forms every weight gradient
 * with one product over all steps. Subclasses supply the cell.
 *
 * <p>Loss: L = (1/(B·|targets|)) Σ ½‖ŷ_t − y_t‖² over every sequence and scored step.
 *
 * <p>Not thread-safe: one network belongs to one thread.
 *
 * <p>Length: about 490 lines: the parameter layout, the forward pass, BPTT and the diagnostics'
 * transports of one network family, which the kernels and the gradient check rely on together.
 */
public abstract class RecurrentNet {

    final ModelSpec spec;
    final int width;
    final int inputSize;
    final int outputSize;
    final DataType dtype;
    final ParameterLayout layout;
    final INDArray theta;
    final INDArray gradient;

    final INDArray wIn;
    final INDArray wRec;
    final INDArray bias;
    final INDArray wOut;
    final INDArray bOut;
    final INDArray gWin;
    final INDArray gWrec;
    final INDArray gBias;
    final INDArray gWout;
    final INDArray gBout;

    /**
     * Whether the recurrent loops run in plain Java ({@link JavaKernel}, {@link JavaKernel64}), as
     * they do unless the system property {@code timescalelab.kernel=nd4j} asked for the ND4J ops
     * when the network was built (to compare; {@code scalar} keeps Java but without the Vector API).
     */
    final boolean javaKernel = KernelChoice.javaKernels();

    private final Map<Long, Workspace> workspaces = new LinkedHashMap<>();
    /** The workspace of the last lookup, found again without boxing its key (a training step allocates nothing). */
    private Workspace lastWorkspace;
    private final Map<String, double[][]> matrixCache = new java.util.HashMap<>();

    RecurrentNet(ModelSpec spec, List<ParameterLayout.Block> blocks) {
        this.spec = spec;
        this.width = spec.width();
        this.inputSize = spec.inputSize();
        this.outputSize = spec.outputSize();
        this.dtype = spec.precision() == Precision.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT;
        this.layout = new ParameterLayout(blocks, width, inputSize, outputSize);
        this.theta = Nd4j.create(dtype, layout.size());
        this.gradient = Nd4j.create(dtype, layout.size());
        int r = layout.stackedRows();
        wIn = matrix(theta, layout.inputOffset(), r, inputSize);
        wRec = matrix(theta, layout.recurrentOffset(), r, width);
        bias = matrix(theta, layout.biasOffset(), 1, r);
        wOut = matrix(theta, layout.readoutOffset(), outputSize, width);
        bOut = matrix(theta, layout.readoutBiasOffset(), 1, outputSize);
        gWin = matrix(gradient, layout.inputOffset(), r, inputSize);
        gWrec = matrix(gradient, layout.recurrentOffset(), r, width);
        gBias = matrix(gradient, layout.biasOffset(), 1, r);
        gWout = matrix(gradient, layout.readoutOffset(), outputSize, width);
        gBout = matrix(gradient, layout.readoutBiasOffset(), 1, outputSize);
    }

    /** Builds a network with the initial parameters of docs/models.md, "Architectures", drawn from {@code spec.seed()}. */
    public static RecurrentNet create(ModelSpec spec) {
        RecurrentNet net = empty(spec);
        Initializer init = new Initializer(RandomSource.XO_RO_SHI_RO_128_PP.create(spec.seed()));
        net.setParameters(init.initialParameters(net.layout, spec.width(), spec.inputSize(), spec.gateSpread()));
        return net;
    }

    /** Builds a network of the given shape with all parameters zero. */
    static RecurrentNet empty(ModelSpec spec) {
        switch (spec.architecture()) {
            case CONST_GATE:
            case SHARED_GATE:
            case DIAG_GATE:
                return new GateFamilyRnn(spec);
            case GRU:
                return new Gru(spec);
            case LSTM:
                return new Lstm(spec);
            default:
                throw new IllegalArgumentException("unknown architecture " + spec.architecture());
        }
    }

    /** A row-major rows×cols view of a segment of a flat vector. */
    static INDArray matrix(INDArray flat, long offset, int rows, int cols) {
        return flat.get(NDArrayIndex.interval(offset, offset + (long) rows * cols)).reshape('c', rows, cols);
    }

    /** A view of one named parameter tensor. */
    INDArray tensor(String name) {
        TensorInfo t = layout.tensor(name);
        return matrix(theta, t.offset(), t.rows(), t.cols());
    }

    /** The architecture and sizes of this network. */
    public ModelSpec spec() {
        return spec;
    }

    /** H, the number of hidden units. */
    public int width() {
        return width;
    }

    /** The named parameter tensors, in layout order. */
    public List<TensorInfo> tensors() {
        return layout.tensors();
    }

    /** Number of scalar parameters. */
    public long parameterCount() {
        return layout.size();
    }

    /** A copy of θ. */
    public double[] parameters() {
        return theta.toDoubleVector();
    }

    /** Replaces θ. */
    public void setParameters(double[] values) {
        if (values.length != layout.size()) {
            throw new IllegalArgumentException("expected " + layout.size() + " parameters, got " + values.length);
        }
        theta.assign(Nd4j.create(values, new long[] {values.length}, dtype));
        parametersChanged();
    }

    /** Must follow every in-place change of θ: drops the cached matrices. */
    void parametersChanged() {
        matrixCache.clear();
    }

    /** A copy of the gradient of the last {@link #lossAndGradient}. */
    public double[] gradient() {
        return gradient.toDoubleVector();
    }

    /** Forward pass only: the loss of a batch. */
    public double loss(Batch batch) {
        Workspace ws = workspace(batch);
        ws.load(batch);
        return forward(ws);
    }

    /** Forward and backward pass: returns the loss and leaves ∇_θ L in the gradient buffer. */
    public double lossAndGradient(Batch batch) {
        Workspace ws = workspace(batch);
        ws.load(batch);
        double loss = forward(ws);
        backward(ws);
        return loss;
    }

    /**
     * The gradient of each sequence of {@code batch} on its own (as {@code lossAndGradient} of a
     * batch of that one sequence would give it), from one forward and backward pass: the
     * backward recursion never mixes sequences, so its pre-activation gradients already are each
     * sequence's own; the weight gradients (sums over rows) are then formed once per sequence with
     * every other sequence's rows masked out, and rescaled from the batch's normalisation 1/B.
     */
    double[][] perExampleGradients(Batch batch) {
        Workspace ws = workspace(batch);
        ws.load(batch);
        forward(ws);
        backward(ws);
        List<INDArray> deltas = new ArrayList<>(rowGradients(ws));
        deltas.add(ws.dOutputs);
        List<INDArray> saved = new ArrayList<>();
        for (INDArray d : deltas) {
            saved.add(d.dup());
        }
        int rows = ws.batch * ws.length;
        double[][] out = new double[ws.batch][];
        for (int b = 0; b < ws.batch; b++) {
            double[] keep = new double[rows];
            for (int t = 0; t < ws.length; t++) {
                keep[t * ws.batch + b] = ws.batch;
            }
            INDArray mask = Nd4j.create(keep, new long[] {rows, 1}, ws.dtype);
            for (int i = 0; i < deltas.size(); i++) {
                deltas.get(i).assign(saved.get(i)).muliColumnVector(mask);
            }
            sumGradients(ws);
            out[b] = gradient();
        }
        for (int i = 0; i < deltas.size(); i++) {
            deltas.get(i).assign(saved.get(i));
        }
        sumGradients(ws);
        return out;
    }

    Workspace workspace(Batch batch) {
        Workspace last = lastWorkspace;
        if (last != null && last.batch == batch.size() && last.length == batch.length()) {
            return last;
        }
        long key = ((long) batch.size() << 32) | batch.length();
        Workspace ws = workspaces.get(key);
        if (ws == null) {
            if (workspaces.size() >= 4) {
                workspaces.remove(workspaces.keySet().iterator().next());
            }
            ws = newWorkspace(batch.size(), batch.length());
            workspaces.put(key, ws);
        }
        lastWorkspace = ws;
        return ws;
    }

    double forward(Workspace ws) {
        if (ws.kernel != null) {
            return ws.kernel.forward();
        }
        projectInputs(ws);
        recur(ws);
        Nd4j.gemm(ws.outStates, wOut, ws.outputs, false, true, 1.0, 0.0);
        ws.outputs.addiRowVector(bOut);
        ws.outputs.sub(ws.targets, ws.dOutputs);
        ws.dOutputs.muliColumnVector(ws.mask);
        double sumSquares = ws.dOutputs.norm2Number().doubleValue();
        sumSquares *= sumSquares;
        return 0.5 * sumSquares / ((double) ws.batch * ws.targetSteps);
    }

    void backward(Workspace ws) {
        if (ws.kernel != null) {
            ws.kernel.backward();
            return;
        }
        ws.dOutputs.muli(1.0 / ((double) ws.batch * ws.targetSteps));
        Nd4j.gemm(ws.dOutputs, wOut, ws.dStates, false, false, 1.0, 0.0);
        recurBack(ws);
        sumGradients(ws);
    }

    /** The forward recursion over time, after the input projection: {@link #step} for t = 0…T−1. */
    void recur(Workspace ws) {
        for (int t = 0; t < ws.length; t++) {
            step(ws, t);
        }
    }

    /**
     * The backward recursion over time, from the readout's dL/dh_t in {@code ws.dH} to the row
     * gradients: {@link #backStep} for t = T−1…0, carrying dL/dh_{t−1}.
     */
    void recurBack(Workspace ws) {
        for (int t = ws.length - 1; t >= 0; t--) {
            backStep(ws, t);
            if (t > 0) {
                ws.dH[t - 1].addi(ws.carry);
            }
        }
    }

    /** Every parameter gradient from the row gradients: readout, then the cell's weights. */
    private void sumGradients(Workspace ws) {
        Nd4j.gemm(ws.dOutputs, ws.outStates, gWout, true, false, 1.0, 0.0);
        Nd4j.gemm(ws.ones, ws.dOutputs, gBout, false, false, 1.0, 0.0);
        weightGradients(ws);
    }

    /**
     * The update fraction s_{t,q} of every step and unit of the last pass, time-major (T·B)×H:
     * the gate s of the gate family, z of the GRU and 1 − f of the LSTM, so that a constant gate
     * gives the time scale τ = −1/ln(1 − s) for every architecture.
     */
    abstract INDArray updateFractions(Workspace ws);

    /** The arrays of the last forward pass, batch-major B×T×k, for export. */
    List<NamedArray> forwardArrays(Batch batch) {
        Workspace ws = workspace(batch);
        List<NamedArray> out = new java.util.ArrayList<>();
        out.add(export("h", ws.outStates, ws, "hidden states h_t, batch×time×H"));
        out.add(export("y_hat", ws.outputs, ws, "readout ŷ_t = W_out·h_t + b_out, batch×time×O"));
        out.addAll(cellArrays(ws));
        return out;
    }

    /** The architecture's own per-step arrays (gates, candidates, cells), batch-major. */
    abstract List<NamedArray> cellArrays(Workspace ws);

    static NamedArray export(String name, INDArray timeMajor, Workspace ws, String meaning) {
        INDArray m = timeMajor.dup('c');
        return NamedArray.batchMajor(name, m.data().asDouble(), ws.batch, ws.length, (int) m.columns(), meaning);
    }

    /**
     * A network of another width with the same function at the moment of the change.
     *
     * <p>Units listed in {@code keep} survive, in that order, as units 0..k−1; units k..newWidth−1
     * are new, with the initial values of a fresh network drawn from {@code freshSeed} (gate
     * biases at logit(s₀)). Old units and the readout never read a new unit: those weights are
     * zero, so the output is exactly unchanged when the network only grows.
     */
    RecurrentNet resized(int newWidth, int[] keep, long freshSeed) {
        RecurrentNet fresh = create(new ModelSpec(spec.architecture(), newWidth, inputSize, outputSize,
                spec.readout(), spec.gateInit(), spec.precision(), freshSeed));
        double[] mapped = remap(parameters(), fresh.parameters(), fresh.layout, keep);
        RecurrentNet out = empty(spec.withWidth(newWidth));
        out.setParameters(mapped);
        return out;
    }

    /**
     * Maps a vector in this network's layout to {@code target}'s layout: surviving entries are
     * copied, entries of a surviving row in a new column become zero (an old unit or the readout
     * never reads a new unit), entries of a new row keep the value in {@code fill}, and so do a new
     * unit's entries of a bias vector (its columns are the units themselves: a new unit starts
     * with the configured gate bias logit(s₀), not with 0, which would put its gate at s = ½).
     */
    double[] remap(double[] source, double[] fill, ParameterLayout target, int[] keep) {
        return remap(source, fill, target, keep, true);
    }

    /**
     * Adam's second moment in {@code target}'s layout: surviving entries copied, every new entry
     * (new row or new column) at the mean of its tensor's old entries. With zeros there, a new
     * entry's first Adam step was about 3η whatever its gradient (m̂/√v̂ = 0.1g/√(0.001g²)), on
     * every new weight at once: growing the width under Adam made the loss jump for some fifty steps
     * although the function had not changed. At its tensor's typical v it steps like its peers.
     */
    double[] remapSecondMoment(double[] v, ParameterLayout target, int[] keep) {
        double[] fill = new double[(int) target.size()];
        for (TensorInfo n : target.tensors()) {
            TensorInfo o = layout.tensor(n.name());
            double mean = 0;
            for (int i = 0; i < o.size(); i++) {
                mean += v[(int) o.offset() + i];
            }
            java.util.Arrays.fill(fill, (int) n.offset(), (int) n.offset() + n.size(), mean / o.size());
        }
        return remap(v, fill, target, keep, false);
    }

    private double[] remap(double[] source, double[] fill, ParameterLayout target, int[] keep, boolean zeroNewColumns) {
        double[] out = fill.clone();
        for (TensorInfo n : target.tensors()) {
            TensorInfo o = layout.tensor(n.name());
            boolean bias = target.isBias(n.name());
            for (int r = 0; r < n.rows(); r++) {
                boolean newRow = n.hiddenRows() && r >= keep.length;
                int oldRow = n.hiddenRows() && !newRow ? keep[r] : r;
                for (int c = 0; c < n.cols(); c++) {
                    boolean newCol = n.hiddenCols() && c >= keep.length;
                    int idx = (int) n.offset() + r * n.cols() + c;
                    if (newRow || (bias && newCol)) {
                        continue;
                    }
                    if (newCol) {
                        out[idx] = zeroNewColumns ? 0 : fill[idx];
                    } else {
                        int oldCol = n.hiddenCols() ? keep[c] : c;
                        out[idx] = source[(int) o.offset() + oldRow * o.cols() + oldCol];
                    }
                }
            }
        }
        return out;
    }

    /** Layout of this network's parameters. */
    ParameterLayout layout() {
        return layout;
    }

    /**
     * The leak a and first-order correction r of every step and unit of the last forward pass
     * (docs/models.md, "Leak and correction"), time-major (T·B)×H, and for the LSTM the read-out factor e = o ⊙ tanh'(c).
     */
    abstract LeakFactors leakFactors(Workspace ws);

    /**
     * The exact one-step Jacobian J_t = ∂h_t/∂h_{t−1} of sequence b at step t of the last forward
     * pass (docs/models.md, "One-step Jacobians"); for the LSTM the cell path ∂c_t/∂c_{t−1} (h_{t−1} = o_{t−1} tanh c_{t−1}).
     */
    abstract double[][] jacobian(Workspace ws, int b, int t);

    /**
     * The forward-mode tangent v_t = (∂h_t/∂θ)[w] of the last forward pass along a direction w in
     * θ's layout: v_t = J_t v_{t−1} + ∂⁺h_t/∂θ[w], v_{−1} = 0. Time-major (T·B)×H.
     */
    abstract INDArray tangent(Workspace ws, INDArray direction);

    /**
     * The part of the pre-activation tangents that does not go through the state's tangent, for
     * stacked cells whose recurrent input is h_{t−1} itself: dA = x·dW_inᵀ + db + h_{t−1}·dU_recᵀ,
     * all steps at once, (T·B)×R.
     */
    INDArray directPreActivations(Workspace ws, INDArray direction) {
        int r = layout.stackedRows();
        INDArray dAct = Nd4j.create(ws.dtype, (long) ws.batch * ws.length, r);
        Nd4j.gemm(ws.inputs, matrix(direction, layout.inputOffset(), r, inputSize), dAct, false, true, 1.0, 0.0);
        dAct.addiRowVector(matrix(direction, layout.biasOffset(), 1, r));
        Nd4j.gemm(ws.prevStates, matrix(direction, layout.recurrentOffset(), r, width), dAct, false, true, 1.0, 1.0);
        return dAct;
    }

    /** The diagonal of a square named tensor, or the entries of a 1×H one. */
    double[] diagonal(String name) {
        TensorInfo t = layout.tensor(name);
        double[] values = values(tensor(name));
        if (t.rows() == 1) {
            return values;
        }
        double[] d = new double[t.rows()];
        for (int q = 0; q < d.length; q++) {
            d[q] = values[q * t.cols() + q];
        }
        return d;
    }

    /**
     * A named tensor as a rows×cols array, cached until the parameters change (the Jacobians of a
     * diagnostics pass read the same matrices at every step).
     */
    double[][] matrixOf(String name) {
        return matrixCache.computeIfAbsent(name, this::readMatrix);
    }

    private double[][] readMatrix(String name) {
        TensorInfo t = layout.tensor(name);
        double[] v = values(tensor(name));
        double[][] m = new double[t.rows()][t.cols()];
        for (int r = 0; r < t.rows(); r++) {
            System.arraycopy(v, r * t.cols(), m[r], 0, t.cols());
        }
        return m;
    }

    /** The values of an array (or view) in row-major order. */
    static double[] values(INDArray a) {
        if (a.dataType() == DataType.DOUBLE && a.ordering() == 'c' && a.elementWiseStride() == 1) {
            double[] out = new double[(int) a.length()];
            org.bytedeco.javacpp.DoublePointer p = new org.bytedeco.javacpp.DoublePointer(a.data().pointer());
            p.position(a.offset()).get(out, 0, out.length);
            // ND4J frees the buffer once `a` is unreachable: keep it alive past the native copy.
            java.lang.ref.Reference.reachabilityFence(a);
            return out;
        }
        return a.dup('c').data().asDouble();
    }

    /** The forward-mode tangents of the last forward pass along parameter directions, time-major (T·B)×H each. */
    double[][] tangentValues(Workspace ws, INDArray[] directions) {
        double[][] out = new double[directions.length][];
        for (int d = 0; d < directions.length; d++) {
            out[d] = values(tangent(ws, directions[d]));
        }
        return out;
    }

    /** The mean update fraction of each unit over the steps and sequences of the last forward pass. */
    double[] meanUpdateFractions(Workspace ws) {
        return updateFractions(ws).mean(0).toDoubleVector();
    }

    /** Columns [from, to) of a time-major buffer, row-major. */
    static double[] columns(INDArray buffer, int from, int to) {
        return values(buffer.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)));
    }

    /** Creates the buffers of a pass over B sequences of length T. */
    abstract Workspace newWorkspace(int batchSize, int length);

    /** Input projections and biases of every step, before the recurrence. */
    abstract void projectInputs(Workspace ws);

    /** One step of the recurrence: h_t from h_{t−1} and the projected input. */
    abstract void step(Workspace ws, int t);

    /**
     * One backward step: from dL/dh_t (complete in {@code ws.dH[t]}) computes the gradients of the
     * step's pre-activations and leaves dL/dh_{t−1}'s contribution through this step in
     * {@code ws.carry}.
     */
    abstract void backStep(Workspace ws, int t);

    /** Weight and bias gradients of all steps from the pre-activation gradients. */
    abstract void weightGradients(Workspace ws);

    /** The per-row (T·B) pre-activation gradients that {@link #weightGradients} sums over rows. */
    abstract List<INDArray> rowGradients(Workspace ws);
}
