package org.timescalelab.nn;

/**
 * A batch of sequences in time-major order: row {@code t·B + b} holds sequence b at step t.
 *
 * @param size      number of sequences B
 * @param length    number of steps T
 * @param inputSize D
 * @param outputSize O
 * @param inputs    T·B·D values
 * @param targets   T·B·O values (ignored where a step has no target)
 * @param hasTarget per step, whether the step is scored
 */
public record Batch(int size, int length, int inputSize, int outputSize,
                    double[] inputs, double[] targets, boolean[] hasTarget) {

    /** Checks the array sizes. */
    public Batch {
        if (inputs.length != size * length * inputSize || targets.length != size * length * outputSize
                || hasTarget.length != length) {
            throw new IllegalArgumentException("batch arrays do not match B=" + size + ", T=" + length);
        }
    }

    /** Number of scored steps per sequence. */
    public int targetSteps() {
        int n = 0;
        for (boolean b : hasTarget) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
