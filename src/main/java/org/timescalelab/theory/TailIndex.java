package org.timescalelab.theory;

import java.util.Arrays;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Estimators of the tail index α and scale σ of a symmetric α-stable sample (docs/envelope-and-window.md, "Learnability window"
 * step 2), and the concentration exponent κ_α = α/(α − 1).
 *
 * <ul>
 *   <li><b>Koutrouvelis regression</b> on the empirical characteristic function: with
 *       |φ̂(t)|² = (mean cos tx)² + (mean sin tx)², SαS(α, σ) gives
 *       ln(−ln|φ̂|²) = ln(2σ^α) + α ln t. The grid is 50 log-spaced points t from 0.05/s to 3/s,
 *       s = IQR/1.349 (log spacing is our choice: the regression is in ln t); points with
 *       0.01 &lt; |φ̂|² &lt; 0.95 are kept (at least 5, else 1e−4 &lt; |φ̂|² &lt; 0.999, at least 3,
 *       else the estimate fails); weighted least squares with weights exp(−2(ln|φ̂|² + 0.7)²);
 *       α̂ = slope clipped to [1, 2], σ̂ = (e^{intercept}/2)^{1/α̂}.</li>
 *   <li><b>McCulloch quantile ratio</b> ν = (q95 − q05)/(q75 − q25), inverted on a table of
 *       the same ratio computed from {@link StableLaw}'s quantiles (α from 1 to 2; α = 1 is the
 *       Cauchy law, tan(π(p − ½))), with σ̂ = (q75 − q25)/(2 q75(α̂)) and a bootstrap
 *       interval.</li>
 * </ul>
 * Estimates from fewer than {@link #RELIABLE_SIZE} values are flagged unreliable.
 *
 * <p>Stateless and thread-safe (the McCulloch table is built once, lazily).
 */
public final class TailIndex {

    /** Sample size below which an estimate is flagged unreliable. */
    public static final int RELIABLE_SIZE = 500;

    /** Points of the characteristic-function grid. */
    static final int GRID = 50;

    /**
     * An estimate of α and σ.
     *
     * @param alpha    α̂ in [1, 2]
     * @param scale    σ̂
     * @param method   "ecf" or "mcculloch"
     * @param ok       false when the estimator could not produce a value (α̂, σ̂ are then NaN)
     * @param reliable whether the sample was large enough ({@value #RELIABLE_SIZE})
     * @param points   grid points used by the regression (0 for McCulloch)
     */
    public record Estimate(double alpha, double scale, String method, boolean ok, boolean reliable, int points) {
    }

    /**
     * A McCulloch estimate with a bootstrap percentile interval.
     *
     * @param estimate the point estimate
     * @param alphaLow  lower end of the 90% interval of α̂
     * @param alphaHigh upper end of the 90% interval of α̂
     */
    public record Interval(Estimate estimate, double alphaLow, double alphaHigh) {
    }

    private TailIndex() {
    }

    /** κ_α = α/(α − 1), the concentration exponent: means of N draws fluctuate like N^{−1/κ}. */
    public static double kappa(double alpha) {
        return alpha / (alpha - 1);
    }

    /** Koutrouvelis's regression on the empirical characteristic function. */
    public static Estimate koutrouvelis(double[] sample) {
        double s = iqr(sample) / 1.349;
        boolean reliable = sample.length >= RELIABLE_SIZE;
        if (!(s > 0) || sample.length < 2) {
            return new Estimate(Double.NaN, Double.NaN, "ecf", false, reliable, 0);
        }
        double[] lnT = characteristicGrid(s);
        double[] mod2 = new double[GRID];
        for (int k = 0; k < GRID; k++) {
            double t = Math.exp(lnT[k]);
            double c = 0;
            double sn = 0;
            for (double x : sample) {
                c += Math.cos(t * x);
                sn += Math.sin(t * x);
            }
            c /= sample.length;
            sn /= sample.length;
            mod2[k] = c * c + sn * sn;
        }
        double[] fit = characteristicFit(lnT, mod2);
        if (fit == null) {
            return new Estimate(Double.NaN, Double.NaN, "ecf", false, reliable, 0);
        }
        double alpha = Math.min(2, Math.max(1, fit[1]));
        double scale = Math.pow(Math.exp(fit[0]) / 2, 1 / alpha);
        return new Estimate(alpha, scale, "ecf", true, reliable, (int) fit[2]);
    }

    /** The regression's grid: ln t for {@value #GRID} log-spaced t from 0.05/s to 3/s. */
    static double[] characteristicGrid(double s) {
        double[] lnT = new double[GRID];
        double lo = Math.log(0.05 / s);
        double hi = Math.log(3 / s);
        for (int k = 0; k < GRID; k++) {
            lnT[k] = lo + (hi - lo) * k / (GRID - 1);
        }
        return lnT;
    }

    /**
     * The weighted regression of ln(−ln|φ̂|²) on ln t with the specification's two windows of kept
     * points: {intercept, slope, points}, or null when neither window has enough points.
     */
    static double[] characteristicFit(double[] lnT, double[] mod2) {
        double[] fit = weightedFit(lnT, mod2, 0.01, 0.95, 5);
        return fit != null ? fit : weightedFit(lnT, mod2, 1e-4, 0.999, 3);
    }

    /** Weighted least squares of ln(−ln|φ̂|²) on ln t over the kept points: {intercept, slope, n}. */
    private static double[] weightedFit(double[] lnT, double[] mod2, double lo, double hi, int minPoints) {
        double sw = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        for (int k = 0; k < lnT.length; k++) {
            if (mod2[k] > lo && mod2[k] < hi) {
                double lnMod = Math.log(mod2[k]);
                double y = Math.log(-lnMod);
                double w = Math.exp(-2 * (lnMod + 0.7) * (lnMod + 0.7));
                sw += w;
                sx += w * lnT[k];
                sy += w * y;
                sxx += w * lnT[k] * lnT[k];
                sxy += w * lnT[k] * y;
                n++;
            }
        }
        double det = sw * sxx - sx * sx;
        if (n < minPoints || !(det > 0)) {
            return null;
        }
        double slope = (sw * sxy - sx * sy) / det;
        double intercept = (sy - slope * sx) / sw;
        return new double[] {intercept, slope, n};
    }

    /** McCulloch's quantile-ratio estimate. */
    public static Estimate mcCulloch(double[] sample) {
        boolean reliable = sample.length >= RELIABLE_SIZE;
        double[] sorted = sample.clone();
        Arrays.sort(sorted);
        double q05 = quantile(sorted, 0.05);
        double q25 = quantile(sorted, 0.25);
        double q75 = quantile(sorted, 0.75);
        double q95 = quantile(sorted, 0.95);
        double spread = q75 - q25;
        if (!(spread > 0)) {
            return new Estimate(Double.NaN, Double.NaN, "mcculloch", false, reliable, 0);
        }
        double alpha = McCullochTable.INSTANCE.alphaFor((q95 - q05) / spread);
        double scale = spread / (2 * McCullochTable.INSTANCE.q75(alpha));
        return new Estimate(alpha, scale, "mcculloch", true, reliable, 0);
    }

    /** McCulloch's estimate with a bootstrap 90% percentile interval of α̂ from {@code resamples} resamples. */
    public static Interval mcCullochInterval(double[] sample, int resamples, UniformRandomProvider rng) {
        Estimate point = mcCulloch(sample);
        double[] sorted = sample.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double[] alphas = new double[resamples];
        int[] counts = new int[n];
        double[] probs = {0.05, 0.25, 0.75, 0.95};
        for (int b = 0; b < resamples; b++) {
            // A resample as counts over the sorted values: its quantiles in O(n), without a sort.
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[rng.nextInt(n)]++;
            }
            double[] q = new double[probs.length];
            for (int k = 0; k < probs.length; k++) {
                q[k] = countedQuantile(sorted, counts, n, probs[k]);
            }
            double spread = q[2] - q[1];
            alphas[b] = spread > 0 ? McCullochTable.INSTANCE.alphaFor((q[3] - q[0]) / spread) : Double.NaN;
        }
        alphas = Arrays.stream(alphas).filter(Double::isFinite).toArray();
        if (alphas.length == 0) {
            return new Interval(point, Double.NaN, Double.NaN);
        }
        Arrays.sort(alphas);
        return new Interval(point, quantile(alphas, 0.05), quantile(alphas, 0.95));
    }

    /** The preferred estimate: ECF, falling back to McCulloch when the regression fails. */
    public static Estimate estimate(double[] sample) {
        Estimate e = koutrouvelis(sample);
        return e.ok() ? e : mcCulloch(sample);
    }

    static double iqr(double[] sample) {
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        p.setData(sample);
        return p.evaluate(75) - p.evaluate(25);
    }

    /** The type-7 quantile of sorted values each repeated counts[j] times ({@code total} values in all). */
    static double countedQuantile(double[] sorted, int[] counts, long total, double p) {
        double h = p * (total - 1);
        long lo = (long) Math.floor(h);
        double below = Double.NaN;
        double above = Double.NaN;
        long seen = 0;
        for (int j = 0; j < sorted.length && Double.isNaN(above); j++) {
            long next = seen + counts[j];
            if (Double.isNaN(below) && lo < next) {
                below = sorted[j];
            }
            if (lo + 1 < next) {
                above = sorted[j];
            }
            seen = next;
        }
        if (Double.isNaN(above)) {
            above = below;
        }
        return below + (h - lo) * (above - below);
    }

    /** Linear-interpolation quantile (type 7) of sorted values. */
    static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** ν(α) = q95/q75 of SαS(α, 1) on a grid of α, built from {@link StableLaw} once. */
    static final class McCullochTable {
        static final McCullochTable INSTANCE = new McCullochTable();
        private static final double STEP = 0.01;

        private final double[] alpha;
        private final double[] ratio;
        private final double[] upperQuartile;

        private McCullochTable() {
            int n = (int) Math.round(1 / STEP) + 1;
            alpha = new double[n];
            ratio = new double[n];
            upperQuartile = new double[n];
            for (int i = 0; i < n; i++) {
                double a = 1 + i * STEP;
                alpha[i] = a;
                if (i == 0) {
                    upperQuartile[i] = Math.tan(Math.PI * 0.25);
                    ratio[i] = Math.tan(Math.PI * 0.45) / upperQuartile[i];
                } else {
                    StableLaw law = StableLaw.of(Math.min(2, a));
                    upperQuartile[i] = law.quantile(0.75);
                    ratio[i] = law.quantile(0.95) / upperQuartile[i];
                }
            }
        }

        /** α for a ratio, by linear interpolation; ratios beyond the table clip to α = 1 or 2. */
        double alphaFor(double nu) {
            if (nu >= ratio[0]) {
                return 1;
            }
            if (nu <= ratio[ratio.length - 1]) {
                return 2;
            }
            for (int i = 1; i < ratio.length; i++) {
                if (nu >= ratio[i]) {
                    double w = (ratio[i - 1] - nu) / (ratio[i - 1] - ratio[i]);
                    return alpha[i - 1] + w * (alpha[i] - alpha[i - 1]);
                }
            }
            return 2;
        }

        /** q75 of SαS(α, 1), interpolated. */
        double q75(double a) {
            double pos = (a - 1) / STEP;
            int i = Math.min(upperQuartile.length - 2, (int) Math.floor(pos));
            double w = pos - i;
            return upperQuartile[i] + w * (upperQuartile[i + 1] - upperQuartile[i]);
        }
    }
}
