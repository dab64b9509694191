package org.timescalelab.theory;

/**
 * The learnability window (docs/envelope-and-window.md, "Learnability window").
 *
 * <p>A lag ℓ with signal m̄(ℓ) against α-stable noise of scale σ̂ and tail index α̂ is detectable
 * from N samples when SNR = m̄ N^{1/κ} / σ̂ &gt; ε, κ = α̂/(α̂ − 1). The minimal sample size is
 * N̂(ℓ) = (ε σ̂ / m̄)^κ. {@link WindowEstimate} measures σ̂ on the whole update (the same for every
 * lag) and decides which lags are <i>resolved</i> — told from zero by their own sample; an
 * unresolved lag has no N̂.
 *
 * <p>H_N(N) is the first crossing ({@link #window}): going up the lag grid, the last lag before
 * the first one that is not detectable at N. An unresolved lag is known not to be detectable up to
 * a sample size its estimator gives (its resolution limit), so it ends the window there; beyond
 * that sample size the sample cannot tell, and the window is reported as a lower bound ("≥ ℓ").
 * Our choice, refining the specification's "every resolved lag up to ℓ": skipping unresolved lags
 * would let an isolated long lag that clears the threshold by chance extend the window across a
 * stretch of lags at the noise floor. A window that reaches the end of the grid is a lower bound
 * too. Both rules keep H_N(N) non-decreasing in N.
 *
 * <p>Implementation notes: α̂ is clipped to [1 + 1e−6, 2] so that κ stays finite; N̂ is computed in
 * log space and overflows to +∞ rather than to NaN. Stateless and thread-safe.
 */
public final class Learnability {

    /** Default detection threshold ε. */
    public static final double DEFAULT_THRESHOLD = 20;

    /** SNR at the diagnostic sample size from which a lag counts as resolved. */
    public static final double RESOLUTION_SNR = 3;

    /** Scored steps per sequence below which a lag is bounded by the sequence, not by learnability. */
    public static final int MIN_SCORED_STEPS = 8;

    /**
     * A window: a lag, or a lower bound on it.
     *
     * @param lag      H_N, or its lower bound when {@code censored}
     * @param censored true when the sample cannot tell how far beyond {@code lag} the window reaches
     */
    public record Window(double lag, boolean censored) {

        /** "37", or "≥ 37" for a lower bound. */
        public String describe() {
            return (censored ? "≥ " : "") + String.format("%.0f", lag);
        }
    }

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

    /**
     * The largest sample size at which an unresolved lag is known to be undetectable:
     * n (ε/{@value #RESOLUTION_SNR})^κ.
     */
    public static double resolutionLimit(double diagnosticSamples, double alpha, double threshold) {
        return diagnosticSamples * Math.pow(threshold / RESOLUTION_SNR, kappa(alpha));
    }

    /**
     * H_N(N) by the first crossing over lags in increasing order.
     *
     * @param lags             the lag grid, increasing
     * @param minimalSamples   N̂ per lag (ignored where not resolved)
     * @param resolved         which lags are resolved
     * @param samples          N
     * @param resolutionLimits per lag, the N up to which that lag, unresolved, ends the window
     */
    public static Window window(double[] lags, double[] minimalSamples, boolean[] resolved, double samples,
                                double[] resolutionLimits) {
        double h = 0;
        for (int i = 0; i < lags.length; i++) {
            if (resolved[i]) {
                if (!(minimalSamples[i] <= samples)) {
                    return new Window(h, false);
                }
                h = lags[i];
            } else {
                return new Window(h, !(samples <= resolutionLimits[i]));
            }
        }
        return new Window(h, true);
    }

    /**
     * H_N for a noise-free signal (every lag resolved): the first crossing of N̂(ℓ) ≤ N, not
     * censored below the last lag.
     */
    public static double exactWindow(double[] lags, double[] minimalSamples, double samples) {
        boolean[] all = new boolean[lags.length];
        java.util.Arrays.fill(all, true);
        return window(lags, minimalSamples, all, samples, new double[lags.length]).lag();
    }

    /**
     * What bounds a window (docs/envelope-and-window.md, "What bounds the window"):
     * {@code sequence} when the lag above it has fewer than {@value #MIN_SCORED_STEPS} scored steps
     * per sequence (T − ℓ) or there is none, {@code task} when it lies past the task's longest lag,
     * {@code cannot tell} when the sample cannot tell how far it reaches, else {@code learnability}.
     *
     * @param w              the window
     * @param lagHigh        the grid lag above it (NaN: none)
     * @param sequenceLength T
     * @param taskLag        the task's longest lag (NaN: the task has none)
     */
    public static String bound(Window w, double lagHigh, int sequenceLength, double taskLag) {
        if (Double.isNaN(lagHigh) || sequenceLength - lagHigh < MIN_SCORED_STEPS) {
            return "sequence";
        }
        if (taskLag > 0 && w.lag() > taskLag) {
            return "task";
        }
        return w.censored() ? "cannot tell" : "learnability";
    }

    /**
     * A window in words with its bracket and bound: "37 in [37, 45)", "≥ 61, cannot tell",
     * "≥ 115, sequence-bound", "70 in [70, 78), task-bound". A censored window has no bracket.
     */
    public static String describe(Window w, double lagHigh, String bound) {
        StringBuilder b = new StringBuilder(w.describe());
        if (!w.censored() && Double.isFinite(lagHigh)) {
            b.append(String.format(" in [%.0f, %.0f)", w.lag(), lagHigh));
        }
        switch (bound) {
            case "learnability":
                break;
            case "cannot tell":
                b.append(", cannot tell");
                break;
            default:
                b.append(", ").append(bound).append("-bound");
        }
        return b.toString();
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
     * Ordinary least squares of y on x over the points where {@code use} holds and both are finite.
     *
     * @return {slope, intercept, points}; slope NaN with fewer than 3 points
     */
    public static double[] regression(double[] x, double[] y, boolean[] use) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (use[i] && Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                sx += x[i];
                sy += y[i];
                sxx += x[i] * x[i];
                sxy += x[i] * y[i];
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
     * constant fixed by the threshold — and H_N is the first crossing. Used for spectra that come
     * without a network (the time-scale SDE), where f(0) = 1.
     */
    public static double[] impliedWindows(double[] lags, double[] envelope, double alpha, double threshold,
                                          double[] sampleGrid) {
        double[] minimal = new double[lags.length];
        for (int i = 0; i < lags.length; i++) {
            minimal[i] = minimalSamples(envelope[i], 1, alpha, threshold);
        }
        double[] h = new double[sampleGrid.length];
        for (int i = 0; i < sampleGrid.length; i++) {
            h[i] = exactWindow(lags, minimal, sampleGrid[i]);
        }
        return h;
    }
}
