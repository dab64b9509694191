package org.timescalelab.nn;

/**
 * The per-step loops of a recurrent network written outside ND4J ({@link JavaKernel} in float32,
 * {@link JavaKernel64} in float64), one instance per workspace, bound at construction to the
 * workspace's arrays and the network's recurrent matrices.
 */
interface RecurrentKernel {

    /**
     * The forward loop: reads the input projections from the workspace's pre-activation arrays,
     * writes the cell's activations over them and the states h_{−1} = 0, h_0 … h_{T−1} into
     * {@code states} (and the cell's own arrays, e.g. the LSTM's cells).
     */
    void forward();

    /**
     * The backward loop: reads the readout's dL/dh_t from {@code dStates} and writes the
     * pre-activation gradients of every step.
     */
    void backward();
}
