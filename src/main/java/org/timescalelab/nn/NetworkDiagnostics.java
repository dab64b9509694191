package org.timescalelab.nn;

import org.timescalelab.theory.Anisotropy;
import org.timescalelab.theory.EffectiveRates;

/**
 * The network-side results of a diagnostics pass: primitives only.
 *
 * @param width      H
 * @param length     T
 * @param rates      envelope, gate-only envelope, γ1 share and per-unit profiles
 * @param psi        matched statistic ψ_n(ℓ) along each direction, [n][direction][lag index]
 * @param whole      the whole update term g_n along each direction, [n][direction]
 * @param taskLag    the task's longest lag (NaN when the task has none): what bounds the window
 * @param lambda     per unit, the row-mean learning rate Λ^(q)
 * @param tauGate    per unit, the cheap time scale −1/ln(1 − s̄_q) from the mean update fraction
 * @param exactLags  lags of the exact diagonal transport
 * @param exact      Σ_q |Λ^(q) e^(q) [M]_qq| at those lags, averaged over the exact sequences
 * @param expansion  the first-order expansion Σ_q |μ^(q)| on the same windows as {@code exact}
 * @param jacobianAnisotropy docs/anisotropy.md measures of the Jacobian product M at the longest exact lag
 * @param gradientAnisotropy docs/anisotropy.md measures of the per-example gradient covariance (null when
 *                           fewer than 2 gradient samples were asked for)
 */
public record NetworkDiagnostics(int width, int length, EffectiveRates.Result rates, double[][][] psi, double[][] whole,
                                 double taskLag, double[] lambda,
                                 double[] tauGate, int[] exactLags, double[] exact, double[] expansion,
                                 Anisotropy jacobianAnisotropy, Anisotropy gradientAnisotropy) {

    /** The same results with the lag and whole terms of a larger diagnostic set and the task's longest lag. */
    NetworkDiagnostics with(double[][][] allPsi, double[][] allWhole, double longestLag) {
        return new NetworkDiagnostics(width, length, rates, allPsi, allWhole, longestLag, lambda, tauGate, exactLags,
                exact, expansion, jacobianAnisotropy, gradientAnisotropy);
    }
}
