package org.timescalelab.nn;

/**
 * Settings of a diagnostics pass (docs/envelope-and-window.md).
 *
 * @param lags               the lag grid, each in 1..T−1
 * @param sequences          N_diag, sequences of the diagnostic set
 * @param envelopeSequences  how many of them the envelope and per-unit profiles average over
 *                           (all window starts of each); the matched statistic uses all N_diag
 * @param directions         K, random unit parameter directions: one tangent and one ψ per direction
 * @param lambdaMode         how Λ^(q) is read from an adaptive optimizer
 * @param exactLags          lags at which the exact diagonal transport is computed
 * @param exactSequences     sequences the exact transport averages over
 * @param gradientSamples    per-example gradients for the gradient-covariance anisotropy (0 = skip)
 * @param seed               seed of the diagnostic sequences, directions and label noise; negative: derived
 *                           from the learner's data and noise seeds
 */
public record DiagnosticSettings(int[] lags, int sequences, int envelopeSequences, int directions,
                                 LambdaMode lambdaMode, int[] exactLags, int exactSequences, int gradientSamples,
                                 long seed) {

    /** Defensive copies. */
    public DiagnosticSettings {
        lags = lags.clone();
        exactLags = exactLags.clone();
    }

    @Override
    public int[] lags() {
        return lags.clone();
    }

    @Override
    public int[] exactLags() {
        return exactLags.clone();
    }

    /** Whether the sample is derived from the learner's seeds rather than from {@link #seed}. */
    public boolean derivedSeed() {
        return seed < 0;
    }

    /** A seed of its own for each (seed, step) pair: the SplitMix64 finaliser of seed + step·golden ratio. */
    public static long mix(long seed, long step) {
        long z = seed + step * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
