package org.timescalelab.nn;

/**
 * The recurrent architectures of docs/models.md, "Architectures".
 *
 * <p>All read out linearly, {@code ŷ_t = W_out h_t + b_out}. The first three share the
 * leaky-integrator update {@code h_t = (1−s_t) ⊙ h_{t−1} + s_t ⊙ tanh(W_h x_t + U_h h_{t−1} + b_h)}
 * and differ only in the gate {@code s_t}.
 */
public enum Architecture {
    /** Fixed scalar gate s (a leaky integrator); no trainable gate. */
    CONST_GATE,
    /** One trainable scalar gate shared by all units: s_t = σ(w_s·x_t + u_s·h_{t−1} + b_s). */
    SHARED_GATE,
    /** One trainable gate per unit: s_t = σ(W_s x_t + U_s h_{t−1} + b_s) ∈ (0,1)^H. */
    DIAG_GATE,
    /** Gated recurrent unit with update gate z and reset gate r. */
    GRU,
    /** Long short-term memory with input, forget and output gates. */
    LSTM;

    /**
     * The kernel blocks' pre-activation columns at a width: the candidate's H and the gates' (none
     * for CONST_GATE, one shared row for SHARED_GATE, H for DIAG_GATE, 2H for the GRU's two, 3H for
     * the LSTM's three). Bench's FLOP count and ResourceEstimate read it.
     */
    public long blockColumns(int width) {
        return (long) blocksPerUnit() * width + (this == SHARED_GATE ? 1 : 0);
    }

    /** The blocks' columns per unit, the shared gate's one row aside. */
    private int blocksPerUnit() {
        return switch (this) {
            case CONST_GATE, SHARED_GATE -> 1;
            case DIAG_GATE -> 2;
            case GRU -> 3;
            case LSTM -> 4;
        };
    }

    /**
     * How many T × B × H arrays a forward pass of the Java kernels keeps (ResourceEstimate counts
     * them, its calibration test measures them): the states and each block's pre-activations, and
     * the GRU's reset states or the LSTM's cells and their tanh.
     */
    public int forwardArrays() {
        return 1 + blocksPerUnit() + switch (this) {
            case GRU -> 1;
            case LSTM -> 2;
            default -> 0;
        };
    }

    /**
     * How many more T × B × H arrays a backward pass of the Java kernels keeps: the state gradient,
     * each block's pre-activation gradient, and each block's transposed recurrent input.
     */
    public int backwardArrays() {
        return 1 + blocksPerUnit() + (this == GRU ? 2 : 1);
    }

    /** Whether the architecture belongs to the leaky-integrator gate family (CONST, SHARED, DIAG). */
    public boolean isGateFamily() {
        return this == CONST_GATE || this == SHARED_GATE || this == DIAG_GATE;
    }
}
