package org.timescalelab.nn;

/** The sequence tasks of docs/training.md, "Tasks". */
public enum TaskKind {
    /** y_t = Σ_k c_k uᵀx_{t−ℓ_k}: several lags at once, the learnability task of P2. */
    MULTI_LAG,
    /** y_t = x_{t−ℓ}: recall the input of one lag. */
    DELAYED_RECALL,
    /** Sum of the two marked values of a sequence, scored at the last step (P1). */
    ADDING,
    /** The tenth-order nonlinear autoregressive moving-average system. */
    NARMA10
}
