package org.timescalelab.nn;

/**
 * Everything needed to build a recurrent model.
 *
 * @param architecture the recurrence (THEORY.md §1)
 * @param width        number of hidden units H, at least 1
 * @param inputSize    input dimension D, at least 1
 * @param outputSize   output dimension O, at least 1
 * @param readout      where the readout is scored
 * @param gateInit     initial gate value s₀ in (0, 1): the gate bias starts at logit(s₀) (the
 *                     LSTM forget gate at logit(1−s₀)); for {@code CONST_GATE} it is the fixed gate
 * @param precision    tensor precision
 * @param seed         seed of every initial matrix
 */
public record ModelSpec(Architecture architecture, int width, int inputSize, int outputSize,
                        Readout readout, double gateInit, Precision precision, long seed) {

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
    }

    /** The same specification with another width. */
    public ModelSpec withWidth(int newWidth) {
        return new ModelSpec(architecture, newWidth, inputSize, outputSize, readout, gateInit, precision, seed);
    }

    /** The same specification with another precision. */
    public ModelSpec withPrecision(Precision newPrecision) {
        return new ModelSpec(architecture, width, inputSize, outputSize, readout, gateInit, newPrecision, seed);
    }
}
