package org.timescalelab.nn;

/**
 * A whole forward and backward pass of a recurrent network written outside ND4J
 * ({@link JavaKernel} in float32, {@link JavaKernel64} in float64), one instance per workspace,
 * bound at construction to the workspace's arrays and the network's parameter and gradient views.
 * The ND4J arrays of the workspace are written back after each pass (states, activations,
 * readout, residuals, pre-activation gradients), so everything that reads them (diagnostics,
 * exports, per-sequence gradients) sees what the ND4J path would leave there.
 */
interface RecurrentKernel {

    /**
     * The forward pass over the batch loaded in the workspace: input projections, the recurrence,
     * the readout and its masked residual.
     *
     * @return the loss ½ Σ masked residual² / (B · scored steps)
     */
    double forward();

    /** The backward pass after {@link #forward}: every parameter's gradient into the gradient buffer. */
    void backward();
}
