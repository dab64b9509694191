package org.timescalelab.nn;

/** The optimizers of docs/training.md, "Optimizers". */
public enum OptimizerKind {
    SGD,
    MOMENTUM,
    RMSPROP,
    ADAM,
    ADAMW;

    /** Whether the optimizer keeps per-parameter second moments (Λ ≠ η·I). */
    public boolean isAdaptive() {
        return this == RMSPROP || this == ADAM || this == ADAMW;
    }
}
