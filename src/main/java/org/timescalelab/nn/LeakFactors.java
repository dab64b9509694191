package org.timescalelab.nn;

/**
 * The split J_j = diag(a_j) + B_j of docs/models.md, "Leak and correction", per step and unit, time-major (T·B)×H.
 *
 * @param a   the leak a_j^(q)
 * @param r   the diagonal of the rest, r_j^(q)
 * @param end the LSTM's read-out factor e_j = o_j ⊙ tanh'(c_j), applied at a window's end; null
 *            for the other architectures
 */
record LeakFactors(double[] a, double[] r, double[] end) {
}
