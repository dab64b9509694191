package org.timescalelab.theory;

import java.util.Arrays;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Bias-corrected percentile intervals (Efron's BC) of a bootstrap (docs/envelope-and-window.md,
 * "Uncertainty").
 *
 * <p>With z₀ = Φ⁻¹(share of resamples below the point estimate, ties counted half), the 90 %
 * interval takes the resamples' quantiles at Φ(2z₀ ∓ 1.645) instead of 5 % and 95 %. Where the
 * estimator is biased — α̂ drawn toward 2 by samples too small to show the tail, |mean| inflated
 * by noise — the resamples are shifted from the estimate as the estimate is from the truth, and the
 * plain percentile interval misses on one side (measured: 0.61–0.67 coverage at α = 1.95, n = 256);
 * BC moves the interval back. With z₀ = 0 it is the percentile interval. Resamples that failed
 * (NaN) are dropped; +∞ is a value ("cannot tell"). Stateless and thread-safe.
 */
public final class Bootstrap {

    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);
    /** The normal's 95 % point: a two-sided 90 % interval is ±Z90 standard deviations. */
    static final double Z90 = 1.6448536269514722;

    private Bootstrap() {
    }

    /** The 90 % BC interval {low, high} of {@code point} from its resamples; NaN when none. */
    public static double[] interval(double point, double[] resamples) {
        double[] v = Arrays.stream(resamples).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0 || Double.isNaN(point)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double below = 0;
        for (double x : v) {
            below += x < point ? 1 : x == point ? 0.5 : 0;
        }
        double share = Math.min(1 - 0.5 / v.length, Math.max(0.5 / v.length, below / v.length));
        double z0 = NORMAL.inverseCumulativeProbability(share);
        return new double[] {quantile(v, NORMAL.cumulativeProbability(2 * z0 - Z90)),
            quantile(v, NORMAL.cumulativeProbability(2 * z0 + Z90))};
    }

    /** The plain 90 % percentile interval {5 %, 95 %} (NaN dropped, +∞ kept); NaN when none. */
    public static double[] percentile(double[] resamples) {
        double[] v = Arrays.stream(resamples).filter(x -> !Double.isNaN(x)).sorted().toArray();
        return v.length == 0 ? new double[] {Double.NaN, Double.NaN} : new double[] {quantile(v, 0.05), quantile(v, 0.95)};
    }

    /** The type-7 quantile of sorted values, +∞ where the neighbouring values are. */
    private static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        if (Double.isInfinite(sorted[lo]) || Double.isInfinite(sorted[hi])) {
            return pos - lo < 0.5 ? sorted[lo] : sorted[hi];
        }
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
