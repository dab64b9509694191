package org.timescalelab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-step loops of a recurrent network written outside ND4J, one instance per workspace
 * ({@link DiagGateKernel} in float32, {@link DiagGateKernel64} in float64).
 */
interface RecurrentKernel {

    /**
     * The forward loop: reads the input projections from {@code act} ((T·B)×R, time-major),
     * writes the cell's activations over them and the states into {@code states}
     * ((T+1)·B×H, first block h_{−1} = 0).
     */
    void forward(INDArray wRec, INDArray act, INDArray states);

    /**
     * The backward loop: reads the readout's dL/dh_t from {@code dStates} (T·B×H) and writes the
     * pre-activation gradients into {@code dAct}.
     */
    void backward(INDArray dStates, INDArray dAct);
}
