package org.timescalelab.theory;

import java.util.Arrays;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The tail of a time-scale spectrum (docs/envelope-and-window.md, "The time-scale spectrum"): P(τ &gt; x) ~ L x^{−β}.
 *
 * <ul>
 *   <li><b>Survival-function fit</b>: least squares of ln S(τ) on ln τ over the empirical survival
 *       function S(τ_(i)) = (n − i)/n at the sorted values between a lower cut and the 99.5%
 *       quantile (at least 8 points); β̂ = −slope, L̂ = e^{intercept}. The lower cut is the 75%
 *       quantile, or, when at least {@value #SCAN_TAIL} values lie above it, the start x_min ≥ q75
 *       that minimises the Kolmogorov–Smirnov distance between the values above it and a Pareto law
 *       fitted to them by maximum likelihood (Clauset, Shalizi, Newman 2009, §3.3): a layer of
 *       diffusion near the wall τ = 1 can hold more than a quarter of the mass, and the 75% point
 *       then lies inside it. Fewer tail values make the scan pick noise, so a network's H units
 *       keep q75. A bootstrap (2000 resamples by default) gives the 90% percentile interval and
 *       P(β̂ &lt; 1); each resample is cut at the same quantile level as the full sample.</li>
 *   <li><b>Hill estimator</b> on the top k values: β̂ = k / Σ_{i&lt;k} ln(x_(n−i)/x_(n−k)).</li>
 *   <li><b>Power law against log-normal</b> (Clauset, Shalizi, Newman 2009, §5): both fitted by
 *       maximum likelihood to the values above x_min = the 75% quantile (see {@link #compare}), then Vuong's normalised
 *       log-likelihood ratio R/(σ√n) and its two-sided p-value. R &gt; 0 favours the power law.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class SpectrumTail {

    /** Default bootstrap resamples. */
    public static final int DEFAULT_RESAMPLES = 2000;

    /** Values above the 75% quantile from which the lower cut is chosen by the KS scan. */
    public static final int SCAN_TAIL = 100;

    /** Fewest values above a scanned cut. */
    private static final int MIN_SCAN_TAIL = 50;

    /** Most candidate cuts the KS scan tries. */
    private static final int SCAN_POINTS = 400;

    /**
     * The survival-function fit of the tail exponent.
     *
     * @param beta       β̂
     * @param amplitude  L̂ of P(τ &gt; x) ≈ L x^{−β}
     * @param low        5% bootstrap quantile of β̂
     * @param high       95% bootstrap quantile of β̂
     * @param probBelowOne bootstrap P(β̂ &lt; 1) (a broad, "critical or heavier" spectrum)
     * @param points     points in the fit
     * @param ok         false when too few points (β̂ NaN)
     * @param xMin       the lower cut of the fit (the tail's start)
     */
    public record Fit(double beta, double amplitude, double low, double high, double probBelowOne, int points,
                      boolean ok, double xMin) {
    }

    /**
     * The power-law versus log-normal comparison.
     *
     * @param ratio      normalised log-likelihood ratio R/(σ√n); &gt; 0 favours the power law
     * @param pValue     two-sided p-value of the ratio's sign
     * @param preferred  "power law", "log-normal" or "undecided" (p ≥ 0.1)
     * @param xMin       lower end of the tail compared
     * @param tailSize   values compared
     */
    public record Comparison(double ratio, double pValue, String preferred, double xMin, int tailSize) {
    }

    private SpectrumTail() {
    }

    /** β̂ by the survival-function fit with a bootstrap. */
    public static Fit fit(double[] values, int resamples, UniformRandomProvider rng) {
        double[] sorted = positiveSorted(values);
        int n = sorted.length;
        double level = n < 8 ? 0.75 : cutLevel(sorted);
        double[] point = survivalFit(sorted, level);
        if (point == null) {
            return new Fit(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, false, Double.NaN);
        }
        double[] betas = new double[resamples];
        int valid = 0;
        int below = 0;
        int[] counts = new int[n];
        double[] resample = new double[n];
        for (int b = 0; b < resamples; b++) {
            java.util.Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[rng.nextInt(n)]++;
            }
            // The resample in sorted order without sorting: each value as often as it was drawn.
            int k = 0;
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < counts[i]; c++) {
                    resample[k++] = sorted[i];
                }
            }
            double[] f = survivalFit(resample, level);
            if (f != null) {
                betas[valid++] = f[0];
                below += f[0] < 1 ? 1 : 0;
            }
        }
        double[] iv = Bootstrap.interval(point[0], Arrays.copyOf(betas, valid));
        return new Fit(point[0], point[1], iv[0], iv[1], valid > 0 ? (double) below / valid : Double.NaN,
                (int) point[2], true, TailIndex.quantile(sorted, level));
    }

    /**
     * The quantile level of the lower cut: 0.75, or the KS-scan's x_min ≥ q75 as a level when at least
     * {@value #SCAN_TAIL} values lie above q75.
     */
    static double cutLevel(double[] sorted) {
        int n = sorted.length;
        int start = (int) Math.ceil(0.75 * (n - 1));
        if (n - start < SCAN_TAIL) {
            return 0.75;
        }
        int best = -1;
        double bestD = Double.POSITIVE_INFINITY;
        // At most SCAN_POINTS candidate cuts, evenly spaced in rank: the scan stays O(n) per candidate.
        int stride = Math.max(1, (n - MIN_SCAN_TAIL - start) / SCAN_POINTS);
        for (int j = start; j <= n - MIN_SCAN_TAIL; j += stride) {
            if (j > 0 && sorted[j] == sorted[j - 1]) {
                continue;
            }
            double d = paretoDistance(sorted, j);
            if (d < bestD) {
                bestD = d;
                best = j;
            }
        }
        return best < 0 ? 0.75 : Math.max(0.75, (double) best / (n - 1));
    }

    /** The KS distance between the values from index j on and the Pareto law fitted to them by ML. */
    private static double paretoDistance(double[] sorted, int j) {
        int m = sorted.length - j;
        double xMin = sorted[j];
        double sumLog = 0;
        for (int i = j; i < sorted.length; i++) {
            sumLog += Math.log(sorted[i] / xMin);
        }
        if (!(sumLog > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double beta = m / sumLog;
        double d = 0;
        for (int i = j; i < sorted.length; i++) {
            double model = 1 - Math.pow(sorted[i] / xMin, -beta);
            double below = (double) (i - j) / m;
            double above = (double) (i - j + 1) / m;
            d = Math.max(d, Math.max(Math.abs(model - below), Math.abs(above - model)));
        }
        return d;
    }

    /**
     * The empirical survival function P(τ &gt; x) = (n − 1 − i)/n at each sorted value x_i but the
     * largest (whose value, 0, no log axis shows), as {x, P}: what the spectrum charts draw.
     */
    public static double[][] survival(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = Math.max(0, sorted.length - 1);
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = (double) (sorted.length - 1 - i) / sorted.length;
        }
        return new double[][] {Arrays.copyOf(sorted, n), p};
    }

    /** {β, L, points} of the survival-function fit of sorted positive values from the 75% quantile, or null. */
    static double[] survivalFit(double[] sorted) {
        return survivalFit(sorted, 0.75);
    }

    /** {β, L, points} of the survival-function fit from the quantile at {@code level} to the 99.5% quantile, or null. */
    static double[] survivalFit(double[] sorted, double level) {
        int n = sorted.length;
        if (n < 8) {
            return null;
        }
        double lo = TailIndex.quantile(sorted, level);
        double hi = TailIndex.quantile(sorted, 0.995);
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int m = 0;
        for (int i = 0; i < n - 1; i++) {
            if (sorted[i] >= lo && sorted[i] <= hi && sorted[i + 1] > sorted[i]) {
                double x = Math.log(sorted[i]);
                double y = Math.log((double) (n - 1 - i) / n);
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
                m++;
            }
        }
        double det = m * sxx - sx * sx;
        if (m < 8 || !(det > 0)) {
            return null;
        }
        double slope = (m * sxy - sx * sy) / det;
        double intercept = (sy - slope * sx) / m;
        return new double[] {-slope, Math.exp(intercept), m};
    }

    /** The Hill estimate of β from the top k values (k ≥ 2, k &lt; n). */
    public static double hill(double[] values, int k) {
        double[] sorted = positiveSorted(values);
        int n = sorted.length;
        if (k < 2 || k >= n) {
            throw new IllegalArgumentException("Hill estimator needs 2 ≤ k < n, got k=" + k + ", n=" + n);
        }
        double threshold = sorted[n - 1 - k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += Math.log(sorted[n - 1 - i] / threshold);
        }
        return k / sum;
    }

    /** The default Hill k: the top 10% (at least 10, at most n − 1). */
    public static int defaultHillK(int n) {
        return Math.max(2, Math.min(n - 1, Math.max(10, n / 10)));
    }

    /**
     * The power-law versus log-normal likelihood-ratio test on the values above the 75% quantile.
     * Not the survival fit's scanned cut: a KS scan moves x_min up to where a log-normal's tail looks
     * straight, which is where the two laws cannot be told apart.
     */
    public static Comparison compare(double[] values) {
        double[] sorted = positiveSorted(values);
        if (sorted.length < 10) {
            return new Comparison(Double.NaN, Double.NaN, "undecided", Double.NaN, sorted.length);
        }
        double xMin = TailIndex.quantile(sorted, 0.75);
        double[] tail = Arrays.stream(sorted).filter(x -> x >= xMin).toArray();
        int n = tail.length;
        if (n < 10) {
            return new Comparison(Double.NaN, Double.NaN, "undecided", xMin, n);
        }
        double sumLog = 0;
        for (double x : tail) {
            sumLog += Math.log(x / xMin);
        }
        double a = 1 + n / sumLog;
        double[] ln = logNormalFit(tail, xMin);
        double tailMass = upperNormalTail((Math.log(xMin) - ln[0]) / ln[1]);
        double[] diff = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            double x = tail[i];
            double lpPower = Math.log((a - 1) / xMin) - a * Math.log(x / xMin);
            double z = (Math.log(x) - ln[0]) / ln[1];
            double lpLogNormal = -Math.log(x * ln[1] * Math.sqrt(2 * Math.PI)) - 0.5 * z * z - Math.log(tailMass);
            diff[i] = lpPower - lpLogNormal;
            mean += diff[i] / n;
        }
        double var = 0;
        for (double d : diff) {
            var += (d - mean) * (d - mean) / n;
        }
        double ratio = var > 0 ? mean * n / (Math.sqrt(var) * Math.sqrt(n)) : 0;
        double p = Erf.erfc(Math.abs(ratio) / Math.sqrt(2));
        String preferred = p >= 0.1 ? "undecided" : ratio > 0 ? "power law" : "log-normal";
        return new Comparison(ratio, p, preferred, xMin, n);
    }

    /** Maximum-likelihood μ, σ of a log-normal truncated below at xMin. */
    private static double[] logNormalFit(double[] tail, double xMin) {
        double m = 0;
        for (double x : tail) {
            m += Math.log(x) / tail.length;
        }
        double v = 0;
        for (double x : tail) {
            v += (Math.log(x) - m) * (Math.log(x) - m) / tail.length;
        }
        double s0 = Math.sqrt(Math.max(v, 1e-6));
        double lnMin = Math.log(xMin);
        MultivariateFunction nll = p -> {
            double mu = p[0];
            double sigma = Math.exp(p[1]);
            double mass = upperNormalTail((lnMin - mu) / sigma);
            if (!(mass > 1e-300)) {
                return 1e300;
            }
            double sum = 0;
            for (double x : tail) {
                double z = (Math.log(x) - mu) / sigma;
                sum += Math.log(sigma) + 0.5 * z * z;
            }
            return sum + tail.length * Math.log(mass);
        };
        PointValuePair best = new SimplexOptimizer(1e-10, 1e-12).optimize(new MaxEval(20_000),
                new ObjectiveFunction(nll), GoalType.MINIMIZE, new InitialGuess(new double[] {m, Math.log(s0)}),
                new NelderMeadSimplex(new double[] {0.5 * s0, 0.5}));
        return new double[] {best.getPoint()[0], Math.exp(best.getPoint()[1])};
    }

    /** P(Z &gt; z) for a standard normal Z, accurate far into the upper tail. */
    private static double upperNormalTail(double z) {
        return 0.5 * Erf.erfc(z / Math.sqrt(2));
    }

    private static double[] positiveSorted(double[] values) {
        double[] s = Arrays.stream(values).filter(x -> x > 0 && Double.isFinite(x)).toArray();
        Arrays.sort(s);
        return s;
    }

    /**
     * What a spectrum's tail is, in words (docs/envelope-and-window.md, "The spectrum's tail"): β̂ is
     * offered as a tail exponent only when the power-law vs log-normal comparison prefers the power
     * law; undecided, the units cannot tell the two apart at this width (with 64 units the comparison
     * is undecided for most log-normal samples, whose β̂ then reads like a broad power law), and an
     * envelope classed as a power law is no evidence for one.
     *
     * @param units         the spectrum's size H
     * @param powerEnvelope whether the envelope was classed as a power law
     */
    public static String verdict(Fit fit, Comparison comparison, int units, boolean powerEnvelope) {
        return verdict(fit, comparison, units, powerEnvelope, false);
    }

    /**
     * {@link #verdict(Fit, Comparison, int, boolean)}, or in two short lines for a chart's annotation
     * ({@code chart}), which has room for about 30 characters a line at 1280×720.
     */
    public static String verdict(Fit fit, Comparison comparison, int units, boolean powerEnvelope, boolean chart) {
        if (chart) {
            String beta = fit.ok() ? String.format("β̂ = %.2f [%.2f, %.2f]", fit.beta(), fit.low(), fit.high()) : "no β̂";
            switch (comparison.preferred()) {
                case "power law":
                    return "power-law tail\n" + beta;
                case "log-normal":
                    return "log-normal preferred:\nβ̂ is no tail exponent";
                default:
                    return "power law or log-normal?\ncannot tell at H = " + units;
            }
        }
        String beta = fit.ok() ? String.format("β̂ = %.2f [%.2f, %.2f]", fit.beta(), fit.low(), fit.high()) : "no β̂";
        switch (comparison.preferred()) {
            case "power law":
                return "power-law tail, " + beta;
            case "log-normal":
                return String.format("log-normal preferred (p = %.2g): %s is the slope of the top quarter, not a tail exponent",
                        comparison.pValue(), beta);
            default:
                return "cannot tell a power-law tail from a log-normal at H = " + units + " (" + beta
                        + " is the slope of the top quarter" + (powerEnvelope ? "; the envelope's power law does not imply one)" : ")");
        }
    }
}
