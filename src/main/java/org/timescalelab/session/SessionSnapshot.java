package org.timescalelab.session;

/**
 * An immutable picture of a session, published to listeners at a bounded rate. Holds primitives
 * and copies only, never live tensors, so any thread may keep and read it.
 *
 * @param state          life-cycle state
 * @param message        why the session is in that state (divergence, failure), or empty
 * @param step           steps taken
 * @param stepLimit      step budget, 0 for none
 * @param trainLoss      last training loss
 * @param valLoss        last validation loss (NaN before the first)
 * @param learningRate   η
 * @param width          H
 * @param alpha          noise tail index
 * @param updateNoise    update-noise scale
 * @param labelNoise     label-noise scale
 * @param clipNorm       clipping threshold (0 = off)
 * @param gradNorm       last gradient norm
 * @param stepsPerSecond measured training speed
 * @param meanGates      per unit, the mean update fraction on the probe batch (length H)
 * @param gateMatrix     update fractions s_{t,q} of the first probe sequence, row-major T×H
 * @param gateLength     T of {@code gateMatrix}
 */
public record SessionSnapshot(SessionState state, String message, long step, long stepLimit, double trainLoss,
                              double valLoss, double learningRate, int width, double alpha, double updateNoise,
                              double labelNoise, double clipNorm, double gradNorm, double stepsPerSecond,
                              double[] meanGates, double[] gateMatrix, int gateLength) {

    /** Defensive copies. */
    public SessionSnapshot {
        meanGates = meanGates.clone();
        gateMatrix = gateMatrix.clone();
    }

    @Override
    public double[] meanGates() {
        return meanGates.clone();
    }

    @Override
    public double[] gateMatrix() {
        return gateMatrix.clone();
    }
}
