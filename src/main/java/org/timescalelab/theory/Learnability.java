package org.timescalelab.theory;

/**
 * The learnability window (THEORY.md §3.5 steps 3–6).
 *
 * <p>A lag ℓ with matched signal m̄(ℓ) and α-stable fluctuations of scale σ̂(ℓ) and tail index
 * α̂(ℓ) is detectable from N samples when SNR = m̄ N^{1/κ} / σ̂ &gt; ε, κ = α̂/(α̂ − 1). The minimal
 * sample size is N̂(ℓ) = (ε σ̂ / m̄)^κ, and H_N is the largest lag of the grid with N̂(ℓ) ≤ N (0 if
 * none). The master law regresses ln N̂(ℓ) on −κ(ℓ) ln f(ℓ); the theory predicts slope 1.
 *
 * <p>Implementation notes: α̂ is clipped to [1 + 1e−6, 2] so that κ stays finite; N̂ is computed
 * in log space and overflows to +∞ rather than to NaN. Stateless and thread-safe.
 */
public final class Learnability {

    /** Default detection threshold ε. */
    public static final double DEFAULT_THRESHOLD = 20;

    private Learnability() {
    }

    /** κ with α clipped to (1, 2]. */
    public static double kappa(double alpha) {
        double a = Math.min(2, Math.max(1 + 1e-6, alpha));
        return TailIndex.kappa(a);
    }

    /** SNR = m̄ N^{1/κ} / σ̂. */
    public static double snr(double signal, double scale, double alpha, double samples) {
        return signal * Math.pow(samples, 1 / kappa(alpha)) / scale;
    }

    /** N̂(ℓ) = (ε σ̂ / m̄)^κ; +∞ when the signal is zero. */
    public static double minimalSamples(double signal, double scale, double alpha, double threshold) {
        if (!(signal > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double log = kappa(alpha) * Math.log(threshold * scale / signal);
        return log > 700 ? Double.POSITIVE_INFINITY : Math.exp(log);
    }

    /** H_N: the largest lag of the grid whose N̂ is at most N (0 if none). */
    public static double window(double[] lags, double[] minimalSamples, double samples) {
        double best = 0;
        for (int i = 0; i < lags.length; i++) {
            if (minimalSamples[i] <= samples && lags[i] > best) {
                best = lags[i];
            }
        }
        return best;
    }

    /** H_N for each N of a grid. */
    public static double[] windows(double[] lags, double[] minimalSamples, double[] sampleGrid) {
        double[] h = new double[sampleGrid.length];
        for (int i = 0; i < sampleGrid.length; i++) {
            h[i] = window(lags, minimalSamples, sampleGrid[i]);
        }
        return h;
    }

    /** A log-spaced grid of sample sizes from 10^fromExp to 10^toExp with {@code perDecade} points per decade. */
    public static double[] sampleGrid(int fromExp, int toExp, int perDecade) {
        int n = (toExp - fromExp) * perDecade + 1;
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = Math.pow(10, fromExp + (double) i / perDecade);
        }
        return g;
    }

    /**
     * The master-law regression: least squares of ln N̂(ℓ) on x = −κ(ℓ) ln f(ℓ) over lags with a
     * finite N̂ and f &gt; 0.
     *
     * @return {slope, intercept, points}; slope NaN when fewer than 3 points
     */
    public static double[] masterLaw(double[] envelope, double[] alphas, double[] minimalSamples) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        for (int i = 0; i < envelope.length; i++) {
            if (envelope[i] > 0 && Double.isFinite(minimalSamples[i]) && minimalSamples[i] > 0
                    && Double.isFinite(alphas[i])) {
                double x = -kappa(alphas[i]) * Math.log(envelope[i]);
                double y = Math.log(minimalSamples[i]);
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
                n++;
            }
        }
        double det = n * sxx - sx * sx;
        if (n < 3 || !(det > 0)) {
            return new double[] {Double.NaN, Double.NaN, n};
        }
        double slope = (n * sxy - sx * sy) / det;
        return new double[] {slope, (sy - slope * sx) / n, n};
    }

    /**
     * H_N for each N implied by an envelope alone (no measured noise): the signal is f(ℓ) in units
     * of the noise scale, so N̂(ℓ) = (ε / f(ℓ))^{κ_α} — the seed's N(ℓ) ∝ f(ℓ)^{−κ_α} with the
     * constant fixed by the threshold. Used for spectra that come without a network (the
     * time-scale SDE), where f(0) = 1.
     */
    public static double[] impliedWindows(double[] lags, double[] envelope, double alpha, double threshold,
                                          double[] sampleGrid) {
        double[] minimal = new double[lags.length];
        for (int i = 0; i < lags.length; i++) {
            minimal[i] = minimalSamples(envelope[i], 1, alpha, threshold);
        }
        return windows(lags, minimal, sampleGrid);
    }
}
