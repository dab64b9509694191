package org.timescalelab.theory;

import org.apache.commons.math3.special.Gamma;

/**
 * The link from the time-scale spectrum to the envelope (docs/envelope-and-window.md, "From the spectrum to the envelope").
 *
 * <p>A population of exponentially forgetting units with amplitudes A_q and time scales τ_q has
 * envelope f(ℓ) = Σ_q A_q e^{−ℓ/τ_q}; with equal amplitudes this is H·Ā·E[e^{−ℓ/τ}], the Laplace
 * transform of p(τ) in 1/τ. Tauberian asymptotes: if P(τ &gt; x) ~ L x^{−β} then
 * E[e^{−ℓ/τ}] ~ L Γ(1+β) ℓ^{−β}; if P(τ &gt; x) ~ L (ln x)^{−γ} then E[e^{−ℓ/τ}] ~ L (ln ℓ)^{−γ}.
 * Stateless and thread-safe.
 */
public final class Laplace {

    private Laplace() {
    }

    /** f(ℓ) = Σ_q A_q e^{−ℓ/τ_q} at each lag; units with τ_q ≤ 0 or NaN are skipped. */
    public static double[] envelope(double[] amplitudes, double[] tau, double[] lags) {
        double[] f = new double[lags.length];
        for (int i = 0; i < lags.length; i++) {
            double sum = 0;
            for (int q = 0; q < tau.length; q++) {
                if (tau[q] > 0) {
                    sum += amplitudes[q] * Math.exp(-lags[i] / tau[q]);
                }
            }
            f[i] = sum;
        }
        return f;
    }

    /** The sample Laplace transform (1/n) Σ_i e^{−ℓ/τ_i} at each lag. */
    public static double[] meanEnvelope(double[] tau, double[] lags) {
        double[] ones = new double[tau.length];
        java.util.Arrays.fill(ones, 1.0 / tau.length);
        return envelope(ones, tau, lags);
    }

    /** The power-law Tauberian asymptote L Γ(1+β) ℓ^{−β}. */
    public static double powerAsymptote(double amplitude, double beta, double lag) {
        return amplitude * Gamma.gamma(1 + beta) * Math.pow(lag, -beta);
    }

    /** The logarithmic Tauberian asymptote L (ln ℓ)^{−γ}. */
    public static double logarithmicAsymptote(double amplitude, double gamma, double lag) {
        return amplitude * Math.pow(Math.log(lag), -gamma);
    }

    /**
     * The exact Laplace transform of a Pareto spectrum on [1, ∞), P(τ &gt; x) = x^{−β}:
     * E[e^{−ℓ/τ}] = β ℓ^{−β} γ(β, ℓ) with γ the lower incomplete gamma function.
     */
    public static double paretoEnvelope(double beta, double lag) {
        return beta * Math.pow(lag, -beta) * Gamma.regularizedGammaP(beta, lag) * Gamma.gamma(beta);
    }
}
