package org.timescalelab.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Preallocated buffers of one forward and backward pass over a batch of B sequences of length T.
 *
 * <p>Every time series is stored time-major as a (T·B)×k matrix, so that the input projections,
 * the readout and the weight gradients of all steps are single matrix products, and the rows of
 * one step are a contiguous view. The per-step views are built once, so the time loop allocates
 * no buffers.
 */
class Workspace {

    final int batch;
    final int length;
    final int width;
    final DataType dtype;

    final INDArray inputs;
    final INDArray targets;
    final INDArray mask;
    final INDArray states;
    final INDArray prevStates;
    final INDArray outStates;
    final INDArray dStates;
    final INDArray outputs;
    final INDArray dOutputs;
    final INDArray ones;

    final INDArray[] h;
    final INDArray[] hPrev;
    final INDArray[] dH;
    final INDArray[] scratch;
    final INDArray carry;

    /** The plain-Java loops of this workspace, or null where the ND4J ops run them (set by the network's workspace). */
    RecurrentKernel kernel;

    int targetSteps;

    Workspace(int batch, int length, int width, int inputSize, int outputSize, DataType dtype) {
        this.batch = batch;
        this.length = length;
        this.width = width;
        this.dtype = dtype;
        int rows = batch * length;
        inputs = Nd4j.create(dtype, rows, inputSize);
        targets = Nd4j.create(dtype, rows, outputSize);
        mask = Nd4j.create(dtype, rows, 1);
        states = Nd4j.create(dtype, (long) rows + batch, width);
        prevStates = states.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
        outStates = states.get(NDArrayIndex.interval(batch, rows + batch), NDArrayIndex.all());
        dStates = Nd4j.create(dtype, rows, width);
        outputs = Nd4j.create(dtype, rows, outputSize);
        dOutputs = Nd4j.create(dtype, rows, outputSize);
        ones = Nd4j.ones(dtype, 1, rows);
        h = stepViews(states, batch);
        hPrev = stepViews(states, 0);
        dH = stepViews(dStates, 0);
        scratch = new INDArray[5];
        for (int i = 0; i < scratch.length; i++) {
            scratch[i] = Nd4j.create(dtype, batch, width);
        }
        carry = Nd4j.create(dtype, batch, width);
    }

    /** Per-step row views of a time-major buffer whose step 0 starts at row {@code firstRow}. */
    final INDArray[] stepViews(INDArray buffer, int firstRow) {
        INDArray[] views = new INDArray[length];
        for (int t = 0; t < length; t++) {
            long from = firstRow + (long) t * batch;
            views[t] = buffer.get(NDArrayIndex.interval(from, from + batch), NDArrayIndex.all());
        }
        return views;
    }

    /** Per-step views of columns [from, to) of a time-major buffer. */
    final INDArray[] columnViews(INDArray[] steps, int from, int to) {
        INDArray[] views = new INDArray[steps.length];
        for (int t = 0; t < steps.length; t++) {
            views[t] = steps[t].get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
        }
        return views;
    }

    /** Loads a batch's inputs, targets and step mask (element by element into the native buffers: nothing is allocated). */
    void load(Batch b) {
        org.nd4j.linalg.api.buffer.DataBuffer in = inputs.data();
        org.nd4j.linalg.api.buffer.DataBuffer out = targets.data();
        org.nd4j.linalg.api.buffer.DataBuffer m = mask.data();
        double[] x = b.inputs();
        double[] y = b.targets();
        for (int i = 0; i < x.length; i++) {
            in.put(i, x[i]);
        }
        for (int i = 0; i < y.length; i++) {
            out.put(i, y[i]);
        }
        for (int t = 0; t < length; t++) {
            double v = b.hasTarget()[t] ? 1.0 : 0.0;
            for (int i = t * batch; i < (t + 1) * batch; i++) {
                m.put(i, v);
            }
        }
        targetSteps = b.targetSteps();
    }
}
