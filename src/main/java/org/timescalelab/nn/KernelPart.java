package org.timescalelab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ND4J arrays of one block of pre-activations that a {@link RecurrentKernel} reads and
 * writes: the pre-activations and their gradients ((T·B)×R, time-major), the input weights (R×D),
 * the bias (1×R), the recurrent matrix (R×H), and the views of the gradient buffer for each of
 * the three. The gate family and the LSTM have one block, the GRU two ([z | r] and the candidate).
 */
record KernelPart(INDArray act, INDArray dAct, INDArray wIn, INDArray bias, INDArray wRec, INDArray gWin,
        INDArray gBias, INDArray gWrec) {
}
