package org.timescalelab.nn;

/**
 * Everything needed to build a recurrent model.
 *
 * @param architecture the recurrence (docs/models.md, "Architectures")
 * @param width        number of hidden units H, at least 1
 * @param inputSize    input dimension D, at least 1
 * @param outputSize   output dimension O, at least 1
 * @param readout      where the readout is scored
 * @param gateInit     initial gate value s₀ in (0, 1): the gate bias starts at logit(s₀) (the
 *                     LSTM forget gate at logit(1−s₀)); for {@code CONST_GATE} it is the fixed gate
 * @param gateSpread   decades over which the initial time scales of the per-unit time-scale gate
 *                     (DIAG_GATE's s, GRU's z, LSTM's f) spread around τ₀ = −1/ln(1 − s₀): unit q's
 *                     gate bias moves from the base bias by ln 10 · spread · ((q + ½)/H − ½), towards
 *                     shorter τ as q grows; for small s (τ ≈ e^{∓bias}) log₁₀ τ spans about
 *                     {@code gateSpread} decades, evenly; 0 gives every unit s₀. No effect on CONST_GATE
 *                     and SHARED_GATE (one time scale). Units added by a width change start at s₀.
 * @param precision    tensor precision
 * @param seed         seed of every initial matrix
 */
public record ModelSpec(Architecture architecture, int width, int inputSize, int outputSize,
                        Readout readout, double gateInit, double gateSpread, Precision precision, long seed) {

    /** Validates the arguments. */
    public ModelSpec {
        if (architecture == null || readout == null || precision == null) {
            throw new IllegalArgumentException("architecture, readout and precision are required");
        }
        if (width < 1 || inputSize < 1 || outputSize < 1) {
            throw new IllegalArgumentException("width, inputSize and outputSize must be at least 1: "
                    + width + ", " + inputSize + ", " + outputSize);
        }
        if (!(gateInit > 0 && gateInit < 1)) {
            throw new IllegalArgumentException("gateInit must lie in (0, 1): " + gateInit);
        }
        if (!(gateSpread >= 0 && gateSpread <= 4)) {
            throw new IllegalArgumentException("gateSpread must lie in [0, 4]: " + gateSpread);
        }
    }

    /** A specification whose units all start at s₀ (no spread of time scales). */
    public ModelSpec(Architecture architecture, int width, int inputSize, int outputSize, Readout readout,
                     double gateInit, Precision precision, long seed) {
        this(architecture, width, inputSize, outputSize, readout, gateInit, 0, precision, seed);
    }

    /** The same specification with another width. */
    public ModelSpec withWidth(int newWidth) {
        return new ModelSpec(architecture, newWidth, inputSize, outputSize, readout, gateInit, gateSpread, precision, seed);
    }

    /** The same specification with another precision. */
    public ModelSpec withPrecision(Precision newPrecision) {
        return new ModelSpec(architecture, width, inputSize, outputSize, readout, gateInit, gateSpread, newPrecision,
                seed);
    }
}
