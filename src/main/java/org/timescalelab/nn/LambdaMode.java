package org.timescalelab.nn;

/** How a unit's learning rate Λ^(q) is read from an adaptive optimizer (docs/envelope-and-window.md, "From gates to the envelope"). */
public enum LambdaMode {
    /** Row mean (1/H) Σ_i λ̄_{qi} of the recurrent matrices' rates. */
    ROW_MEAN,
    /** Rayleigh quotient Σ_i λ̄_{qi} h²_{m,i} / Σ_i h²_{m,i} at the window's source state. */
    RAYLEIGH
}
