package org.timescalelab.nn;

/**
 * The update fractions of the probe batch (the cheap time-scale proxy of docs/envelope-and-window.md, "The time-scale spectrum").
 *
 * @param width       H
 * @param length      T
 * @param meanGates   per unit, the mean update fraction s̄_q over the probe batch and time
 * @param gateMatrix  s_{t,q} of the first probe sequence, row-major T×H
 */
public record ProbeView(int width, int length, double[] meanGates, double[] gateMatrix) {

    /** The cheap time scale τ_q = −1/ln(1 − s̄_q) of each unit, in steps. */
    public double[] gateTimescales() {
        double[] tau = new double[width];
        for (int q = 0; q < width; q++) {
            tau[q] = -1.0 / Math.log1p(-meanGates[q]);
        }
        return tau;
    }
}
